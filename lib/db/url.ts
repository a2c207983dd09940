/**
 * Database URL helpers shared by the runtime (lib/db), the boot sequence (server/boot) and
 * prisma.config.ts. Pure: no Prisma, no Next, no environment access.
 */
import path from "node:path";

export type DatabaseKind = "sqlite" | "postgresql";

export interface DatabaseTarget {
  kind: DatabaseKind;
  /** for sqlite: absolute file path; for postgresql: the connection string as given */
  location: string;
}

/** The default when DATABASE_URL is unset: an SQLite file in ./data. */
export const DEFAULT_DATABASE_URL = "file:./data/kubelab.db";

/**
 * Parses a DATABASE_URL. `file:` URLs (relative paths resolve against `cwd`) select SQLite,
 * `postgres://` / `postgresql://` select PostgreSQL. Anything else throws an Error whose message
 * says what is accepted (callers name the variable).
 */
export function parseDatabaseUrl(url: string, cwd: string = process.cwd()): DatabaseTarget {
  if (url.startsWith("file:")) {
    const raw = url.slice("file:".length).replace(/^\/\/(?=\/)/, "");
    const file = raw.split("?")[0] ?? "";
    if (file === "" || file === ":memory:") {
      throw new Error("a file: URL needs a file path, e.g. file:./data/kubelab.db");
    }
    return { kind: "sqlite", location: path.resolve(cwd, file) };
  }
  if (/^postgres(ql)?:\/\/[^/]+/.test(url)) {
    return { kind: "postgresql", location: url };
  }
  throw new Error("expected file:<path> (SQLite) or postgresql://user:pass@host:port/db");
}
