/**
 * exec/attach over WebSocket (kubectl 1.30+, client-node): the remotecommand channel protocol
 * (v5.channel.k8s.io down to channel.k8s.io) on binary messages whose first byte is the channel.
 * RFC 6455 framing, masking, ping/pong and the closing handshake come from the `ws` package.
 *
 * On open the server sends an empty message on the lowest output channel (as apimachinery's
 * wsstream does), then relays stdout/stderr; the session's end is the Status on channel 3 and
 * a normal close.
 */
import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { WebSocketServer, type RawData, type WebSocket } from "ws";
import type { StreamRequest, StreamSession, StreamSink } from "../types";
import { CHANNEL, finalStatus, negotiate, parseResize, type StreamProtocol } from "./channels";

const wss = new WebSocketServer({
  noServer: true,
  perMessageDeflate: false,
  handleProtocols: (offered) => negotiate(offered) ?? false,
});

/** one channel message: the channel byte and the payload */
export function encodeChannelMessage(channel: number, data: string | Buffer): Buffer {
  const body = typeof data === "string" ? Buffer.from(data, "utf8") : data;
  return Buffer.concat([Buffer.from([channel]), body]);
}

export function decodeChannelMessage(msg: Buffer): { channel: number; data: Buffer } | undefined {
  if (msg.length === 0) return undefined;
  return { channel: msg[0]!, data: msg.subarray(1) };
}

function toBuffer(raw: RawData): Buffer {
  if (Buffer.isBuffer(raw)) return raw;
  if (Array.isArray(raw)) return Buffer.concat(raw);
  return Buffer.from(raw);
}

/** the client offers at least one protocol we speak */
export function wantsWebSocket(req: IncomingMessage): boolean {
  return (req.headers.upgrade ?? "").toLowerCase() === "websocket";
}

export function offeredProtocols(req: IncomingMessage): string[] {
  return (req.headers["sec-websocket-protocol"] ?? "").split(",").map((s) => s.trim()).filter(Boolean);
}

/** completes the WebSocket handshake and runs the session */
export function serveWebSocket(req: IncomingMessage, socket: Duplex, head: Buffer, sreq: StreamRequest, start: (sink: StreamSink) => StreamSession): void {
  wss.handleUpgrade(req, socket, head, (ws: WebSocket) => {
    const protocol = ws.protocol as StreamProtocol;
    const send = (ch: number, data: string | Buffer) => {
      if (ws.readyState === ws.OPEN) ws.send(encodeChannelMessage(ch, data));
    };
    let finished = false;
    const first = sreq.stdout ? CHANNEL.stdout : sreq.stderr && !sreq.tty ? CHANNEL.stderr : CHANNEL.error;
    send(first, Buffer.alloc(0));
    const sink: StreamSink = {
      stdout: (d) => sreq.stdout && send(CHANNEL.stdout, d),
      stderr: (d) => sreq.stderr && !sreq.tty && send(CHANNEL.stderr, d),
      exit(result) {
        if (finished) return;
        finished = true;
        const status = finalStatus(protocol, result, sreq.command);
        if (status !== undefined) send(CHANNEL.error, status);
        ws.close(1000);
      },
    };
    const decoder = new TextDecoder("utf-8");
    const session = start(sink);
    ws.on("message", (raw, isBinary) => {
      const buf = toBuffer(raw);
      const msg = decodeChannelMessage(isBinary ? buf : Buffer.from(buf.toString("utf8"), "utf8"));
      if (!msg) return;
      if (msg.channel === CHANNEL.stdin) session.stdin(decoder.decode(msg.data, { stream: true }));
      else if (msg.channel === CHANNEL.resize) {
        const size = parseResize(msg.data);
        if (size) session.resize(size.width, size.height);
      } else if (msg.channel === CHANNEL.close && msg.data[0] === CHANNEL.stdin && protocol === "v5.channel.k8s.io") session.closeStdin();
    });
    ws.on("close", () => {
      finished = true;
      session.close();
    });
    ws.on("error", () => ws.terminate());
  });
}
