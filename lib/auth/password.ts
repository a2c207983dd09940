/**
 * Password hashing with scrypt (node:crypto). Each hash carries its own salt and parameters:
 *   "scrypt$<N>$<r>$<p>$<salt base64url>$<key base64url>"
 * so parameters can be raised later (needsRehash) without breaking stored hashes.
 * verifyPassword compares in constant time and returns false (never throws) on malformed input.
 */
import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from "node:crypto";

export interface ScryptParams {
  /** CPU/memory cost, a power of two */
  N: number;
  r: number;
  p: number;
  keyLength: number;
  saltLength: number;
}

/** ~16 MiB and ~50 ms per hash on a small server. */
export const DEFAULT_SCRYPT_PARAMS: ScryptParams = { N: 16384, r: 8, p: 1, keyLength: 32, saltLength: 16 };

const MAX_N = 2 ** 20;
const MAX_PASSWORD_BYTES = 1024;

function scrypt(password: string, salt: Buffer, keyLength: number, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scryptCb(password, salt, keyLength, options, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

function options(params: Pick<ScryptParams, "N" | "r" | "p">): ScryptOptions {
  return { N: params.N, r: params.r, p: params.p, maxmem: 256 * params.N * params.r + 1024 * 1024 };
}

export async function hashPassword(password: string, params: ScryptParams = DEFAULT_SCRYPT_PARAMS): Promise<string> {
  if (Buffer.byteLength(password) > MAX_PASSWORD_BYTES) throw new RangeError("password too long");
  const salt = randomBytes(params.saltLength);
  const key = await scrypt(password, salt, params.keyLength, options(params));
  return ["scrypt", params.N, params.r, params.p, salt.toString("base64url"), key.toString("base64url")].join("$");
}

export interface ParsedHash {
  N: number;
  r: number;
  p: number;
  salt: Buffer;
  key: Buffer;
}

/** Parses a stored hash; undefined when it is not one of ours or its parameters are out of bounds. */
export function parseHash(stored: string): ParsedHash | undefined {
  const parts = stored.split("$");
  if (parts.length !== 6 || parts[0] !== "scrypt") return undefined;
  const [N, r, p] = parts.slice(1, 4).map((v) => (/^\d+$/.test(v) ? Number(v) : NaN)) as [number, number, number];
  if (!(N >= 2 && N <= MAX_N && (N & (N - 1)) === 0) || !(r >= 1 && r <= 32) || !(p >= 1 && p <= 16)) return undefined;
  const salt = Buffer.from(parts[4] ?? "", "base64url");
  const key = Buffer.from(parts[5] ?? "", "base64url");
  if (salt.length < 8 || key.length < 16) return undefined;
  return { N, r, p, salt, key };
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parseHash(stored);
  if (!parsed || Buffer.byteLength(password) > MAX_PASSWORD_BYTES) return false;
  const candidate = await scrypt(password, parsed.salt, parsed.key.length, options(parsed));
  return timingSafeEqual(candidate, parsed.key);
}

/** True when `stored` was made with weaker (or different) parameters than `params`. */
export function needsRehash(stored: string, params: ScryptParams = DEFAULT_SCRYPT_PARAMS): boolean {
  const parsed = parseHash(stored);
  return !parsed || parsed.N !== params.N || parsed.r !== params.r || parsed.p !== params.p || parsed.key.length !== params.keyLength;
}

let dummy: Promise<string> | undefined;

/** Burns the same time as a real verification (for unknown emails), always false. */
export async function verifyAgainstDummy(password: string): Promise<false> {
  dummy ??= hashPassword("kubelab-dummy-password");
  await verifyPassword(password, await dummy);
  return false;
}
