/**
 * End-to-end tests against the real platform: `node scripts/start.mjs` (what `npm start` runs) on a
 * free port with a fresh SQLite file in a temp folder, driven by Debian's chromium.
 * The port and folder are chosen once and passed to the workers through the environment.
 */
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { defineConfig, devices } from "@playwright/test";
import { freePort, platformEnv, tempDataDir } from "./tests/e2e/support/platform";

process.env.KUBELAB_E2E_PORT ??= String(freePort());
process.env.KUBELAB_E2E_DATA ??= tempDataDir();
const port = Number(process.env.KUBELAB_E2E_PORT);
const baseURL = `http://localhost:${port}`;

function chromiumPath(): string {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  if (existsSync("/usr/bin/chromium")) return "/usr/bin/chromium";
  return execFileSync("which", ["chromium"], { encoding: "utf8" }).trim();
}

export default defineConfig({
  testDir: "tests/e2e",
  testMatch: "**/*.spec.ts",
  globalTeardown: "./tests/e2e/support/teardown.ts",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 120_000,
  expect: { timeout: 15_000 },
  reporter: process.env.CI ? [["list"]] : [["list"], ["html", { open: "never" }]],
  use: {
    baseURL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: chromiumPath(),
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
      ],
    },
  },
  projects: [{ name: "chromium", use: { ...devices["Desktop Chrome"] } }],
  webServer: {
    command: "node scripts/start.mjs",
    url: `${baseURL}/healthz`,
    env: platformEnv(port, process.env.KUBELAB_E2E_DATA),
    reuseExistingServer: false,
    // the first start may run `next build`
    timeout: 600_000,
    stdout: "pipe",
    stderr: "pipe",
    gracefulShutdown: { signal: "SIGTERM", timeout: 10_000 },
  },
});
