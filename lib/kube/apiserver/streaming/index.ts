/**
 * The API server's streaming subresources: `pods/x/exec` and `pods/x/attach` upgraded to
 * WebSocket (kubectl 1.30+, client-node) or SPDY/3.1 (kubectl 1.27–1.29, and the fallback),
 * speaking the remotecommand channel protocol to a StreamSource (the kubelets).
 *
 * Errors found before the upgrade are answered as HTTP: a Status JSON for the API server's own
 * checks (pod not found, container not valid, no host), plain text for the kubelet's
 * (`container not found ("x")`), which clients print as `unable to upgrade connection: …`.
 */
import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { isStatusError } from "../../api/errors";
import type { TokenAuthenticator } from "../auth";
import type { ServerState } from "../context";
import { statusOf } from "../responses";
import type { StreamSource } from "../types";
import { parseStreamRequest } from "./request";
import { serveSpdy, wantsSpdy } from "./spdy";
import { negotiate } from "./channels";
import { offeredProtocols, serveWebSocket, wantsWebSocket } from "./websocket";

export { STREAM_PROTOCOLS, CHANNEL, negotiate, finalStatus, type StreamProtocol } from "./channels";
export { encodeChannelMessage, decodeChannelMessage } from "./websocket";
export { parseStreamRequest, proxyError } from "./request";

function reject(socket: Duplex, code: number, reason: string, contentType: string, body: string): void {
  socket.end(`HTTP/1.1 ${code} ${reason}\r\nContent-Type: ${contentType}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
}

function rejectWith(socket: Duplex, e: unknown): void {
  if (!isStatusError(e) && e instanceof Error) {
    reject(socket, 500, "Internal Server Error", "text/plain; charset=utf-8", e.message);
    return;
  }
  const status = statusOf(e);
  reject(socket, status.code, status.reason || "Error", "application/json", JSON.stringify(status));
}

/** handles an `upgrade` event for this server's prefix */
export function handleStreamUpgrade(state: ServerState, authn: TokenAuthenticator, source: StreamSource | undefined, req: IncomingMessage, socket: Duplex, head: Buffer): void {
  socket.on("error", () => socket.destroy());
  let opened: ReturnType<StreamSource["open"]>;
  let sreq;
  try {
    sreq = parseStreamRequest(state, authn, req);
    if (!source) throw new Error(`container not found ("${sreq.container}")`);
    opened = source.open(sreq);
  } catch (e) {
    rejectWith(socket, e);
    return;
  }
  if (wantsWebSocket(req) && negotiate(offeredProtocols(req))) {
    serveWebSocket(req, socket, head, sreq, opened.start);
    return;
  }
  if (wantsSpdy(req)) {
    serveSpdy(req, socket, head, sreq, opened.start);
    return;
  }
  reject(socket, 400, "Bad Request", "text/plain; charset=utf-8", "unable to upgrade: unsupported protocol or missing upgrade headers");
}
