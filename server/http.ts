/**
 * The platform's HTTP server. Next's request handler is one route among others: routes registered
 * here (health check now; WebSocket terminals and per-sandbox Kubernetes APIs later) are matched
 * first. Before any handler runs, headers the app relies on are set from the socket — never taken
 * from the client: x-kubelab-client-ip (rate limiting) and x-kubelab-url (sign-in return path).
 */
import http, { type IncomingMessage, type ServerResponse } from "node:http";
import type { Duplex } from "node:stream";
import { CLIENT_IP_HEADER, REQUEST_URL_HEADER } from "../lib/auth/headers";

export interface Route {
  name: string;
  /** true when this route takes the request; `pathname` has no query string */
  matches(pathname: string, req: IncomingMessage): boolean;
  handle(req: IncomingMessage, res: ServerResponse): void | Promise<void>;
  /** WebSocket/upgrade requests (optional) */
  upgrade?(req: IncomingMessage, socket: Duplex, head: Buffer): void;
}

export interface PlatformServerOptions {
  routes: Route[];
  /** everything no route takes (Next) */
  fallback: (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;
  fallbackUpgrade?: (req: IncomingMessage, socket: Duplex, head: Buffer) => void;
  /** take the client address from X-Forwarded-For (only behind a trusted proxy) */
  trustProxy: boolean;
}

export { CLIENT_IP_HEADER, REQUEST_URL_HEADER };

export function clientAddress(req: IncomingMessage, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = req.headers["x-forwarded-for"];
    const first = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(",")[0]?.trim();
    if (first) return first;
  }
  return (req.socket.remoteAddress ?? "unknown").replace(/^::ffff:/, "");
}

function stamp(req: IncomingMessage, trustProxy: boolean): string {
  req.headers[CLIENT_IP_HEADER] = clientAddress(req, trustProxy);
  req.headers[REQUEST_URL_HEADER] = req.url ?? "/";
  if (!trustProxy) {
    delete req.headers["x-forwarded-for"];
    delete req.headers["x-forwarded-host"];
    delete req.headers["x-forwarded-proto"];
  }
  return (req.url ?? "/").split("?")[0] ?? "/";
}

export function createPlatformServer(opts: PlatformServerOptions): http.Server {
  const server = http.createServer((req, res) => {
    const pathname = stamp(req, opts.trustProxy);
    const route = opts.routes.find((r) => r.matches(pathname, req));
    Promise.resolve(route ? route.handle(req, res) : opts.fallback(req, res)).catch((err: unknown) => {
      console.error(`[http] ${req.method} ${pathname} failed:`, err);
      if (!res.headersSent) {
        res.statusCode = 500;
        res.setHeader("content-type", "text/plain; charset=utf-8");
      }
      res.end("Internal Server Error");
    });
  });
  server.on("upgrade", (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const pathname = stamp(req, opts.trustProxy);
    const route = opts.routes.find((r) => r.upgrade && r.matches(pathname, req));
    if (route?.upgrade) route.upgrade(req, socket, head);
    else if (opts.fallbackUpgrade) opts.fallbackUpgrade(req, socket, head);
    else socket.destroy();
  });
  return server;
}

/** GET /healthz → 200 {"status":"ok"} once the server is listening (used by tests and load balancers). */
export function healthRoute(): Route {
  return {
    name: "health",
    matches: (pathname) => pathname === "/healthz",
    handle(_req, res) {
      res.writeHead(200, { "content-type": "application/json", "cache-control": "no-store" });
      res.end(JSON.stringify({ status: "ok" }));
    },
  };
}
