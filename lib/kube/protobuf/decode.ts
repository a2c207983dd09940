/**
 * Decoding Kubernetes protobuf bodies into the JSON Go would have produced for the same
 * object: fields in struct order, `omitempty` honoured, pointers emitted when set,
 * non-pointer structs always present, Quantity/IntOrString/Time in their JSON forms and
 * []byte as base64. Unknown fields are skipped.
 */
import { errors } from "../api/errors";
import type { KubeObject } from "../api/types";
import { messageForKind, schema } from "./kinds";
import type { FieldDesc, MessageDesc } from "./schema";
import { SCALARS } from "./schema";
import { formatRFC3339, toBase64 } from "./values";
import { Reader, WIRE_BYTES, WIRE_VARINT, WireError } from "./wire";

/** the 4-byte prefix of every Kubernetes protobuf body: "k8s\0" */
export const PROTOBUF_MAGIC = Uint8Array.of(0x6b, 0x38, 0x73, 0x00);
export const PROTOBUF_MEDIA_TYPE = "application/vnd.kubernetes.protobuf";

const MAX_DEPTH = 64;
const utf8 = new TextDecoder("utf-8");

type Json = unknown;
type Raw = { wire: number; v?: bigint; start: number; end: number };

const isVarintType = (t: string) => t === "int32" || t === "int64" || t === "bool";

function scalarFromVarint(type: string, v: bigint): Json {
  if (type === "int32") return Number(BigInt.asIntN(32, v));
  if (type === "int64") return Number(BigInt.asIntN(64, v));
  return v !== 0n;
}

function zeroOf(f: FieldDesc): Json {
  switch (f.type) {
    case "string":
      return "";
    case "int32":
    case "int64":
      return 0;
    case "bool":
      return false;
    case "quantity":
      return "0";
    case "intOrString":
      return 0;
    default:
      return null; // bytes (nil slice), time, microTime, fieldsV1, extraValue
  }
}

function isZero(v: Json): boolean {
  return v === "" || v === 0 || v === false || v === null;
}

class Decoder {
  constructor(private readonly buf: Uint8Array) {}

  message(desc: MessageDesc, start: number, end: number, depth: number): Record<string, Json> {
    if (depth > MAX_DEPTH) throw new WireError(`message nested deeper than ${MAX_DEPTH} levels`);
    const raw = new Map<number, Raw[]>();
    const r = new Reader(this.buf, start, end);
    while (!r.done()) {
      const { no, wire } = r.tag();
      const f = desc.byNumber.get(no);
      if (!f) {
        r.skip(wire);
        continue;
      }
      let item: Raw;
      if (wire === WIRE_VARINT && isVarintType(f.type) && !f.map) item = { wire, v: r.varint(), start: 0, end: 0 };
      else if (wire === WIRE_BYTES) {
        const [s, e] = r.bytesRange();
        item = { wire, start: s, end: e };
      } else
        throw new WireError(
          `field ${desc.name}.${f.name || f.type} (${no}) has wire type ${wire}, expected ${isVarintType(f.type) && !f.map ? WIRE_VARINT : WIRE_BYTES}`,
        );
      let list = raw.get(no);
      if (!list) raw.set(no, (list = []));
      list.push(item);
    }
    const out: Record<string, Json> = {};
    for (const f of desc.fields) this.emit(out, desc, f, raw.get(f.no), depth);
    return out;
  }

  private emit(out: Record<string, Json>, desc: MessageDesc, f: FieldDesc, items: Raw[] | undefined, depth: number): void {
    if (f.inline) {
      const last = items?.[items.length - 1];
      Object.assign(out, this.message(schema.message(f.type), last?.start ?? 0, last?.end ?? 0, depth + 1));
      return;
    }
    if (f.map) {
      const m: Record<string, Json> = {};
      for (const it of items ?? []) {
        const [k, v] = this.mapEntry(desc, f, it, depth);
        m[k] = v;
      }
      const keys = Object.keys(m).sort();
      if (keys.length) out[f.name] = Object.fromEntries(keys.map((k) => [k, m[k]]));
      else if (f.always) out[f.name] = null;
      return;
    }
    if (f.repeated) {
      const list: Json[] = [];
      for (const it of items ?? []) {
        if (isVarintType(f.type) && it.wire === WIRE_BYTES) {
          // packed encoding
          const pr = new Reader(this.buf, it.start, it.end);
          while (!pr.done()) list.push(scalarFromVarint(f.type, pr.varint()));
        } else list.push(this.value(desc, f, it, depth));
      }
      if (list.length) out[f.name] = list;
      else if (f.always) out[f.name] = null;
      return;
    }
    const last = items?.[items.length - 1];
    const isMessage = !SCALARS.has(f.type) && !isSpecial(f.type);
    if (last === undefined) {
      if (isMessage) {
        if (!f.pointer) out[f.name] = this.message(schema.message(f.type), 0, 0, depth + 1);
        else if (f.always) out[f.name] = null;
      } else if (
        f.always ||
        (!f.pointer && (f.type === "quantity" || f.type === "intOrString" || f.type === "time" || f.type === "microTime"))
      ) {
        // non-pointer structs (Quantity, IntOrString, Time) are always emitted, like f.always scalars
        out[f.name] = f.pointer ? null : zeroOf(f);
      }
      return;
    }
    const v = this.value(desc, f, last, depth);
    if (f.pointer || f.always || isMessage || !isZero(v) || isStructSpecial(f.type)) out[f.name] = v;
  }

