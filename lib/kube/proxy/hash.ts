/**
 * Chain names as kube-proxy's iptables mode makes them (pkg/proxy/iptables/proxier.go
 * portProtoHash / servicePortEndpointChainName): base32 (RFC 4648, upper case) of the SHA-256 of
 * `<namespace>/<name>[:<port name>]` + lower-case protocol (+ endpoint `ip:port` for KUBE-SEP),
 * truncated to 16 characters.
 */
import { createHash } from "node:crypto";

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/** the first `chars` characters of base32.StdEncoding of `bytes` */
function base32Prefix(bytes: Uint8Array, chars: number): string {
  let out = "";
  let bits = 0;
  let value = 0;
  for (let i = 0; i < bytes.length && out.length < chars; i++) {
    value = (value << 8) | bytes[i]!;
    bits += 8;
    while (bits >= 5 && out.length < chars) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    value &= (1 << bits) - 1;
  }
  return out;
}

export function portProtoHash(servicePortName: string, protocol: string): string {
  return base32Prefix(
    createHash("sha256")
      .update(servicePortName + protocol.toLowerCase())
      .digest(),
    16,
  );
}

export const servicePortChainName = (spn: string, protocol: string) => `KUBE-SVC-${portProtoHash(spn, protocol)}`;
export const serviceExternalChainName = (spn: string, protocol: string) => `KUBE-EXT-${portProtoHash(spn, protocol)}`;
export const serviceLocalChainName = (spn: string, protocol: string) => `KUBE-SVL-${portProtoHash(spn, protocol)}`;

export function servicePortEndpointChainName(spn: string, protocol: string, endpoint: string): string {
  const digest = createHash("sha256")
    .update(spn + protocol.toLowerCase() + endpoint)
    .digest();
  return `KUBE-SEP-${base32Prefix(digest, 16)}`;
}

/** ServicePortName.String(): "ns/name" plus ":port" when the port is named */
export function servicePortNameString(namespace: string, name: string, port: string): string {
  return port ? `${namespace}/${name}:${port}` : `${namespace}/${name}`;
}

/**
 * The probability text `iptables-save` prints for `-m statistic --mode random`: kube-proxy writes
 * `%0.10f` of 1/n; the kernel keeps it as a u32 fraction of 2^31 and iptables prints it back
 * with `%.11f` (so 1/3 reads 0.33333333349).
 */
export function savedProbability(n: number): { value: number; text: string } {
  const written = Number((1 / n).toFixed(10));
  const stored = Math.round(written * 0x80000000);
  const value = stored / 0x80000000;
  return { value, text: value.toFixed(11) };
}
