/**
 * The protobuf wire format, by hand: varints, fixed 32/64-bit and length-delimited fields.
 *
 * Why not protobufjs (which is installed): we need Go's JSON semantics on top of the wire
 * data (omitempty vs pointers, inline structs, Quantity/IntOrString/Time as their JSON forms),
 * which a generic decoder does not know; the wire format itself is ~100 lines. Decoding from
 * our own descriptor table keeps one source of truth for both concerns.
 */

export class WireError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "WireError";
  }
}

export const WIRE_VARINT = 0;
export const WIRE_FIXED64 = 1;
export const WIRE_BYTES = 2;
export const WIRE_FIXED32 = 5;

export class Reader {
  pos: number;
  constructor(
    readonly buf: Uint8Array,
    start = 0,
    readonly end = buf.length,
  ) {
    this.pos = start;
  }

  done(): boolean {
    return this.pos >= this.end;
  }

  /** an unsigned varint as a bigint (up to 64 bits) */
  varint(): bigint {
    let result = 0n;
    let shift = 0n;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= this.end) throw new WireError(`truncated varint at byte ${this.pos}`);
      const b = this.buf[this.pos++]!;
      result |= BigInt(b & 0x7f) << shift;
      if (b < 0x80) return BigInt.asUintN(64, result);
      shift += 7n;
    }
    throw new WireError(`varint longer than 10 bytes at byte ${this.pos}`);
  }

  /** a tag: field number and wire type */
  tag(): { no: number; wire: number } {
    const at = this.pos;
    const v = this.varint();
    const no = Number(v >> 3n);
    const wire = Number(v & 7n);
    if (no === 0) throw new WireError(`illegal field number 0 at byte ${at}`);
    return { no, wire };
  }

  /** the [start, end) of a length-delimited payload */
  bytesRange(): [number, number] {
    const at = this.pos;
    const len = this.varint();
    if (len > BigInt(this.end - this.pos)) throw new WireError(`length ${len} at byte ${at} runs past the end of the message`);
    const start = this.pos;
    this.pos += Number(len);
    return [start, this.pos];
  }

  skip(wire: number): void {
    switch (wire) {
      case WIRE_VARINT:
        this.varint();
        return;
      case WIRE_FIXED64:
        this.advance(8);
        return;
      case WIRE_BYTES:
        this.bytesRange();
        return;
      case WIRE_FIXED32:
        this.advance(4);
        return;
      default:
        throw new WireError(`unsupported wire type ${wire} at byte ${this.pos}`);
    }
  }

  private advance(n: number): void {
    if (this.pos + n > this.end) throw new WireError(`truncated fixed-size field at byte ${this.pos}`);
    this.pos += n;
  }
}

export class Writer {
  private chunks: number[] = [];

  varint(v: bigint | number): this {
    let x = BigInt.asUintN(64, BigInt(v));
    while (x >= 0x80n) {
      this.chunks.push(Number(x & 0x7fn) | 0x80);
      x >>= 7n;
    }
    this.chunks.push(Number(x));
    return this;
  }

  tag(no: number, wire: number): this {
    return this.varint((BigInt(no) << 3n) | BigInt(wire));
  }

  bytes(no: number, data: Uint8Array): this {
    this.tag(no, WIRE_BYTES).varint(data.length);
    for (const b of data) this.chunks.push(b);
    return this;
  }

  string(no: number, s: string): this {
    return this.bytes(no, new TextEncoder().encode(s));
  }

  raw(data: Uint8Array): this {
    for (const b of data) this.chunks.push(b);
    return this;
  }

  finish(): Uint8Array {
    return Uint8Array.from(this.chunks);
  }
}