  private mapEntry(desc: MessageDesc, f: FieldDesc, it: Raw, depth: number): [string, Json] {
    if (it.wire !== WIRE_BYTES) throw new WireError(`map field ${desc.name}.${f.name} is not length-delimited`);
    const r = new Reader(this.buf, it.start, it.end);
    let key = "";
    let val: Raw | undefined;
    while (!r.done()) {
      const { no, wire } = r.tag();
      if (no === 1 && wire === WIRE_BYTES) {
        const [s, e] = r.bytesRange();
        key = utf8.decode(this.buf.subarray(s, e));
      } else if (no === 2) {
        if (wire === WIRE_VARINT && isVarintType(f.type)) val = { wire, v: r.varint(), start: 0, end: 0 };
        else if (wire === WIRE_BYTES) {
          const [s, e] = r.bytesRange();
          val = { wire, start: s, end: e };
        } else throw new WireError(`map value of ${desc.name}.${f.name} has wire type ${wire}`);
      } else r.skip(wire);
    }
    if (val) return [key, this.value(desc, f, val, depth)];
    // an entry without a value holds the zero value
    const isMessage = !SCALARS.has(f.type) && !isSpecial(f.type);
    if (isMessage) return [key, this.message(schema.message(f.type), 0, 0, depth + 1)];
    return [key, f.type === "bytes" ? "" : zeroOf(f)];
  }

  /** the JSON value of one occurrence of field f */
  private value(desc: MessageDesc, f: FieldDesc, it: Raw, depth: number): Json {
    const bytes = () => this.buf.subarray(it.start, it.end);
    if (isVarintType(f.type)) {
      if (it.v === undefined) throw new WireError(`field ${desc.name}.${f.name} must be a varint`);
      return scalarFromVarint(f.type, it.v);
    }
    switch (f.type) {
      case "string":
        return utf8.decode(bytes());
      case "bytes":
        return toBase64(bytes());
      case "quantity": {
        const s = this.stringField(it, 1);
        return s === "" ? "0" : s;
      }
      case "intOrString":
        return this.intOrString(it);
      case "time":
      case "microTime":
        return this.time(it, f.type === "microTime");
      case "fieldsV1": {
        const raw = this.bytesField(it, 1);
        if (!raw || raw.length === 0) return null;
        try {
          return JSON.parse(utf8.decode(raw));
        } catch {
          throw new WireError(`${desc.name}.${f.name} is not valid JSON`);
        }
      }
      case "extraValue": {
        const items: string[] = [];
        const r = new Reader(this.buf, it.start, it.end);
        while (!r.done()) {
          const { no, wire } = r.tag();
          if (no === 1 && wire === WIRE_BYTES) {
            const [s, e] = r.bytesRange();
            items.push(utf8.decode(this.buf.subarray(s, e)));
          } else r.skip(wire);
        }
        return items;
      }
      default:
        return this.message(schema.message(f.type), it.start, it.end, depth + 1);
    }
  }

  private fields(it: Raw): Map<number, Raw> {
    const m = new Map<number, Raw>();
    const r = new Reader(this.buf, it.start, it.end);
    while (!r.done()) {
      const { no, wire } = r.tag();
      if (wire === WIRE_VARINT) m.set(no, { wire, v: r.varint(), start: 0, end: 0 });
      else if (wire === WIRE_BYTES) {
        const [s, e] = r.bytesRange();
        m.set(no, { wire, start: s, end: e });
      } else r.skip(wire);
    }
    return m;
  }

