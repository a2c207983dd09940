/**
 * Message descriptors for the Kubernetes protobuf encoding, as data.
 *
 * Each message is a string of `;`-separated fields, `<number> <jsonName> <type><flags>`, in
 * Go struct order (= JSON key order). Types: string int32 int64 bool bytes, the special
 * types quantity (resource.Quantity), intOrString, time (metav1.Time), microTime, fieldsV1,
 * extraValue (a []string wrapped in a message), or a message name. Flags, mirroring the Go
 * struct tags so the JSON reads as Go's encoding/json would write it:
 *   `[]` repeated;  `{T}` map<string,T> (the type position holds the value type);
 *   `*`  a Go pointer: emitted whenever present on the wire, even if zero;
 *   `!`  no `omitempty`: always emitted (zero value, or null for a nil slice/map/pointer);
 *   `^`  embedded `json:",inline"` struct (name `-`): its fields merge into the parent.
 * Without flags a scalar is `omitempty` (dropped when zero) and a message is a non-pointer
 * struct, which Go always emits (`{}` when empty).
 */

export type ScalarType = "string" | "int32" | "int64" | "bool" | "bytes";
export type SpecialType = "quantity" | "intOrString" | "time" | "microTime" | "fieldsV1" | "extraValue";

export interface FieldDesc {
  no: number;
  /** JSON name; "" for an inline embedded struct */
  name: string;
  /** scalar, special or message type; for maps, the value type */
  type: string;
  repeated: boolean;
  map: boolean;
  pointer: boolean;
  always: boolean;
  inline: boolean;
}

export interface MessageDesc {
  name: string;
  fields: FieldDesc[];
  byNumber: Map<number, FieldDesc>;
}

export const SCALARS: ReadonlySet<string> = new Set(["string", "int32", "int64", "bool", "bytes"]);
export const SPECIALS: ReadonlySet<string> = new Set(["quantity", "intOrString", "time", "microTime", "fieldsV1", "extraValue"]);

const FIELD_RE = /^(\d+)\s+(-|[A-Za-z][A-Za-z0-9]*)\s+(\{[A-Za-z][A-Za-z0-9]*\}|[A-Za-z][A-Za-z0-9]*)(\[\])?([*!^]*)$/;

export function parseMessage(name: string, spec: string): MessageDesc {
  const fields: FieldDesc[] = [];
  const byNumber = new Map<number, FieldDesc>();
  for (const part of spec.split(";")) {
    const text = part.trim();
    if (!text) continue;
    const m = FIELD_RE.exec(text);
    if (!m) throw new Error(`protobuf schema ${name}: cannot parse field "${text}"`);
    const typeText = m[3]!;
    const flags = m[5] ?? "";
    const isMap = typeText.startsWith("{");
    const f: FieldDesc = {
      no: Number(m[1]),
      name: m[2] === "-" ? "" : m[2]!,
      type: isMap ? typeText.slice(1, -1) : typeText,
      repeated: m[4] === "[]",
      map: isMap,
      pointer: flags.includes("*"),
      always: flags.includes("!"),
      inline: flags.includes("^"),
    };
    if (f.inline !== (f.name === "")) throw new Error(`protobuf schema ${name}: inline fields are named "-" (field ${f.no})`);
    if (byNumber.has(f.no)) throw new Error(`protobuf schema ${name}: duplicate field number ${f.no}`);
    fields.push(f);
    byNumber.set(f.no, f);
  }
  return { name, fields, byNumber };
}

/** A set of message descriptors, parsed on first use. */
export class Schema {
  private readonly parsed = new Map<string, MessageDesc>();
  constructor(private readonly sources: Record<string, string>) {}

  message(name: string): MessageDesc {
    let d = this.parsed.get(name);
    if (!d) {
      const src = Object.prototype.hasOwnProperty.call(this.sources, name) ? this.sources[name] : undefined;
      if (src === undefined) throw new Error(`protobuf schema: unknown message ${name}`);
      d = parseMessage(name, src);
      this.parsed.set(name, d);
    }
    return d;
  }

  has(name: string): boolean {
    return Object.prototype.hasOwnProperty.call(this.sources, name);
  }

  names(): string[] {
    return Object.keys(this.sources);
  }

  /** every problem in the tables: unparsable fields and references to undefined messages */
  check(): string[] {
    const problems: string[] = [];
    for (const name of this.names()) {
      let d: MessageDesc;
      try {
        d = this.message(name);
      } catch (e) {
        problems.push((e as Error).message);
        continue;
      }
      for (const f of d.fields) {
        if (!SCALARS.has(f.type) && !SPECIALS.has(f.type) && !this.has(f.type))
          problems.push(`${name}.${f.name || "-"}: unknown type ${f.type}`);
        if (f.inline && (SCALARS.has(f.type) || SPECIALS.has(f.type))) problems.push(`${name}: inline field of scalar type`);
      }
    }
    return problems;
  }
}
