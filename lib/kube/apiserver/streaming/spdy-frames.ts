/**
 * SPDY/3.1 framing (draft-mbelshe-httpbis-spdy-00 + the 3.1 flow-control changes), as far as
 * the Kubernetes streaming protocols use it (moby/spdystream is the peer): control frames
 * SYN_STREAM, SYN_REPLY, RST_STREAM, SETTINGS, PING, GOAWAY, HEADERS, WINDOW_UPDATE and DATA
 * frames. Header blocks are zlib-compressed with the SPDY/3 dictionary, one compression
 * context per direction for the whole connection.
 */
import { constants, createDeflate, createInflate, type Deflate, type Inflate } from "node:zlib";

export const FRAME = { synStream: 1, synReply: 2, rstStream: 3, settings: 4, ping: 6, goAway: 7, headers: 8, windowUpdate: 9 } as const;
export const FLAG_FIN = 0x01;
export const SPDY_VERSION = 3;

export type Frame =
  | { type: "data"; streamId: number; flags: number; data: Buffer }
  | { type: "control"; kind: number; flags: number; body: Buffer };

const WORDS = [
  "options", "head", "post", "put", "delete", "trace", "accept", "accept-charset", "accept-encoding", "accept-language", "accept-ranges", "age", "allow",
  "authorization", "cache-control", "connection", "content-base", "content-encoding", "content-language", "content-length", "content-location", "content-md5",
  "content-range", "content-type", "date", "etag", "expect", "expires", "from", "host", "if-match", "if-modified-since", "if-none-match", "if-range",
  "if-unmodified-since", "last-modified", "location", "max-forwards", "pragma", "proxy-authenticate", "proxy-authorization", "range", "referer", "retry-after",
  "server", "te", "trailer", "transfer-encoding", "upgrade", "user-agent", "vary", "via", "warning", "www-authenticate", "method", "get", "status", "200 OK",
  "version", "HTTP/1.1", "url", "public", "set-cookie", "keep-alive", "origin",
];
const TAIL =
  "100101201202205206300302303304305306307402405406407408409410411412413414415416417502504505" +
  "203 Non-Authoritative Information204 No Content301 Moved Permanently400 Bad Request401 Unauthorized403 Forbidden404 Not Found" +
  "500 Internal Server Error501 Not Implemented503 Service Unavailable" +
  "Jan Feb Mar Apr May Jun Jul Aug Sept Oct Nov Dec 00:00:00 Mon, Tue, Wed, Thu, Fri, Sat, Sun, GMT" +
  "chunked,text/html,image/png,image/jpg,image/gif,application/xml,application/xhtml+xml,text/plain,text/javascript," +
  "publicprivatemax-age=gzip,deflate,sdchcharset=utf-8charset=iso-8859-1,utf-,*,enq=0.";

/** the SPDY/3 header compression dictionary (spec §2.6.10.1): length-prefixed words, then a tail */
export const SPDY3_DICTIONARY: Buffer = Buffer.concat([
  ...WORDS.map((w) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(w.length);
    return Buffer.concat([len, Buffer.from(w, "latin1")]);
  }),
  Buffer.from(TAIL, "latin1"),
]);

/** runs `input` through a long-lived zlib stream and resolves with its output up to a sync flush */
function through(z: Inflate | Deflate, input: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const onData = (c: Buffer) => chunks.push(c);
    const onError = (e: Error) => {
      z.off("data", onData);
      reject(e);
    };
    z.on("data", onData);
    z.once("error", onError);
    z.write(input);
    z.flush(constants.Z_SYNC_FLUSH, () => {
      z.off("data", onData);
      z.off("error", onError);
      resolve(Buffer.concat(chunks));
    });
  });
}

/**
 * The connection's header compression: one inflate context for the peer's header blocks and
 * one deflate context for ours, each kept for the connection's life (calls must be serialized).
 */
export class HeaderCodec {
  private readonly inflater: Inflate = createInflate({ dictionary: SPDY3_DICTIONARY });
  private readonly deflater: Deflate = createDeflate({ dictionary: SPDY3_DICTIONARY });

  async decode(block: Buffer): Promise<Map<string, string[]>> {
    return parseHeaderBlock(block.length ? await through(this.inflater, block) : Buffer.alloc(0));
  }

  encode(headers: [string, string][]): Promise<Buffer> {
    return through(this.deflater, headerBlock(headers));
  }

