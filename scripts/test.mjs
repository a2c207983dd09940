#!/usr/bin/env node
// `npm test`: the whole suite — static checks, unit + integration (vitest, incl. the real-kubectl
// conformance suite), then browser tests (Playwright on Debian's chromium). Prints one closing
// line "N passed, N failed" counting every test, and exits non-zero if anything failed.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const out = mkdtempSync(join(tmpdir(), "kubelab-test-"));
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };
let passed = 0;
let failed = 0;
let skipped = 0;
const failures = [];

function run(label, cmd, args, extraEnv = {}) {
  console.log(`\n=== ${label}: ${cmd} ${args.join(" ")}`);
  const r = spawnSync(cmd, args, { stdio: "inherit", env: { ...env, ...extraEnv } });
  if (r.status !== 0) failures.push(`${label} (exit ${r.status ?? r.signal})`);
  return r.status === 0;
}

const only = process.argv.slice(2);
const want = (step) => only.length === 0 || only.includes(step);

if (want("lint")) {
  if (run("typecheck", "npx", ["tsc", "--noEmit", "-p", "."])) passed++;
  else failed++;
  if (run("lint", "npx", ["eslint", "--max-warnings=0", "."])) passed++;
  else failed++;
}

if (want("unit")) {
  const json = join(out, "vitest.json");
  run("unit+integration", "npx", ["vitest", "run", "--reporter=default", "--reporter=json", `--outputFile.json=${json}`]);
  if (existsSync(json)) {
    const r = JSON.parse(readFileSync(json, "utf8"));
    passed += r.numPassedTests ?? 0;
    failed += (r.numFailedTests ?? 0) + (r.numFailedTestSuites && !r.numFailedTests ? r.numFailedTestSuites : 0);
    skipped += (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
  } else failed++;
}

if (want("e2e")) {
  const json = join(out, "playwright.json");
  run("browser", "npx", ["playwright", "test", "--reporter=list,json"], { PLAYWRIGHT_JSON_OUTPUT_NAME: json });
  if (existsSync(json)) {
    const s = JSON.parse(readFileSync(json, "utf8")).stats ?? {};
    passed += (s.expected ?? 0) + (s.flaky ?? 0);
    failed += s.unexpected ?? 0;
    skipped += s.skipped ?? 0;
  } else failed++;
}

if (failures.length) console.log(`\nFailed steps: ${failures.join(", ")}`);
console.log(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
process.exit(failures.length || failed ? 1 : 0);
