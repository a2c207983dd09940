import { afterEach, describe, expect, it } from "vitest";
import { startHarness, type Harness } from "../common/testing";
import { CONFIGMAPS, NAMESPACES, SERVICEACCOUNTS } from "../common/util";
import { ROOT_CA_DESCRIPTION, rootCACertPublisher, serviceAccountController } from "./index";

let h: Harness;
afterEach(() => h?.close());

describe("serviceaccount-controller and root-ca-cert-publisher", () => {
  it("furnish every namespace with a default ServiceAccount and kube-root-ca.crt, and restore them", async () => {
    h = await startHarness([serviceAccountController(), rootCACertPublisher()], { bare: true });
    const c = h.client;
    await c.create(NAMESPACES, undefined, { apiVersion: "v1", kind: "Namespace", metadata: { name: "team" } });
    await h.settle();
    expect((await c.get(SERVICEACCOUNTS, "team", "default")).metadata.name).toBe("default");
    const cm = await c.get(CONFIGMAPS, "team", "kube-root-ca.crt");
    // the bare harness's CA, read back from kube-public/cluster-info
    expect(cm.data).toEqual({ "ca.crt": "CA" });
    expect(cm.metadata.annotations).toEqual({ "kubernetes.io/description": ROOT_CA_DESCRIPTION });

    await c.delete(SERVICEACCOUNTS, "team", "default");
    await c.update(CONFIGMAPS, "team", { ...cm, data: { "ca.crt": "tampered" } });
    await h.settle();
    expect((await c.get(SERVICEACCOUNTS, "team", "default")).metadata.uid).toBeDefined();
    expect((await c.get(CONFIGMAPS, "team", "kube-root-ca.crt")).data).toEqual({ "ca.crt": "CA" });
    expect(h.trace.entries().filter((e) => e.component === "serviceaccount-controller" && e.object?.namespace === "team")).toHaveLength(2);
  });

  it("uses the CA it is given and skips terminating namespaces", async () => {
    h = await startHarness([serviceAccountController(), rootCACertPublisher({ caPem: "PEM" })], { bare: true });
    const c = h.client;
    await c.create(NAMESPACES, undefined, { apiVersion: "v1", kind: "Namespace", metadata: { name: "going", finalizers: [] } });
    await h.settle();
    expect((await c.get(CONFIGMAPS, "going", "kube-root-ca.crt")).data).toEqual({ "ca.crt": "PEM" });
    await c.delete(NAMESPACES, undefined, "going");
    await h.settle();
    await c.delete(SERVICEACCOUNTS, "going", "default");
    await h.settle();
    await expect(c.get(SERVICEACCOUNTS, "going", "default")).rejects.toMatchObject({ code: 404 });
  });
});
