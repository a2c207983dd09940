/**
 * A small certificate authority for the embedded clusters' HTTPS endpoints.
 *
 * Guarantees:
 * - keys are EC P-256, signatures ECDSA with SHA-256 (what kubeadm's default `ECDSA-P256` issues);
 * - a server certificate always carries SANs for 127.0.0.1, ::1 and localhost plus the given
 *   host names / IPs, extended key usage serverAuth, and chains to the CA it was issued by;
 * - everything is returned as PEM, ready for `tls.createServer({ cert, key })` and for a
 *   kubeconfig's `certificate-authority-data` (base64 of `CertificateAuthority.certPem`).
 *
 * Certificates take milliseconds of async WebCrypto work: create one CA (and usually one server
 * certificate) per process or platform and share it across clusters, never one per cluster.
 */
// @peculiar/x509 resolves its algorithm providers through tsyringe, which needs this polyfill first
import "reflect-metadata";
import { webcrypto, X509Certificate as NodeX509 } from "node:crypto";
import { isIP } from "node:net";
import * as x509 from "@peculiar/x509";

const crypto = webcrypto as unknown as Crypto;
x509.cryptoProvider.set(crypto);

const EC_ALG: EcKeyGenParams & EcdsaParams = { name: "ECDSA", namedCurve: "P-256", hash: "SHA-256" };
const DAY_MS = 86_400_000;

export interface CertificateAuthority {
  certPem: string;
  keyPem: string;
  /** the CA's signing key, kept for issuing */
  readonly signingKey: CryptoKey;
  readonly cert: x509.X509Certificate;
}

export interface ServerCertificate {
  certPem: string;
  keyPem: string;
  /** the CA certificate, PEM (what clients must trust) */
  caPem: string;
}

export interface CertOptions {
  /** subject common name */
  commonName?: string;
  /** validity in days (default: CA 3650, server 365) */
  days?: number;
  /** start of validity (default: now minus 5 minutes, for clock skew) */
  notBefore?: Date;
}

/** Positive random serial number, hex (Go rejects negative serials). */
function serialNumber(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[0] = bytes[0]! & 0x7f;
  if (bytes[0] === 0) bytes[0] = 1;
  return Buffer.from(bytes).toString("hex");
}

async function privateKeyPem(key: CryptoKey): Promise<string> {
  const der = await crypto.subtle.exportKey("pkcs8", key);
  return x509.PemConverter.encode(der, "PRIVATE KEY");
}

function validity(opts: CertOptions, defaultDays: number): { notBefore: Date; notAfter: Date } {
  const notBefore = opts.notBefore ?? new Date(Date.now() - 5 * 60_000);
  return { notBefore, notAfter: new Date(notBefore.getTime() + (opts.days ?? defaultDays) * DAY_MS) };
}

/** A self-signed CA certificate (basicConstraints CA:true, keyCertSign). */
export async function createCertificateAuthority(opts: CertOptions = {}): Promise<CertificateAuthority> {
  const keys = (await crypto.subtle.generateKey(EC_ALG, true, ["sign", "verify"])) as CryptoKeyPair;
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serialNumber(),
    name: `CN=${opts.commonName ?? "kubelab-ca"}`,
    ...validity(opts, 3650),
    signingAlgorithm: EC_ALG,
    keys,
    extensions: [
      new x509.BasicConstraintsExtension(true, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign | x509.KeyUsageFlags.digitalSignature, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  return { certPem: cert.toString("pem"), keyPem: await privateKeyPem(keys.privateKey), signingKey: keys.privateKey, cert };
}

/** Loads a CA from PEMs (e.g. persisted by the platform). */
export async function loadCertificateAuthority(certPem: string, keyPem: string): Promise<CertificateAuthority> {
  const cert = new x509.X509Certificate(certPem);
  const der = x509.PemConverter.decodeFirst(keyPem);
  const signingKey = await crypto.subtle.importKey("pkcs8", der, EC_ALG, true, ["sign"]);
  return { certPem: cert.toString("pem"), keyPem, signingKey, cert };
}

export interface ServerCertOptions extends CertOptions {
  /** extra DNS names or IP addresses for the SAN extension */
  hostnames?: string[];
}

/** A serving certificate signed by `ca`, valid for loopback plus `hostnames`. */
export async function issueServerCertificate(ca: CertificateAuthority, opts: ServerCertOptions = {}): Promise<ServerCertificate> {
  const keys = (await crypto.subtle.generateKey(EC_ALG, true, ["sign", "verify"])) as CryptoKeyPair;
  const names = [...new Set(["localhost", "127.0.0.1", "::1", ...(opts.hostnames ?? [])])];
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: serialNumber(),
    subject: `CN=${opts.commonName ?? "kube-apiserver"}`,
    issuer: ca.cert.subject,
    ...validity(opts, 365),
    signingAlgorithm: EC_ALG,
    publicKey: keys.publicKey,
    signingKey: ca.signingKey,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      new x509.SubjectAlternativeNameExtension(names.map((n) => ({ type: isIP(n) ? ("ip" as const) : ("dns" as const), value: n }))),
      await x509.AuthorityKeyIdentifierExtension.create(ca.cert),
    ],
  });
  return { certPem: cert.toString("pem"), keyPem: await privateKeyPem(keys.privateKey), caPem: ca.certPem };
}

/** node's view of a PEM certificate (for checks and tests) */
export function inspectCertificate(pem: string): NodeX509 {
  return new NodeX509(pem);
}

let shared: Promise<{ ca: CertificateAuthority; server: ServerCertificate }> | undefined;

/**
 * One CA and one loopback serving certificate per process, created on first use. Clusters served
 * from this process share them, so creating a cluster costs no cryptography.
 */
export function sharedServingCertificate(): Promise<{ ca: CertificateAuthority; server: ServerCertificate }> {
  shared ??= (async () => {
    const ca = await createCertificateAuthority();
    return { ca, server: await issueServerCertificate(ca) };
  })();
  return shared;
}
