/**
 * Encoding JSON objects to the Kubernetes protobuf form, with the same descriptor tables as
 * the decoder. The API server replies in JSON, so this serves tests (round trips) and tools.
 * Fields absent from the JSON are not written; null values are skipped.
 */
import type { KubeObject } from "../api/types";
import { PROTOBUF_MAGIC } from "./decode";
import { messageForKind, schema } from "./kinds";
import type { FieldDesc, MessageDesc } from "./schema";
import { fromBase64, parseRFC3339 } from "./values";
import { WIRE_BYTES, WIRE_VARINT, Writer } from "./wire";

type Obj = Record<string, unknown>;

function asObject(v: unknown, where: string): Obj {
  if (typeof v !== "object" || v === null || Array.isArray(v)) throw new TypeError(`${where}: expected an object`);
  return v as Obj;
}

function int(v: unknown, where: string): bigint {
  if (typeof v !== "number" || !Number.isInteger(v)) throw new TypeError(`${where}: expected an integer, got ${JSON.stringify(v)}`);
  return BigInt(v);
}

function str(v: unknown, where: string): string {
  if (typeof v !== "string") throw new TypeError(`${where}: expected a string, got ${JSON.stringify(v)}`);
  return v;
}

function sub(build: (w: Writer) => void): Uint8Array {
  const w = new Writer();
  build(w);
  return w.finish();
}

function encodeValue(w: Writer, f: FieldDesc, no: number, v: unknown, where: string): void {
  switch (f.type) {
    case "string":
      w.string(no, str(v, where));
      return;
    case "int32":
    case "int64":
      w.tag(no, WIRE_VARINT).varint(int(v, where));
      return;
    case "bool":
      if (typeof v !== "boolean") throw new TypeError(`${where}: expected a boolean`);
      w.tag(no, WIRE_VARINT).varint(v ? 1 : 0);
      return;
    case "bytes":
      w.bytes(no, fromBase64(str(v, where)));
      return;
    case "quantity":
      w.bytes(
        no,
        sub((q) => q.string(1, typeof v === "number" ? String(v) : str(v, where))),
      );
      return;
    case "intOrString":
      if (typeof v === "number")
        w.bytes(
          no,
          sub((q) => q.tag(1, WIRE_VARINT).varint(0).tag(2, WIRE_VARINT).varint(int(v, where))),
        );
      else
        w.bytes(
          no,
          sub((q) => q.tag(1, WIRE_VARINT).varint(1).string(3, str(v, where))),
        );
      return;
    case "time":
    case "microTime": {
      const { seconds, nanos } = parseRFC3339(str(v, where));
      w.bytes(
        no,
        sub((q) => {
          q.tag(1, WIRE_VARINT).varint(seconds);
          if (nanos) q.tag(2, WIRE_VARINT).varint(nanos);
        }),
      );
      return;
    }
    case "fieldsV1":
      w.bytes(
        no,
        sub((q) => q.string(1, JSON.stringify(v))),
      );
      return;
    case "extraValue":
      if (!Array.isArray(v)) throw new TypeError(`${where}: expected an array of strings`);
      w.bytes(
        no,
        sub((q) => v.forEach((s, i) => q.string(1, str(s, `${where}[${i}]`)))),
      );
      return;
    default:
      w.bytes(no, encodeMessage(schema.message(f.type), asObject(v, where), where));
  }
}

/** encodes one message's fields from a JSON object */
export function encodeMessage(desc: MessageDesc, obj: Obj, where = desc.name): Uint8Array {
  const w = new Writer();
  for (const f of desc.fields) {
    if (f.inline) {
      w.bytes(f.no, encodeMessage(schema.message(f.type), obj, where));
      continue;
    }
    const v = obj[f.name];
    const at = `${where}.${f.name}`;
    if (v === undefined || v === null) continue;
    if (f.map) {
      const m = asObject(v, at);
      for (const k of Object.keys(m)) {
        const entry = m[k];
        w.bytes(
          f.no,
          sub((e) => {
            e.string(1, k);
            if (entry !== null && entry !== undefined) encodeValue(e, f, 2, entry, `${at}[${k}]`);
          }),
        );
      }
    } else if (f.repeated) {
      if (!Array.isArray(v)) throw new TypeError(`${at}: expected an array`);
      v.forEach((item, i) => encodeValue(w, f, f.no, item, `${at}[${i}]`));
    } else encodeValue(w, f, f.no, v, at);
  }
  return w.finish();
}

/** `k8s\0` + runtime.Unknown{typeMeta, raw} for an object of a supported kind */
export function encodeProtobufObject(obj: KubeObject): Uint8Array {
  const messageName = messageForKind(obj.apiVersion, obj.kind);
  if (!messageName) throw new TypeError(`no protobuf table for ${obj.apiVersion}, Kind=${obj.kind}`);
  const raw = encodeMessage(schema.message(messageName), obj as unknown as Obj, obj.kind);
  const w = new Writer().raw(PROTOBUF_MAGIC);
  w.bytes(
    1,
    sub((t) => t.string(1, obj.apiVersion).string(2, obj.kind)),
  );
  w.bytes(2, raw);
  w.tag(3, WIRE_BYTES).varint(0);
  w.tag(4, WIRE_BYTES).varint(0);
  return w.finish();
}
