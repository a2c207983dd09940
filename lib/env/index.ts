/**
 * Validated configuration. `parseEnv` is pure (give it any record); `getEnv` reads process.env once
 * per process and caches. Guarantees: a returned Env satisfies the schema; on failure an EnvError is
 * thrown whose message names every bad variable ("PORT: expected a port between 1 and 65535").
 */
import { envSchema, type Env } from "./schema";
import { parseDatabaseUrl, type DatabaseTarget } from "../db/url";

export type { Env };
export { envSchema };

export interface EnvIssue {
  variable: string;
  message: string;
}

export class EnvError extends Error {
  override name = "EnvError";
  constructor(readonly issues: EnvIssue[]) {
    super(`Invalid environment:\n${issues.map((i) => `  ${i.variable}: ${i.message}`).join("\n")}`);
  }
}

/** Validates `source` (empty strings count as unset). Throws EnvError. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const cleaned: Record<string, string> = {};
  for (const [key, value] of Object.entries(source)) {
    if (value !== undefined && value !== "") cleaned[key] = value;
  }
  const result = envSchema.safeParse(cleaned);
  if (!result.success) {
    throw new EnvError(
      result.error.issues.map((issue) => {
        const variable = String(issue.path[0] ?? "environment");
        const got = cleaned[variable];
        const shown = got !== undefined && !/SECRET/.test(variable) ? ` (got ${JSON.stringify(got)})` : "";
        return { variable, message: issue.message + shown };
      }),
    );
  }
  return result.data;
}

let cached: Env | undefined;

/** The process's configuration (validated once). */
export function getEnv(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

/** Where the data lives, parsed from DATABASE_URL. */
export function databaseTarget(env: Env = getEnv()): DatabaseTarget {
  return parseDatabaseUrl(env.DATABASE_URL);
}

/** True when the demo instructor should be seeded (explicit flag, else SQLite only). */
export function demoAccountEnabled(env: Env = getEnv()): boolean {
  return env.KUBELAB_DEMO_ACCOUNT ?? databaseTarget(env).kind === "sqlite";
}
