/**
 * `npm run bench [-- name ...] [-- --write]`: runs every bench/*.bench.ts in its own Node process
 * (with --expose-gc), prints a table, and with --write records the results, command, date and
 * machine in docs/BENCHMARKS.md (between the markers of that bench).
 */
import { execFileSync, spawnSync } from "node:child_process";
import { cpus, totalmem } from "node:os";
import { readdirSync, readFileSync, writeFileSync, existsSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import type { BenchResult } from "./lib";

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const write = args.includes("--write");
const only = args.filter((a) => !a.startsWith("--"));

if (process.env.KUBELAB_BENCH_CHILD) {
  const file = process.env.KUBELAB_BENCH_CHILD;
  const mod = (await import(join(here, file))) as { run(): Promise<BenchResult[]> };
  const results = await mod.run();
  process.stdout.write(`\n@@RESULTS@@${JSON.stringify(results)}\n`);
  process.exit(0);
}

const files = readdirSync(here)
  .filter((f) => f.endsWith(".bench.ts"))
  .filter((f) => only.length === 0 || only.some((o) => f.startsWith(o)))
  .sort();

const machine = `${cpus().length} × ${cpus()[0]?.model.trim() ?? "cpu"}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
const date = new Date().toISOString().slice(0, 10);
let commit = "";
try {
  commit = execFileSync("git", ["rev-parse", "--short", "HEAD"], { encoding: "utf8" }).trim();
} catch {
  /* not a checkout */
}

const sections: { file: string; results: BenchResult[] }[] = [];
let failed = false;
for (const file of files) {
  console.log(`\n### ${file}`);
  const r = spawnSync(process.execPath, ["--expose-gc", "--import", "tsx", fileURLToPath(import.meta.url)], {
    env: { ...process.env, KUBELAB_BENCH_CHILD: file },
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
    stdio: ["ignore", "pipe", "inherit"],
  });
  const out = r.stdout ?? "";
  const marker = out.lastIndexOf("@@RESULTS@@");
  if (r.status !== 0 || marker < 0) {
    console.log(out);
    console.error(`${file} failed (exit ${r.status})`);
    failed = true;
    continue;
  }
  process.stdout.write(out.slice(0, marker));
  const results = JSON.parse(out.slice(marker + "@@RESULTS@@".length)) as BenchResult[];
  sections.push({ file, results });
  console.log(table(results));
}

function table(results: BenchResult[]): string {
  const rows = results.map((x) => `| ${x.name} | ${x.value} ${x.unit} | ${x.goal ?? ""} | ${x.ok === undefined ? "" : x.ok ? "met" : "**not met**"} | ${x.note ?? ""} |`);
  return ["| measure | result | goal | | note |", "|---|---|---|---|---|", ...rows].join("\n");
}

if (write) {
  const docPath = join(here, "..", "docs", "BENCHMARKS.md");
  let doc = existsSync(docPath) ? readFileSync(docPath, "utf8") : "# Benchmarks\n\nRecorded by `npm run bench -- --write`. Never asserted in tests.\n";
  for (const { file, results } of sections) {
    const begin = `<!-- bench:${file} -->`;
    const end = `<!-- /bench:${file} -->`;
    const body = `${begin}\n## ${file}\n\nCommand: \`npm run bench -- ${file.replace(".bench.ts", "")}\` · date ${date} · commit ${commit} · machine: ${machine}\n\n${table(results)}\n${end}`;
    const i = doc.indexOf(begin);
    const j = doc.indexOf(end);
    doc = i >= 0 && j > i ? doc.slice(0, i) + body + doc.slice(j + end.length) : `${doc.trimEnd()}\n\n${body}\n`;
  }
  writeFileSync(docPath, doc);
  console.log(`\nwrote ${docPath}`);
}
process.exit(failed ? 1 : 0);
