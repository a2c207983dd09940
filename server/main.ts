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
import type { SandboxManager } from "../lib/sandbox/index";

export interface MainOptions {
  dev: boolean;
  /** run the build-if-needed steps (production start) */
  build: boolean;
  /**
   * serve the Next app (default true). `false` serves only the platform's own routes (sandbox
   * APIs, terminal, editor, health), answering 404 for pages: for tests of those routes, which
   * then need no `next build`
   */
  app?: boolean;
}

export interface RunningPlatform {
  /** the HTTP server (the app); it and the HTTPS server (sandbox APIs) share one port through `listener` */
  server: Server;
  listener: import("node:net").Server;
  url: string;
  /** the process's sandboxes */
  sandboxes: SandboxManager;
  /** PEM of the platform CA (trusted by every sandbox kubeconfig) */
  caPem: string;
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

  // sandboxes: the platform CA (generated on first start, kept in the data dir) and the manager
  const { loadPlatformPki } = await import("./pki");
  const extraNames = (env.KUBELAB_TLS_HOSTNAMES ?? "").split(",").map((h) => h.trim()).filter(Boolean);
  if (env.HOST && env.HOST !== "0.0.0.0" && env.HOST !== "::") extraNames.push(env.HOST);
  const pki = await timed("loaded the platform certificate authority", () => loadPlatformPki(env.KUBELAB_DATA_DIR, extraNames));
  const { configureSandboxes, sandboxManager, shutdownSandboxes } = await import("./sandboxes");
  const { getDb } = await import("../lib/db/index");
  const selfHost = env.HOST && env.HOST !== "0.0.0.0" && env.HOST !== "::" ? env.HOST : "127.0.0.1";
  const sandboxes = configureSandboxes({
    db: getDb(),
    dataDir: env.KUBELAB_DATA_DIR,
    caPem: pki.caPem,
    apiBase: () => `https://${selfHost.includes(":") ? `[${selfHost}]` : selfHost}:${env.PORT}`,
    idleMinutes: Number(env.KUBELAB_SANDBOX_IDLE_MINUTES ?? 15),
  });
  sandboxes.startSweeper();
  const { sandboxApiRoute } = await import("./routes/sandbox-api");
  const { sandboxRoutes } = await import("./routes/sandboxes");
  const { createDualServer } = await import("./tls");
  const { resolveSandbox } = await import("./session");
  const { terminalRoute } = await import("./routes/terminal");
  const { kubeClientCompletion, findKubectl } = await import("../lib/terminal/index");
  const { editorRoute, schemaRoute } = await import("./routes/editor");
  const { liveRoute } = await import("./routes/live");
  const { exerciseRoute } = await import("./routes/exercises");
  const { KUBE_VERSION } = await import("../lib/kube/apiserver/index");
  // the kubectl the terminal runs: KUBELAB_KUBECTL, else kubectl on PATH (the build matching the
  // embedded API's minor version when it sits beside a dispatcher, see findKubectl); null: none
  const kubectlPath = env.KUBELAB_KUBECTL ?? findKubectl(process.env.PATH, Number(KUBE_VERSION.minor)) ?? null;
  const terminal = terminalRoute({
    trustProxy: env.TRUST_PROXY,
    kubectlPath,
    resolve: async (req, id) => {
      const r = await resolveSandbox(req, id);
      if (!r) return null;
      const s = r.sandbox;
      return { sandboxId: s.id, workspaceDir: s.workspaceDir, kubeconfigPath: s.kubeconfigPath, completion: kubeClientCompletion(() => s.client) };
    },
  });
  if (!kubectlPath) log("kubectl was not found on PATH: the lesson terminal will explain how to install it (the rest works)");
  const resolveForEditor = async (req: import("node:http").IncomingMessage, id: string) => {
    const r = await resolveSandbox(req, id);
    return r && { sandboxId: r.sandbox.id, workspaceDir: r.sandbox.workspaceDir, client: r.sandbox.client };
  };

  const app = opts.app === false ? undefined : (await import("next")).default({ dev: opts.dev, dir: ROOT, port: env.PORT, hostname: env.HOST ?? "localhost" });
  if (app) await timed("prepared Next", () => app.prepare());
  const handle = app ? app.getRequestHandler() : (await import("./app-less")).appLessHandler;
  const server = createPlatformServer({
    routes: [
      healthRoute(),
      sandboxApiRoute({ manager: sandboxManager, trustProxy: env.TRUST_PROXY }),
      sandboxRoutes({ manager: sandboxManager, caPem: () => pki.caPem, publicApiUrl: env.KUBELAB_SANDBOX_API_URL }),
      terminal,
      schemaRoute(),
      editorRoute({ resolve: resolveForEditor }),
      liveRoute({
        resolve: resolveForEditor,
        // a reset or hibernation ends open live streams (they would pin the old cluster)
        onSandboxGone: (id, gone) =>
          sandboxManager().onEvent((e) => {
            if (e.id === id && e.type !== "created" && e.type !== "restored") gone(e.type);
          }),
      }),
      exerciseRoute(),
    ],
    fallback: (req, res) => handle(req, res),
    fallbackUpgrade: opts.dev && app ? (req, socket, head) => void app.getUpgradeHandler()(req, socket, head) : undefined,
    trustProxy: env.TRUST_PROXY,
  });
  // one port: TLS connections (kubectl → sandbox APIs) go to an HTTPS server, the rest to `server`
  const dual = createDualServer(server, pki);
  await dual.listen(env.PORT, env.HOST);
  const url = `http://${env.HOST && env.HOST !== "0.0.0.0" && env.HOST !== "::" ? env.HOST : "localhost"}:${env.PORT}`;
  log(`Kubelab is ready at ${url} (${opts.dev ? "development" : "production"}, started in ${((performance.now() - began) / 1000).toFixed(1)} s)`);

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      // snapshot every live sandbox first: a restart loses nothing
      terminal.close();
      await shutdownSandboxes();
      await dual.close();
      await app?.close?.();
      const { closeDb } = await import("../lib/db/index");
      await closeDb();
    })());
  return { server, listener: dual.listener, url, sandboxes, caPem: pki.caPem, close };
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
