/**
 * exec/attach over SPDY/3.1 (kubectl 1.27–1.29, and 1.30+ when WebSockets fail or are turned
 * off): the `Upgrade: SPDY/3.1` handshake with `X-Stream-Protocol-Version` negotiation, then
 * one client-initiated SPDY stream per channel, named by its `streamType` header (error,
 * stdin, stdout, stderr, resize). The session starts once every expected stream is open; it
 * ends with the status on the error stream, FIN on the server's streams, and GOAWAY.
 */
import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import type { StreamRequest, StreamSession, StreamSink } from "../types";
import { finalStatus, negotiate, parseResize, type StreamProtocol } from "./channels";
import { dataFrame, FLAG_FIN, FRAME, goAway, HeaderCodec, parseFrames, parseSynStream, synReply, type Frame } from "./spdy-frames";

type StreamType = "error" | "stdin" | "stdout" | "stderr" | "resize";

export function wantsSpdy(req: IncomingMessage): boolean {
  return /^spdy\/3\.1$/i.test((req.headers.upgrade ?? "").trim());
}

/** the protocol for the client's X-Stream-Protocol-Version offers; none offered = the original protocol */
export function spdyProtocol(req: IncomingMessage): StreamProtocol | undefined {
  const raw = req.headers["x-stream-protocol-version"];
  const offered = (Array.isArray(raw) ? raw.join(",") : (raw ?? "")).split(",").map((s) => s.trim()).filter(Boolean);
  return offered.length ? negotiate(offered) : "channel.k8s.io";
}

function expectedStreams(sreq: StreamRequest, protocol: StreamProtocol): Set<StreamType> {
  const s = new Set<StreamType>(["error"]);
  if (sreq.stdin) s.add("stdin");
  if (sreq.stdout) s.add("stdout");
  if (sreq.stderr && !sreq.tty) s.add("stderr");
  if (sreq.tty && protocol !== "channel.k8s.io" && protocol !== "v2.channel.k8s.io") s.add("resize");
  return s;
}

const MAX_DATA = 32 * 1024;

export function serveSpdy(req: IncomingMessage, socket: Duplex, head: Buffer, sreq: StreamRequest, start: (sink: StreamSink) => StreamSession): void {
  const protocol = spdyProtocol(req);
  if (!protocol) {
    const body = `unable to upgrade: unable to negotiate protocol: client supports ${req.headers["x-stream-protocol-version"]}, server supports v5.channel.k8s.io, v4.channel.k8s.io, v3.channel.k8s.io, v2.channel.k8s.io, channel.k8s.io`;
    socket.end(`HTTP/1.1 403 Forbidden\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
    return;
  }
  socket.write(`HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: SPDY/3.1\r\nX-Stream-Protocol-Version: ${protocol}\r\n\r\n`);
  const codec = new HeaderCodec();
  const expected = expectedStreams(sreq, protocol);
  const ids = new Map<StreamType, number>();
  const types = new Map<number, StreamType>();
  let session: StreamSession | undefined;
  let ended = false;
  let lastStreamId = 0;
  let pending: Buffer = head.length ? Buffer.from(head) : Buffer.alloc(0);
  const decoder = new TextDecoder("utf-8");
  let resizeBuf = "";

  const write = (b: Buffer) => {
    if (!socket.destroyed && socket.writable) socket.write(b);
  };
  const sendData = (type: StreamType, data: Buffer, fin = false) => {
    const id = ids.get(type);
    if (id === undefined) return;
    for (let off = 0; off < data.length || (off === 0 && fin); off += MAX_DATA) {
      const chunk = data.subarray(off, off + MAX_DATA);
      write(dataFrame(id, fin && off + MAX_DATA >= data.length ? FLAG_FIN : 0, chunk));
      if (!data.length) break;
    }
  };
  const shutdown = () => {
    if (socket.destroyed) return;
    write(goAway(lastStreamId));
    socket.end();
    codec.close();
  };
  const sink: StreamSink = {
    stdout: (d) => sendData("stdout", Buffer.from(d, "utf8")),
    stderr: (d) => sendData("stderr", Buffer.from(d, "utf8")),
    exit(result) {
      if (ended) return;
      ended = true;
      const status = finalStatus(protocol, result, sreq.command);
      sendData("error", Buffer.from(status ?? "", "utf8"), true);
      sendData("stdout", Buffer.alloc(0), true);
      sendData("stderr", Buffer.alloc(0), true);
      setImmediate(shutdown);
    },
  };
  const maybeStart = () => {
    if (session || ended || [...expected].some((t) => !ids.has(t))) return;
    session = start(sink);
  };
  const onData = (f: Extract<Frame, { type: "data" }>) => {
    const t = types.get(f.streamId);
    if (t === "stdin" && f.data.length) session?.stdin(decoder.decode(f.data, { stream: true }));
    else if (t === "resize" && f.data.length) {
      resizeBuf += f.data.toString("utf8");
      for (const m of resizeBuf.match(/\{[^{}]*\}/g) ?? []) {
        const size = parseResize(Buffer.from(m));
        if (size) session?.resize(size.width, size.height);
      }
      resizeBuf = resizeBuf.slice(resizeBuf.lastIndexOf("}") + 1);
    }
    if (t === "stdin" && f.flags & FLAG_FIN) session?.closeStdin();
  };
  const onControl = async (f: Extract<Frame, { type: "control" }>) => {
    switch (f.kind) {
      case FRAME.synStream: {
        const { streamId, block } = parseSynStream(f.body);
        const headers = await codec.decode(block);
        lastStreamId = Math.max(lastStreamId, streamId);
        const type = headers.get("streamtype")?.[0] as StreamType | undefined;
        write(synReply(streamId, await codec.encode([])));
        if (type) {
          ids.set(type, streamId);
          types.set(streamId, type);
        }
        if (type === "stdin" && f.flags & FLAG_FIN) session?.closeStdin();
        maybeStart();
        break;
      }
      case FRAME.ping:
        write(Buffer.concat([Buffer.from([0x80, 3, 0, FRAME.ping, 0, 0, 0, 4]), f.body.subarray(0, 4)]));
        break;
      case FRAME.goAway:
        socket.end();
        break;
      case FRAME.headers:
        await codec.decode(f.body.subarray(4));
        break;
      default:
      // SETTINGS, WINDOW_UPDATE, RST_STREAM: nothing to do for these short sessions
    }
  };
  // frames are handled strictly in order (header blocks share one zlib context)
  let queue: Promise<void> = Promise.resolve();
  socket.on("data", (chunk: Buffer) => {
    pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
    const { frames, rest } = parseFrames(pending);
    pending = Buffer.from(rest) as Buffer;
    for (const f of frames) {
      queue = queue
        .then(() => (f.type === "data" ? onData(f) : onControl(f)))
        .catch(() => {
          socket.destroy();
        });
    }
  });
  socket.on("close", () => {
    ended = true;
    session?.close();
  });
  if (pending.length) socket.emit("data", Buffer.alloc(0));
}
