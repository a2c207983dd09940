// Prisma CLI configuration for the PostgreSQL client (generate, migrate diff). The JS schema engine
// cannot run `migrate deploy` against PostgreSQL: the SQL in prisma/postgres/migrations is applied
// by the boot sequence (server/boot/database.ts) or by hand with psql (see README).
import { defineConfig } from "prisma/config";
import { PrismaPg } from "@prisma/adapter-pg";

export default defineConfig({
  engine: "js",
  experimental: { adapter: true },
  schema: "schema.prisma",
  migrations: { path: "migrations" },
  async adapter() {
    return new PrismaPg({ connectionString: process.env.DATABASE_URL ?? "postgresql://localhost/kubelab" });
  },
});
