// Prisma CLI configuration for the embedded SQLite database (generate, migrate deploy/diff/status).
// Uses the JavaScript schema engine so nothing is downloaded. PostgreSQL: see prisma/postgres/.
import { defineConfig } from "prisma/config";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { DEFAULT_DATABASE_URL, parseDatabaseUrl } from "./lib/db/url";

export default defineConfig({
  engine: "js",
  experimental: { adapter: true },
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  async adapter() {
    const target = parseDatabaseUrl(process.env.DATABASE_URL || DEFAULT_DATABASE_URL);
    if (target.kind !== "sqlite") {
      throw new Error("prisma.config.ts migrates SQLite only; apply prisma/postgres/migrations/*.sql to PostgreSQL (see README)");
    }
    return new PrismaBetterSQLite3({ url: target.location });
  },
});