  private bytesField(it: Raw, no: number): Uint8Array | undefined {
    const f = this.fields(it).get(no);
    return f && f.wire === WIRE_BYTES ? this.buf.subarray(f.start, f.end) : undefined;
  }

  private stringField(it: Raw, no: number): string {
    const b = this.bytesField(it, no);
    return b ? utf8.decode(b) : "";
  }

  private intOrString(it: Raw): Json {
    const m = this.fields(it);
    const type = m.get(1)?.v ?? 0n;
    if (type === 1n) {
      const s = m.get(3);
      return s && s.wire === WIRE_BYTES ? utf8.decode(this.buf.subarray(s.start, s.end)) : "";
    }
    return Number(BigInt.asIntN(32, m.get(2)?.v ?? 0n));
  }

  private time(it: Raw, micro: boolean): Json {
    if (it.end === it.start) return null; // the zero time marshals as an empty message
    const m = this.fields(it);
    const seconds = Number(BigInt.asIntN(64, m.get(1)?.v ?? 0n));
    const nanos = Number(BigInt.asIntN(32, m.get(2)?.v ?? 0n));
    return formatRFC3339(seconds, nanos, micro ? 6 : 0);
  }
}

function isSpecial(t: string): boolean {
  return t === "quantity" || t === "intOrString" || t === "time" || t === "microTime" || t === "fieldsV1" || t === "extraValue";
}

/** Go structs (always emitted even when zero unless they are pointers) */
function isStructSpecial(t: string): boolean {
  return t === "quantity" || t === "intOrString" || t === "time" || t === "microTime";
}

/** Decodes one message (no "k8s\0" envelope) into JSON. Throws WireError on malformed bytes. */
export function decodeMessage(messageName: string, bytes: Uint8Array): Record<string, Json> {
  return new Decoder(bytes).message(schema.message(messageName), 0, bytes.length, 0);
}

function badRequest(detail: string) {
  return errors.badRequest(`unable to decode protobuf request body: ${detail}`);
}

/**
 * Decodes a Kubernetes protobuf request body (`k8s\0` + runtime.Unknown{typeMeta, raw,
 * contentEncoding, contentType}) into the JSON object it represents.
 * Throws StatusError 400 for malformed bytes and 415 for a kind without a protobuf table.
 */
export function decodeProtobufObject(buf: Uint8Array): KubeObject {
  if (buf.length < 4 || !PROTOBUF_MAGIC.every((b, i) => buf[i] === b)) {
    throw badRequest('the body does not start with the "k8s\\x00" protobuf prefix');
  }
  let apiVersion = "";
  let kind = "";
  let raw: [number, number] | undefined;
  let contentEncoding = "";
  try {
    const r = new Reader(buf, 4);
    while (!r.done()) {
      const { no, wire } = r.tag();
      if (no === 1 && wire === WIRE_BYTES) {
        const [s, e] = r.bytesRange();
        const tr = new Reader(buf, s, e);
        while (!tr.done()) {
          const t = tr.tag();
          if ((t.no === 1 || t.no === 2) && t.wire === WIRE_BYTES) {
            const [ts, te] = tr.bytesRange();
            const v = utf8.decode(buf.subarray(ts, te));
            if (t.no === 1) apiVersion = v;
            else kind = v;
          } else tr.skip(t.wire);
        }
      } else if (no === 2 && wire === WIRE_BYTES) raw = r.bytesRange();
      else if (no === 3 && wire === WIRE_BYTES) {
        const [s, e] = r.bytesRange();
        contentEncoding = utf8.decode(buf.subarray(s, e));
      } else r.skip(wire);
    }
  } catch (e) {
    if (e instanceof WireError) throw badRequest(e.message);
    throw e;
  }
  if (!kind || !apiVersion) throw badRequest("the envelope names no apiVersion/kind");
  if (contentEncoding) throw badRequest(`content encoding ${JSON.stringify(contentEncoding)} is not supported`);
  const messageName = messageForKind(apiVersion, kind);
  if (!messageName) {
    throw errors.unsupportedMediaType(`${PROTOBUF_MEDIA_TYPE} (${apiVersion}, Kind=${kind})`, ["application/json", "application/yaml"]);
  }
  try {
    const body = new Decoder(buf).message(schema.message(messageName), raw?.[0] ?? 0, raw?.[1] ?? 0, 0);
    return { kind, apiVersion, ...body } as KubeObject;
  } catch (e) {
    if (e instanceof WireError) throw badRequest(`${apiVersion}, Kind=${kind}: ${e.message}`);
    throw e;
  }
}
