/**
 * WebSocket route of the learner's terminal: `/api/sandboxes/<id>/terminal`.
 *
 * The upgrade is accepted only when the Origin is this site (browsers send it; a page elsewhere
 * can't open a learner's terminal with their cookies) and the injected `resolve` returns the
 * sandbox for this request (authentication and ownership live there; null → 404, never a hint).
 * Each connection gets a `TerminalSession` (lib/terminal).
 *
 * Frames are JSON text. Client → server:
 *   {"type":"input","data":"k get pods\r"}   keystrokes
 *   {"type":"resize","cols":120,"rows":30}
 *   {"type":"run","command":"kubectl get pods"}   a lesson's Command block
 * Server → client:
 *   {"type":"output","data":"…"}             terminal output (ANSI)
 * Initial size may be given as `?cols=&rows=`. Frames over `maxPayload` close the connection
 * (1009); invalid frames are ignored, too many of them close it (1008). Output is paused while the
 * client is slow to read (backpressure).
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Duplex } from "node:stream";
import { WebSocketServer, type WebSocket } from "ws";
import { z } from "zod";
import { findKubectl, TerminalSession, type CompletionSource, type Spawner, type TerminalLimits } from "../../lib/terminal/index";
import type { Route } from "../http";

/** what the terminal needs to know about a sandbox (a subset of the sandbox manager's handle) */
export interface TerminalSandbox {
  sandboxId: string;
  workspaceDir: string;
  kubeconfigPath: string;
  /** object names for Tab, e.g. `kubeClientCompletion(() => handle.client)`; default: `kubectl get -o name` */
  completion?: CompletionSource;
}

export interface TerminalRouteOptions {
  /**
   * The sandbox `sandboxId` of the learner making `req`, or null when there is none or it is not
   * theirs (the route answers 404 either way). May create or wake the sandbox.
   */
  resolve(req: IncomingMessage, sandboxId: string): Promise<TerminalSandbox | null>;
  /** kubectl to run; default: `kubectl` on the server's PATH; null: not installed */
  kubectlPath?: string | null;
  spawner?: Spawner;
  /** object names for Tab (e.g. from the sandbox's API in-process); default: `kubectl get -o name` */
  completion?: (sandbox: TerminalSandbox) => CompletionSource | undefined;
  limits?: Partial<TerminalLimits>;
  /** largest frame accepted (bytes); default 64 KiB */
  maxPayload?: number;
  /** open terminals per sandbox; default 4 */
  maxSessionsPerSandbox?: number;
  /** more origins allowed besides the request's own host (e.g. "https://learn.example.com") */
  allowedOrigins?: string[];
  /** compare the Origin with X-Forwarded-Host (only behind a trusted proxy) */
  trustProxy?: boolean;
  /** heartbeat (ping) interval; connections that miss one are dropped. Default 30 s */
  pingIntervalMs?: number;
}

export interface TerminalRoute extends Route {
  /** open terminal connections */
  connections(): number;
  /** closes every terminal (kills running commands) */
  close(): void;
}

export const TERMINAL_PATH = /^\/api\/sandboxes\/([A-Za-z0-9._~-]{1,128})\/terminal$/;

const ClientMessage = z.discriminatedUnion("type", [
  z.object({ type: z.literal("input"), data: z.string().max(65_536) }),
  z.object({ type: z.literal("resize"), cols: z.number().int().min(2).max(1000), rows: z.number().int().min(2).max(1000) }),
  z.object({ type: z.literal("run"), command: z.string().max(4096) }),
]);

const HIGH_WATER = 256 * 1024;
const LOW_WATER = 64 * 1024;
/** a client this far behind is dropped (output that can't be paused, e.g. from builtins) */
const MAX_BUFFERED = 8 * 1024 * 1024;
const MAX_INVALID_FRAMES = 50;

