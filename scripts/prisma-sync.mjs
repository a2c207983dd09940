#!/usr/bin/env node
// Writes prisma/postgres/schema.prisma from prisma/schema.prisma (same models; PostgreSQL datasource,
// separate client output). `--check` exits 1 when the committed copy is stale.
import { readFileSync, writeFileSync, existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));

export function toPostgres(schema) {
  return (
    "// GENERATED from prisma/schema.prisma by scripts/prisma-sync.mjs — edit that file instead.\n" +
    schema
      .replace(/output\s*=\s*"\.\.\/lib\/generated\/prisma"/, 'output     = "../../lib/generated/prisma-pg"')
      .replace(/provider\s*=\s*"sqlite"/, 'provider = "postgresql"')
      .replace(/url\s*=\s*"file:[^"]*"/, 'url      = "postgresql://localhost/kubelab"')
  );
}

/** Writes (or with check: verifies) the PostgreSQL copy. Returns "written" | "unchanged" | "stale". */
export function syncPostgresSchema({ check = false } = {}) {
  const target = `${root}prisma/postgres/schema.prisma`;
  const wanted = toPostgres(readFileSync(`${root}prisma/schema.prisma`, "utf8"));
  const current = existsSync(target) ? readFileSync(target, "utf8") : "";
  if (current === wanted) return "unchanged";
  if (check) return "stale";
  writeFileSync(target, wanted);
  return "written";
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const result = syncPostgresSchema({ check: process.argv.includes("--check") });
  if (result === "stale") {
    console.error("prisma/postgres/schema.prisma is stale: run node scripts/prisma-sync.mjs");
    process.exit(1);
  }
  if (result === "written") console.log("wrote prisma/postgres/schema.prisma");
}
