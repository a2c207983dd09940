import { afterEach, describe, expect, it } from "vitest";
import type { KubeObject } from "../api/types";
import { kubeletTestCluster, type KubeletTestCluster } from "./testing";
import { managedHosts } from "./volumes";

let t: KubeletTestCluster;
afterEach(() => t?.close());

/** runs `sh -c script` in the pod's container and resolves with its output */
function sh(t: KubeletTestCluster, pod: KubeObject, container: string, script: string): Promise<string> {
  const rt = t.fleet.runtime((pod.spec as { nodeName: string }).nodeName)!;
  const rec = rt.containersOf(pod.metadata.uid!, container).find((c) => c.state === "running")!;
  return new Promise((resolve) => rt.exec(rec.id, ["sh", "-c", script], (r) => resolve("error" in r ? r.error : r.output)));
}

describe("volumes and kubelet-managed files", () => {
  it("ConfigMap items, Secret data, downward API and the service account token are files", async () => {
    t = await kubeletTestCluster();
    const client = t.cluster.apiServer.loopback;
    await client.create({ group: "", version: "v1", resource: "configmaps" }, "default", { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "cfg" }, data: { a: "1", b: "2" } } as KubeObject);
    await client.create({ group: "", version: "v1", resource: "secrets" }, "default", { apiVersion: "v1", kind: "Secret", metadata: { name: "sec" }, data: { password: Buffer.from("s3cret").toString("base64") } } as KubeObject);
    await t.createPod(
      "vol",
      {
        containers: [
          {
            name: "c",
            image: "busybox",
            command: ["sleep", "infinity"],
            volumeMounts: [
              { name: "cfg", mountPath: "/cfg" },
              { name: "sec", mountPath: "/etc/sec", readOnly: true },
              { name: "info", mountPath: "/info" },
              { name: "token", mountPath: "/var/run/secrets/kubernetes.io/serviceaccount" },
            ],
          },
        ],
        volumes: [
          { name: "cfg", configMap: { name: "cfg", items: [{ key: "b", path: "sub/b.txt" }] } },
          { name: "sec", secret: { secretName: "sec" } },
          { name: "info", downwardAPI: { items: [{ path: "labels", fieldRef: { fieldPath: "metadata.labels" } }, { path: "name", fieldRef: { fieldPath: "metadata.name" } }] } },
          { name: "token", projected: { sources: [{ serviceAccountToken: { path: "token" } }, { downwardAPI: { items: [{ path: "namespace", fieldRef: { fieldPath: "metadata.namespace" } }] } }] } },
        ],
      },
      "worker-1",
      { labels: { app: "x", tier: "web" } },
    );
    await t.run(20_000);
    const pod = (await t.pod("vol"))!;
    expect(await sh(t, pod, "c", "ls /cfg /cfg/sub; cat /cfg/sub/b.txt; echo; cat /etc/sec/password; echo; cat /info/labels; echo; cat /info/name /var/run/secrets/kubernetes.io/serviceaccount/namespace")).toBe(
      '/cfg:\nsub\n\n/cfg/sub:\nb.txt\n2\ns3cret\napp="x"\ntier="web"\nvoldefault',
    );
    // ConfigMap volumes are read-only
    expect(await sh(t, pod, "c", "echo x > /cfg/new; ls /cfg")).toBe("sh: can't create /cfg/new: Read-only file system\nsub\n");
  });

  it("a missing ConfigMap leaves the pod ContainerCreating with FailedMount", async () => {
    t = await kubeletTestCluster();
    await t.createPod("nocfg", { containers: [{ name: "c", image: "busybox", command: ["sleep", "infinity"], volumeMounts: [{ name: "v", mountPath: "/v" }] }], volumes: [{ name: "v", configMap: { name: "missing" } }] });
    await t.run(5000);
    expect(await t.events("nocfg")).toContain('Warning FailedMount MountVolume.SetUp failed for volume "v" : configmap "missing" not found');
    const st = ((await t.pod("nocfg"))?.status as { containerStatuses?: { state: unknown }[] }).containerStatuses?.[0]?.state;
    expect(st).toEqual({ waiting: { reason: "ContainerCreating" } });
  });

  it("/etc/hosts as the kubelet writes it, with a subdomain and host aliases", () => {
    const pod = { metadata: { name: "p", namespace: "ns" }, spec: { hostname: "h", subdomain: "sub", hostAliases: [{ ip: "1.2.3.4", hostnames: ["a", "b"] }] } } as unknown as KubeObject;
    expect(managedHosts(pod, "10.244.1.9")).toBe(
      "# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\nfe00::0\tip6-localnet\nfe00::0\tip6-mcastprefix\nfe00::1\tip6-allnodes\nfe00::2\tip6-allrouters\n10.244.1.9\th.sub.ns.svc.cluster.local\th\n\n# Entries added by HostAliases.\n1.2.3.4\ta\tb\n",
    );
  });
});
