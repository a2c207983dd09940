/**
 * One port for everything: a net.Server accepts each connection, looks at its first byte and
 * hands the socket to the HTTPS server (0x16: a TLS handshake — kubectl talking to a sandbox
 * API) or to the plain HTTP server (the browser app). Both run the same request and upgrade
 * listeners, so routes decide what they serve; the sandbox API refuses plain HTTP itself.
 *
 * Guarantees: a connection that sends nothing within `firstByteTimeoutMs` is closed; `close()`
 * stops accepting, destroys every open connection (keep-alive, watches, WebSockets) and resolves
 * when the listener is closed.
 */
import http from "node:http";
import https from "node:https";
import net from "node:net";
import type { TLSSocket } from "node:tls";

export interface DualServer {
  /** the listening socket (address(), port) */
  readonly listener: net.Server;
  readonly http: http.Server;
  readonly https: https.Server;
  listen(port: number, host?: string): Promise<void>;
  close(): Promise<void>;
  /** replaces the serving certificate for new connections */
  setCertificate(certPem: string, keyPem: string): void;
}

const TLS_HANDSHAKE = 0x16;

/** true when the request arrived over TLS on this process's own listener */
export function isTls(req: http.IncomingMessage): boolean {
  return (req.socket as TLSSocket).encrypted === true;
}

export function createDualServer(plain: http.Server, tls: { certPem: string; keyPem: string }, opts: { firstByteTimeoutMs?: number } = {}): DualServer {
  const secure = https.createServer({ cert: tls.certPem, key: tls.keyPem, ALPNProtocols: ["http/1.1"] });
  for (const event of ["request", "upgrade"] as const) {
    for (const listener of plain.listeners(event)) secure.on(event, listener as (...args: unknown[]) => void);
  }
  secure.on("tlsClientError", (_err, socket) => socket.destroy());
  const timeout = opts.firstByteTimeoutMs ?? 30_000;

  const sockets = new Set<net.Socket>();
  const listener = net.createServer((socket) => {
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
    const drop = () => socket.destroy();
    socket.on("error", drop);
    socket.setTimeout(timeout, drop);
    socket.once("data", (chunk: Buffer) => {
      socket.pause();
      socket.unshift(chunk);
      socket.setTimeout(0);
      socket.off("error", drop);
      (chunk[0] === TLS_HANDSHAKE ? secure : plain).emit("connection", socket);
      process.nextTick(() => socket.resume());
    });
  });

  return {
    listener,
    http: plain,
    https: secure,
    listen(port, host) {
      return new Promise((resolve, reject) => {
        listener.once("error", reject);
        const done = () => {
          listener.off("error", reject);
          resolve();
        };
        if (host) listener.listen(port, host, done);
        else listener.listen(port, done);
      });
    },
    close() {
      return new Promise((resolve) => {
        listener.close(() => resolve());
        // open connections (keep-alive, watches, WebSockets) end now: the process is going away
        for (const socket of sockets) socket.destroy();
      });
    },
    setCertificate(certPem, keyPem) {
      secure.setSecureContext({ cert: certPem, key: keyPem });
    },
  };
}
