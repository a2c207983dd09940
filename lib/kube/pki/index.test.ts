import { createServer } from "node:https";
import { request } from "node:https";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { createCertificateAuthority, inspectCertificate, issueServerCertificate, loadCertificateAuthority, sharedServingCertificate } from "./index";

describe("pki", () => {
  it("issues a CA and a server certificate chaining to it, with loopback SANs", async () => {
    const ca = await createCertificateAuthority({ commonName: "test-ca" });
    const srv = await issueServerCertificate(ca, { hostnames: ["kube.example", "10.1.2.3"] });
    const caCert = inspectCertificate(ca.certPem);
    const cert = inspectCertificate(srv.certPem);
    expect(caCert.ca).toBe(true);
    expect(cert.ca).toBe(false);
    expect(cert.checkIssued(caCert)).toBe(true);
    expect(cert.verify(caCert.publicKey)).toBe(true);
    expect(cert.subjectAltName).toContain("DNS:localhost");
    expect(cert.subjectAltName).toContain("IP Address:127.0.0.1");
    expect(cert.subjectAltName).toContain("DNS:kube.example");
    expect(cert.subjectAltName).toContain("IP Address:10.1.2.3");
    expect(cert.checkIP("::1")).toBe("::1");
    expect(cert.publicKey.asymmetricKeyDetails?.namedCurve).toBe("prime256v1");
  });

  it("serves TLS that a client trusting only the CA accepts", async () => {
    const ca = await createCertificateAuthority();
    const srv = await issueServerCertificate(ca);
    const server = createServer({ cert: srv.certPem, key: srv.keyPem }, (_req, res) => res.end("ok"));
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const port = (server.address() as AddressInfo).port;
    const body = await new Promise<string>((resolve, reject) => {
      request({ host: "127.0.0.1", port, ca: ca.certPem, path: "/" }, (res) => {
        let s = "";
        res.on("data", (d: Buffer) => (s += d.toString()));
        res.on("end", () => resolve(s));
      })
        .on("error", reject)
        .end();
    });
    server.close();
    expect(body).toBe("ok");
  });

  it("reloads a CA from PEM and keeps issuing", async () => {
    const ca = await createCertificateAuthority();
    const again = await loadCertificateAuthority(ca.certPem, ca.keyPem);
    const srv = await issueServerCertificate(again);
    expect(inspectCertificate(srv.certPem).checkIssued(inspectCertificate(ca.certPem))).toBe(true);
  });

  it("shares one CA per process", async () => {
    const a = await sharedServingCertificate();
    const b = await sharedServingCertificate();
    expect(a).toBe(b);
  });
});
