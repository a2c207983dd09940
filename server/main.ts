/**
 * Kubelab's process: validate the environment, prepare the database, (build,) start the HTTP server.
 *
 *   npm start        → scripts/start.mjs → main({ dev: false, build: true })
 *   npm run dev      → tsx server/main.ts --dev   (Next dev server, no build)
 *
 * A bad environment or an unreachable database stops the process with a message (exit 1), no stack.
 */
import { pathToFileURL } from "node:url";
import type { Server } from "node:http";
import { EnvError, parseEnv, demoAccountEnabled, type Env } from "../lib/env/index";
import { resolveAuthSecret } from "../lib/auth/secret";
import { BootError, log, timed } from "./boot/log";
import { ROOT } from "./boot/paths";
import { createPlatformServer, healthRoute } from "./http";

export interface MainOptions {
  dev: boolean;
  /** run the build-if-needed steps (production start) */
  build: boolean;
}

export interface RunningPlatform {
  server: Server;
  url: string;
  close(): Promise<void>;
}

function loadEnv(): Env {
  const env = parseEnv(process.env);
  // Normalize for everything that runs in this process (Next, Prisma, @auth/core) and children.
  process.env.DATABASE_URL = env.DATABASE_URL;
  process.env.PORT = String(env.PORT);
  const { secret, generated } = resolveAuthSecret(env, { create: true });
  if (generated) log(`generated AUTH_SECRET and stored it in ${env.KUBELAB_DATA_DIR}/auth-secret`);
  process.env.AUTH_SECRET = secret;
  return { ...env, AUTH_SECRET: secret };
}

export async function start(opts: MainOptions): Promise<RunningPlatform> {
  const began = performance.now();
  (process.env as Record<string, string>).NODE_ENV = opts.dev ? "development" : "production";
  process.env.NEXT_TELEMETRY_DISABLED ??= "1";
  const env = loadEnv();

  const build = await import("./boot/build");
  await build.ensurePrismaClients();
  const { ensureDatabase } = await import("./boot/database");
  await ensureDatabase(env.DATABASE_URL);
  if (demoAccountEnabled(env)) {
    const { seedDemoInstructor } = await import("./boot/seed");
    await seedDemoInstructor(env.DATABASE_URL);
  }
  if (opts.build && !opts.dev) await build.ensureBuilt();

  const { default: next } = await import("next");
  const app = next({ dev: opts.dev, dir: ROOT, port: env.PORT, hostname: env.HOST ?? "localhost" });
  await timed("prepared Next", () => app.prepare());
  const handle = app.getRequestHandler();
  const server = createPlatformServer({
    routes: [healthRoute()],
    fallback: (req, res) => handle(req, res),
    fallbackUpgrade: opts.dev ? (req, socket, head) => void app.getUpgradeHandler()(req, socket, head) : undefined,
    trustProxy: env.TRUST_PROXY,
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    if (env.HOST) server.listen(env.PORT, env.HOST, resolve);
    else server.listen(env.PORT, resolve);
  });
  const url = `http://${env.HOST && env.HOST !== "0.0.0.0" && env.HOST !== "::" ? env.HOST : "localhost"}:${env.PORT}`;
  log(`Kubelab is ready at ${url} (${opts.dev ? "development" : "production"}, started in ${((performance.now() - began) / 1000).toFixed(1)} s)`);

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      server.closeIdleConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await app.close?.();
      const { closeDb } = await import("../lib/db/index");
      await closeDb();
    })());
  return { server, url, close };
}

export async function main(opts: MainOptions): Promise<void> {
  try {
    const platform = await start(opts);
    for (const signal of ["SIGINT", "SIGTERM"] as const) {
      process.once(signal, () => {
        log(`${signal}: shutting down`);
        const timer = setTimeout(() => process.exit(0), 5000);
        timer.unref();
        platform.close().then(
          () => process.exit(0),
          () => process.exit(1),
        );
      });
    }
  } catch (e) {
    if (e instanceof EnvError) {
      console.error(`[kubelab] cannot start: ${e.message}`);
      process.exit(1);
    }
    if (e instanceof BootError) {
      console.error(`[kubelab] cannot start: ${e.message}`);
      process.exit(1);
    }
    if ((e as NodeJS.ErrnoException).code === "EADDRINUSE") {
      console.error(`[kubelab] cannot start: port ${process.env.PORT} is already in use (set PORT to another port)`);
      process.exit(1);
    }
    throw e;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const dev = process.argv.includes("--dev");
  await main({ dev, build: !dev && !process.argv.includes("--no-build") });
}
