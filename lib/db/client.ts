/**
 * Prisma clients behind one type. SQLite (better-sqlite3 adapter) is the embedded default;
 * a postgresql:// DATABASE_URL selects the client generated from prisma/postgres/schema.prisma
 * with @prisma/adapter-pg. Both are generated from the same models, so the SQLite client's type
 * describes both (PostgreSQL only adds options such as `mode: "insensitive"`, which we never use).
 */
import { mkdirSync } from "node:fs";
import path from "node:path";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "../generated/prisma/client";
import { PrismaClient as PgPrismaClient } from "../generated/prisma-pg/client";
import { parseDatabaseUrl } from "./url";

export type Db = PrismaClient;

/** Opens a new client for `databaseUrl` (creating the SQLite file's folder). Callers own it. */
export function createDb(databaseUrl: string): Db {
  const target = parseDatabaseUrl(databaseUrl);
  if (target.kind === "sqlite") {
    mkdirSync(path.dirname(target.location), { recursive: true });
    return new PrismaClient({ adapter: new PrismaBetterSQLite3({ url: target.location }) });
  }
  const client = new PgPrismaClient({ adapter: new PrismaPg({ connectionString: target.location }) });
  return client as unknown as Db;
}
