/**
 * Where content lives and where compiles are cached, from the environment (read on every call so tests
 * can point at fixtures): `KUBELAB_CONTENT_DIR` (default `<cwd>/content`) and
 * `KUBELAB_CONTENT_CACHE_DIR` (default `<cwd>/.cache/content`; "off" disables the disk cache).
 */
import path from "node:path";
import { z } from "zod";

const envSchema = z.object({
  KUBELAB_CONTENT_DIR: z.string().trim().min(1).optional(),
  KUBELAB_CONTENT_CACHE_DIR: z.string().trim().min(1).optional(),
});

export interface ContentConfig {
  root: string;
  cacheDir: string | null;
}

export function contentConfig(env: Readonly<Record<string, string | undefined>> = process.env): ContentConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) throw new Error(`invalid content configuration: ${parsed.error.issues.map((i) => i.path.join(".")).join(", ")}`);
  const { KUBELAB_CONTENT_DIR: dir, KUBELAB_CONTENT_CACHE_DIR: cache } = parsed.data;
  return {
    // turbopackIgnore: the content root is read at run time; it must not make Next trace the whole project
    root: path.resolve(/*turbopackIgnore: true*/ dir ?? path.join(process.cwd(), "content")),
    cacheDir: cache === "off" ? null : path.resolve(/*turbopackIgnore: true*/ cache ?? path.join(process.cwd(), ".cache", "content")),
  };
}
