/** The project root (where package.json, prisma/ and .next/ live), independent of the cwd. */
import { fileURLToPath } from "node:url";
import path from "node:path";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

export function fromRoot(...parts: string[]): string {
  return path.join(ROOT, ...parts);
}
