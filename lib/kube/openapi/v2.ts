/**
 * `GET /openapi/v2`, which kubectl 1.27/1.28 fetch before v3 (validation, and building the
 * client-side-apply patch of an existing object), and which any kubectl falls back to when v3
 * does not say enough.
 *
 * The body is the gnostic `openapi.v2.Document` protobuf (google/gnostic
 * openapiv2/OpenAPIv2.proto) holding every generated definition, shaped like upstream's v2
 * (`$ref: "#/definitions/<name>"`, vendor extensions as `NamedAny{name, Any{yaml}}` whose YAML is
 * the JSON text of the value). It has no paths: kubectl learns about `fieldValidation` from the
 * v3 documents. Served with the dotted content type (the `@v1.0` form breaks Go's MIME parser).
 * Encoded once per process on first request.
 */
import { generatedDefinitions, type RawSchema } from "./load";

export const OPENAPI_V2_CONTENT_TYPE = "application/com.github.proto-openapi.spec.v2.v1.0+protobuf";

const utf8 = new TextEncoder();

/** A minimal protobuf writer: only what the gnostic messages need (strings, bools, messages). */
class Writer {
  private readonly chunks: Uint8Array[] = [];
  private length = 0;

  private push(bytes: Uint8Array): void {
    this.chunks.push(bytes);
    this.length += bytes.length;
  }

  private varint(n: number): void {
    const out: number[] = [];
    let v = n;
    while (v > 0x7f) {
      out.push((v & 0x7f) | 0x80);
      v = Math.floor(v / 128);
    }
    out.push(v);
    this.push(Uint8Array.from(out));
  }

  bytes(field: number, data: Uint8Array): this {
    this.varint((field << 3) | 2);
    this.varint(data.length);
    this.push(data);
    return this;
  }

  string(field: number, s: string | undefined): this {
    if (s === undefined || s === "") return this;
    return this.bytes(field, utf8.encode(s));
  }

  bool(field: number, b: boolean): this {
    if (!b) return this;
    this.varint(field << 3);
    this.varint(1);
    return this;
  }

  message(field: number, w: Writer): this {
    return this.bytes(field, w.finish());
  }

  finish(): Uint8Array {
    const out = new Uint8Array(this.length);
    let off = 0;
    for (const c of this.chunks) {
      out.set(c, off);
      off += c.length;
    }
    return out;
  }
}

/** openapi.v2.Any{yaml: JSON text} (JSON is YAML) */
const any = (value: unknown) => new Writer().string(2, JSON.stringify(value));

const EXTENSIONS = [
  "x-kubernetes-group-version-kind",
  "x-kubernetes-list-map-keys",
  "x-kubernetes-list-type",
  "x-kubernetes-map-type",
  "x-kubernetes-patch-merge-key",
  "x-kubernetes-patch-strategy",
] as const;

function schema(raw: RawSchema): Writer {
  const w = new Writer();
  if (raw.$ref) w.string(1, `#/definitions/${raw.$ref}`);
  w.string(2, raw.format);
  w.string(4, raw.description);
  for (const r of raw.required ?? []) w.string(19, r);
  for (const e of raw.enum ?? []) w.message(20, any(e));
  const ap = raw.additionalProperties;
  if (ap !== undefined) {
    w.message(21, typeof ap === "boolean" ? new Writer().bool(2, ap) : new Writer().message(1, schema(ap)));
  }
  if (raw.type) w.message(22, new Writer().string(1, raw.type));
  if (raw.items) w.message(23, new Writer().message(1, schema(raw.items)));
  if (raw.properties) {
    const props = new Writer();
    for (const [name, p] of Object.entries(raw.properties)) {
      props.message(1, new Writer().string(1, name).message(2, schema(p)));
    }
    w.message(25, props);
  }
  for (const ext of EXTENSIONS) {
    const v = raw[ext];
    if (v !== undefined) w.message(31, new Writer().string(1, ext).message(2, any(v)));
  }
  return w;
}

let encoded: Uint8Array | undefined;

/** the protobuf-encoded OpenAPI v2 document (shared; do not modify) */
export function openapiV2(): Uint8Array {
  if (encoded) return encoded;
  const definitions = new Writer();
  for (const [name, def] of Object.entries(generatedDefinitions().definitions)) {
    definitions.message(1, new Writer().string(1, name).message(2, schema(def)));
  }
  encoded = new Writer()
    .string(1, "2.0")
    .message(2, new Writer().string(1, "Kubernetes").string(2, "unversioned"))
    .message(9, definitions)
    .finish();
  return encoded;
}