function reject(socket: Duplex, status: number, reason: string, message: string): void {
  if (!socket.writable) return void socket.destroy();
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(message)}\r\n\r\n${message}`,
  );
  setTimeout(() => socket.destroy(), 1000).unref();
}

/** true when `req`'s Origin is this site (same host) or explicitly allowed */
export function sameOrigin(req: IncomingMessage, allowed: readonly string[] = [], trustProxy = false): boolean {
  const origin = req.headers.origin;
  if (!origin) return false;
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  if (allowed.some((a) => a.replace(/\/$/, "") === url.origin)) return true;
  const forwarded = trustProxy
    ? String(req.headers["x-forwarded-host"] ?? "")
        .split(",")[0]
        ?.trim()
    : "";
  const host = forwarded || req.headers.host;
  return (url.protocol === "http:" || url.protocol === "https:") && !!host && url.host.toLowerCase() === host.toLowerCase();
}

export function terminalRoute(opts: TerminalRouteOptions): TerminalRoute {
  const kubectlPath = opts.kubectlPath === undefined ? findKubectl() : (opts.kubectlPath ?? undefined);
  const maxPayload = opts.maxPayload ?? 64 * 1024;
  const wss = new WebSocketServer({ noServer: true, maxPayload, perMessageDeflate: false });
  const perSandbox = new Map<string, number>();
  const live = new Set<{ ws: WebSocket; session: TerminalSession }>();
  const alive = new WeakMap<WebSocket, boolean>();
  const ping = setInterval(() => {
    for (const { ws } of live) {
      if (alive.get(ws) === false) {
        ws.terminate();
        continue;
      }
      alive.set(ws, false);
      ws.ping();
    }
  }, opts.pingIntervalMs ?? 30_000);
  ping.unref();

  function attach(ws: WebSocket, sandbox: TerminalSandbox, size: { cols?: number; rows?: number }): void {
    let pending = "";
    let paused = false;
    let invalid = 0;
    const flush = () => {
      const data = pending;
      pending = "";
      if (!data || ws.readyState !== ws.OPEN) return;
      if (ws.bufferedAmount > MAX_BUFFERED) return void ws.terminate();
      ws.send(JSON.stringify({ type: "output", data }), () => {
        if (paused && ws.bufferedAmount < LOW_WATER) {
          paused = false;
          session.resumeOutput();
        }
      });
      if (!paused && ws.bufferedAmount > HIGH_WATER) {
        paused = true;
        session.pauseOutput();
      }
    };
    const session = new TerminalSession({
      workspaceDir: sandbox.workspaceDir,
      kubeconfigPath: sandbox.kubeconfigPath,
      kubectlPath,
      spawner: opts.spawner,
      completion: opts.completion?.(sandbox) ?? sandbox.completion,
      limits: opts.limits,
      cols: size.cols,
      rows: size.rows,
      output(data) {
        // coalesce the small writes of one turn (line redraws) into one frame
        if (pending === "") queueMicrotask(flush);
        pending += data;
      },
    });
    const entry = { ws, session };
    live.add(entry);
    perSandbox.set(sandbox.sandboxId, (perSandbox.get(sandbox.sandboxId) ?? 0) + 1);
    alive.set(ws, true);
    ws.on("pong", () => alive.set(ws, true));
    ws.on("message", (raw, isBinary) => {
      try {
        const parsed = isBinary ? undefined : ClientMessage.safeParse(JSON.parse(raw.toString()));
        if (!parsed?.success) throw new Error("invalid frame");
        const m = parsed.data;
        if (m.type === "input") session.input(m.data);
        else if (m.type === "resize") session.resize(m.cols, m.rows);
        else session.run(m.command);
      } catch {
        if (++invalid > MAX_INVALID_FRAMES) ws.close(1008, "too many invalid frames");
      }
    });
    ws.on("error", () => ws.terminate());
    ws.on("close", () => {
      session.close();
      live.delete(entry);
      const n = (perSandbox.get(sandbox.sandboxId) ?? 1) - 1;
      if (n <= 0) perSandbox.delete(sandbox.sandboxId);
      else perSandbox.set(sandbox.sandboxId, n);
    });
    session.start();
  }

  async function upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    socket.on("error", () => socket.destroy());
    const pathname = (req.url ?? "/").split("?")[0] ?? "/";
    const m = TERMINAL_PATH.exec(pathname);
    if (!m) return reject(socket, 404, "Not Found", "not found\n");
    if (!sameOrigin(req, opts.allowedOrigins, opts.trustProxy))
      return reject(socket, 403, "Forbidden", "cross-origin terminal connections are not allowed\n");
    let sandbox: TerminalSandbox | null;
    try {
      sandbox = await opts.resolve(req, m[1]!);
    } catch (e) {
      console.error("[terminal] resolving the sandbox failed:", e);
      return reject(socket, 500, "Internal Server Error", "the sandbox could not be opened\n");
    }
    if (!sandbox) return reject(socket, 404, "Not Found", "no such sandbox\n");
    const open = perSandbox.get(sandbox.sandboxId) ?? 0;
    if (open >= (opts.maxSessionsPerSandbox ?? 4))
      return reject(socket, 429, "Too Many Requests", "too many terminals open for this sandbox; close one\n");
    if (socket.destroyed) return;
    const q = new URLSearchParams((req.url ?? "").split("?")[1] ?? "");
    const size = { cols: Number(q.get("cols")) || undefined, rows: Number(q.get("rows")) || undefined };
    const s = sandbox;
    wss.handleUpgrade(req, socket, head, (ws) => attach(ws, s, size));
  }

  return {
    name: "terminal",
    matches: (pathname) => TERMINAL_PATH.test(pathname),
    handle(_req: IncomingMessage, res: ServerResponse) {
      res.writeHead(426, { "content-type": "text/plain; charset=utf-8", upgrade: "websocket", connection: "Upgrade" });
      res.end("this is a WebSocket endpoint (the learner's terminal)\n");
    },
    upgrade(req, socket, head) {
      upgrade(req, socket, head).catch((e: unknown) => {
        console.error("[terminal] upgrade failed:", e);
        socket.destroy();
      });
    },
    connections: () => live.size,
    close() {
      clearInterval(ping);
      for (const { ws, session } of live) {
        session.close();
        ws.terminate();
      }
      live.clear();
      wss.close();
    },
  };
}
