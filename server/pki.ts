/**
 * The platform's certificate authority and serving certificate for the sandbox APIs, kept in
 * `<dataDir>/pki/` (keys 0600). The CA is generated on first start and kept for good (every
 * downloaded kubeconfig trusts it); the serving certificate is re-issued when the wanted host
 * names change or it expires within 30 days.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { createCertificateAuthority, inspectCertificate, issueServerCertificate, loadCertificateAuthority } from "../lib/kube/pki/index";

export interface PlatformPki {
  caPem: string;
  certPem: string;
  keyPem: string;
  /** the host names / IPs the serving certificate is valid for */
  hostnames: string[];
}

const RENEW_BEFORE_MS = 30 * 86_400_000;

function read(file: string): string | undefined {
  return existsSync(file) ? readFileSync(file, "utf8") : undefined;
}

/** SANs the serving certificate must carry: loopback (added by pki), this machine's name, and `extra`. */
export function wantedHostnames(extra: readonly string[] = []): string[] {
  return [...new Set(["localhost", "127.0.0.1", "::1", os.hostname(), ...extra].map((h) => h.trim()).filter(Boolean))].sort();
}

export async function loadPlatformPki(dataDir: string, extraHostnames: readonly string[] = []): Promise<PlatformPki> {
  const dir = path.resolve(dataDir, "pki");
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const files = { caCert: path.join(dir, "ca.crt"), caKey: path.join(dir, "ca.key"), cert: path.join(dir, "apiserver.crt"), key: path.join(dir, "apiserver.key"), names: path.join(dir, "apiserver.names") };
  let caCert = read(files.caCert);
  let caKey = read(files.caKey);
  const ca = caCert && caKey ? await loadCertificateAuthority(caCert, caKey) : await createCertificateAuthority({ commonName: "kubelab-ca" });
  if (!caCert || !caKey) {
    caCert = ca.certPem;
    caKey = ca.keyPem;
    writeFileSync(files.caKey, caKey, { mode: 0o600 });
    writeFileSync(files.caCert, caCert);
  }
  const hostnames = wantedHostnames(extraHostnames);
  let certPem = read(files.cert);
  let keyPem = read(files.key);
  const fresh = (pem: string) => {
    const c = inspectCertificate(pem);
    const have = new Set((read(files.names) ?? "").split("\n"));
    return c.checkIssued(inspectCertificate(caCert!)) && Date.parse(c.validTo) - Date.now() > RENEW_BEFORE_MS && hostnames.every((h) => have.has(h));
  };
  if (!certPem || !keyPem || !fresh(certPem)) {
    const issued = await issueServerCertificate(ca, { hostnames, commonName: "kubelab-apiserver" });
    certPem = issued.certPem;
    keyPem = issued.keyPem;
    writeFileSync(files.key, keyPem, { mode: 0o600 });
    writeFileSync(files.cert, certPem);
    writeFileSync(files.names, hostnames.join("\n"));
  }
  return { caPem: caCert, certPem, keyPem, hostnames };
}