  close(): void {
    this.inflater.close();
    this.deflater.close();
  }
}

/** the uncompressed name/value block: count, then length-prefixed names and values (NUL-joined) */
export function headerBlock(headers: [string, string][]): Buffer {
  const parts: Buffer[] = [];
  const u32 = (n: number) => {
    const b = Buffer.alloc(4);
    b.writeUInt32BE(n);
    return b;
  };
  parts.push(u32(headers.length));
  for (const [k, v] of headers) {
    const kb = Buffer.from(k.toLowerCase(), "utf8");
    const vb = Buffer.from(v, "utf8");
    parts.push(u32(kb.length), kb, u32(vb.length), vb);
  }
  return Buffer.concat(parts);
}

export function parseHeaderBlock(plain: Buffer): Map<string, string[]> {
  const out = new Map<string, string[]>();
  if (plain.length < 4) return out;
  const n = plain.readUInt32BE(0);
  let off = 4;
  const take = () => {
    if (off + 4 > plain.length) throw new Error("spdy: truncated header block");
    const len = plain.readUInt32BE(off);
    off += 4;
    if (off + len > plain.length) throw new Error("spdy: truncated header block");
    const s = plain.subarray(off, off + len).toString("utf8");
    off += len;
    return s;
  };
  for (let i = 0; i < n; i++) {
    const k = take();
    out.set(k.toLowerCase(), take().split("\0"));
  }
  return out;
}

/** splits buffered bytes into complete frames; returns the frames and the unconsumed rest */
export function parseFrames(buf: Buffer): { frames: Frame[]; rest: Buffer } {
  const frames: Frame[] = [];
  let off = 0;
  while (buf.length - off >= 8) {
    const len = buf.readUIntBE(off + 5, 3);
    if (buf.length - off < 8 + len) break;
    const flags = buf[off + 4]!;
    const body = buf.subarray(off + 8, off + 8 + len);
    if (buf[off]! & 0x80) frames.push({ type: "control", kind: buf.readUInt16BE(off + 2), flags, body });
    else frames.push({ type: "data", streamId: buf.readUInt32BE(off) & 0x7fffffff, flags, data: body });
    off += 8 + len;
  }
  return { frames, rest: buf.subarray(off) };
}

function header(control: boolean, word: number, flags: number, len: number): Buffer {
  const h = Buffer.alloc(8);
  if (control) {
    h.writeUInt16BE(0x8000 | SPDY_VERSION, 0);
    h.writeUInt16BE(word, 2);
  } else h.writeUInt32BE(word & 0x7fffffff, 0);
  h[4] = flags;
  h.writeUIntBE(len, 5, 3);
  return h;
}

export function controlFrame(kind: number, flags: number, body: Buffer): Buffer {
  return Buffer.concat([header(true, kind, flags, body.length), body]);
}

export function dataFrame(streamId: number, flags: number, data: Buffer): Buffer {
  return Buffer.concat([header(false, streamId, flags, data.length), data]);
}

const u32 = (...ns: number[]) => {
  const b = Buffer.alloc(4 * ns.length);
  ns.forEach((n, i) => b.writeUInt32BE(n >>> 0, 4 * i));
  return b;
};

export function synReply(streamId: number, block: Buffer, flags = 0): Buffer {
  return controlFrame(FRAME.synReply, flags, Buffer.concat([u32(streamId & 0x7fffffff), block]));
}

export function synStream(streamId: number, block: Buffer, flags = 0): Buffer {
  return controlFrame(FRAME.synStream, flags, Buffer.concat([u32(streamId & 0x7fffffff, 0), Buffer.from([0, 0]), block]));
}

export function rstStream(streamId: number, status: number): Buffer {
  return controlFrame(FRAME.rstStream, 0, u32(streamId & 0x7fffffff, status));
}

export function ping(id: number): Buffer {
  return controlFrame(FRAME.ping, 0, u32(id));
}

export function goAway(lastGoodStreamId: number, status = 0): Buffer {
  return controlFrame(FRAME.goAway, 0, u32(lastGoodStreamId & 0x7fffffff, status));
}

/** SYN_STREAM body: stream id, associated id, priority, slot, header block */
export function parseSynStream(body: Buffer): { streamId: number; block: Buffer } {
  return { streamId: body.readUInt32BE(0) & 0x7fffffff, block: body.subarray(10) };
}
