/**
 * resource.Quantity: an exact fixed-point number with a remembered format, formatted in
 * canonical form (`0.5` -> `500m`, `1.5Gi` -> `1536Mi`, `1000` -> `1k`, `12e7` -> `120e6`).
 *
 * Representation: the value in nano units as a bigint. Upstream never keeps more precision
 * than 1n (finer values round up, away from zero), so this is exact for every quantity it can
 * hold. Like upstream, a string already in canonical form is kept verbatim (`129E6`, `+1`).
 */
import {
  ERR_FORMAT_WRONG,
  ERR_NUMERIC,
  ERR_SUFFIX,
  QuantityError,
  type QuantityFormat,
  binarySuffixByPower,
  decimalSuffixFor,
  interpretSuffix,
  scanQuantity,
} from "./parse";

const NANO = 1_000_000_000n;
const MAX_INT64 = 2n ** 63n - 1n;
/** exponents beyond this are refused (upstream would build numbers of that many digits) */
const MAX_EXPONENT = 400;

const pow10 = (n: number): bigint => 10n ** BigInt(n);

/** ceil(|a| / b) with a's sign, b > 0 */
function divRoundAway(a: bigint, b: bigint): bigint {
  const neg = a < 0n;
  const m = neg ? -a : a;
  const q = (m + b - 1n) / b;
  return neg ? -q : q;
}

export class Quantity {
  private constructor(
    /** the value times 10^9 */
    readonly nanos: bigint,
    readonly format: QuantityFormat,
    private readonly original?: string,
  ) {
    Object.freeze(this);
  }

  /** resource.ParseQuantity. Throws QuantityError with upstream's message. */
  static parse(str: string): Quantity {
    if (str.length === 0) throw new QuantityError(ERR_FORMAT_WRONG);
    if (str === "0") return new Quantity(0n, "DecimalSI", "0");
    const { positive, num, denom, suffix } = scanQuantity(str);
    const suf = interpretSuffix(suffix);
    if (!suf) throw new QuantityError(ERR_SUFFIX);
    if (Math.abs(suf.exponent) > MAX_EXPONENT) throw new QuantityError(ERR_NUMERIC);
    const digits = BigInt(num + denom);
    let format = suf.format;
    let nanos: bigint;
    if (suf.base === 10) {
      const shift = suf.exponent - denom.length + 9;
      nanos = shift >= 0 ? digits * pow10(shift) : divRoundAway(digits, pow10(-shift));
    } else {
      const scaled = digits * (1n << BigInt(suf.exponent)) * NANO;
      nanos = divRoundAway(scaled, pow10(denom.length));
      if (nanos > MAX_INT64 * NANO) nanos = MAX_INT64 * NANO; // upstream caps binary quantities
      if (nanos > 0n && nanos < NANO) format = "DecimalSI";
    }
    if (!positive) nanos = -nanos;
    return new Quantity(nanos, format, isCanonicalInput(num, denom, suf.base, suf.exponent) ? str : undefined);
  }

  /** a quantity of `n` milli-units (resource.NewMilliQuantity) */
  static fromMilli(milli: number | bigint, format: QuantityFormat = "DecimalSI"): Quantity {
    return new Quantity(BigInt(milli) * 1_000_000n, format);
  }

  /** a quantity of `n` units (resource.NewQuantity) */
  static fromInt(n: number | bigint, format: QuantityFormat = "DecimalSI"): Quantity {
    return new Quantity(BigInt(n) * NANO, format);
  }

  /** a quantity from nano units */
  static fromNanos(nanos: bigint, format: QuantityFormat = "DecimalSI"): Quantity {
    return new Quantity(nanos, format);
  }

  isZero(): boolean {
    return this.nanos === 0n;
  }

  sign(): -1 | 0 | 1 {
    return this.nanos < 0n ? -1 : this.nanos > 0n ? 1 : 0;
  }

  /** Quantity.Cmp */
  cmp(other: Quantity): -1 | 0 | 1 {
    return this.nanos < other.nanos ? -1 : this.nanos > other.nanos ? 1 : 0;
  }

  equal(other: Quantity): boolean {
    return this.nanos === other.nanos;
  }

  /** Quantity.Add: keeps this format, or takes other's when this is zero */
  add(other: Quantity): Quantity {
    return new Quantity(this.nanos + other.nanos, this.nanos === 0n ? other.format : this.format);
  }

  /** Quantity.Sub */
  sub(other: Quantity): Quantity {
    return new Quantity(this.nanos - other.nanos, this.nanos === 0n ? other.format : this.format);
  }

  neg(): Quantity {
    return new Quantity(-this.nanos, this.format);
  }

  /** Quantity.Value: rounded away from zero to an integer */
  value(): number {
    return Number(divRoundAway(this.nanos, NANO));
  }

  /** Quantity.MilliValue: the value × 1000, rounded away from zero */
  milliValue(): number {
    return Number(divRoundAway(this.nanos, 1_000_000n));
  }

  /** the value as a float (AsApproximateFloat64) */
  asApproximateFloat64(): number {
    return Number(this.nanos) / 1e9;
  }

  /** the canonical string (Quantity.String) */
  toString(): string {
    return this.original ?? canonicalize(this.nanos, this.format);
  }

  /** JSON is the canonical string, as upstream's MarshalJSON */
  toJSON(): string {
    return this.toString();
  }
}

/** the fast-path test in ParseQuantity for keeping the input string as the canonical one */
function isCanonicalInput(num: string, denom: string, base: 10 | 2, exponent: number): boolean {
  const shifted = num + denom;
  if (base === 2) {
    const precision = 15 - num.length - Math.trunc((exponent * 3) / 10) - 1;
    if (denom.length > 0 || precision < 0) return false;
    const v = BigInt(shifted);
    if (v << BigInt(exponent) > MAX_INT64) return false;
    return exponent % 10 === 0 && (v & 7n) !== 0n;
  }
  const scale = exponent - denom.length;
  if (shifted.length > 18 || scale < -9) return false;
  return scale % 3 === 0 && !shifted.endsWith("000") && shifted[0] !== "0";
}

/** CanonicalizeBytes */
function canonicalize(nanos: bigint, format: QuantityFormat): string {
  if (nanos === 0n) return "0";
  if (format === "BinarySI") {
    const abs = nanos < 0n ? -nanos : nanos;
    if (abs < 1024n * NANO || nanos % NANO !== 0n) format = "DecimalSI";
    else {
      let v = nanos / NANO;
      let power = 0;
      while (power < 6 && (v >= 1024n || v <= -1024n) && v % 1024n === 0n) {
        v /= 1024n;
        power++;
      }
      return `${v}${binarySuffixByPower[power]}`;
    }
  }
  // decimal: drop factors of ten, then bring the exponent down to a multiple of 3
  let mantissa = nanos;
  let exponent = -9;
  while (mantissa % 10n === 0n) {
    mantissa /= 10n;
    exponent++;
  }
  while (((exponent % 3) + 3) % 3 !== 0) {
    mantissa *= 10n;
    exponent--;
  }
  if (format === "DecimalExponent") return exponent === 0 ? `${mantissa}` : `${mantissa}e${exponent}`;
  // DecimalSI has no suffix above E (10^18): upstream would drop the suffix; keep the value right
  if (exponent > 18) {
    mantissa *= pow10(exponent - 18);
    exponent = 18;
  }
  return `${mantissa}${decimalSuffixFor(exponent)}`;
}
