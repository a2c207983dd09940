import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { FakeClock } from "../clock";
import { corefile } from "../dns/manifests";
import { corefileServers } from "./addons";
import { imageEnv, resolveImage, type ResolvedImage } from "./catalog";
import { LogStore } from "./logs";
import { NodeRuntime, PodNetwork } from "./runtime";

function start(image: string, argv: string[], files: Record<string, string> = {}) {
  const clock = new FakeClock(Date.UTC(2026, 10, 27, 9, 0, 0));
  const logs = new LogStore();
  let seed = 3;
  const network = new PodNetwork();
  const rt = new NodeRuntime({ node: "worker-1", clock, random: () => (seed = (seed * 16807) % 2147483647) / 2147483647, logs, network, gateway: "10.244.1.1", kubeletVersion: "v1.33.1" });
  const img = resolveImage(image) as ResolvedImage;
  const sb = rt.runSandbox("uid", "pod", "10.244.1.7");
  const c = rt.createContainer(sb, { name: "c", argv, env: imageEnv(img), mounts: [], files }, img, 0);
  rt.startContainer(c.id);
  clock.advance(1000);
  return { rt, sb, c, clock, text: () => logs.lines(c.id).map((l) => l.text) };
}

describe("the add-on images' programs", () => {
  it("names a Corefile's server blocks as CoreDNS prints them", () => {
    expect(corefileServers(corefile())).toEqual([".:53"]);
    expect(corefileServers("example.com:1053 {\n  whoami\n}\n. {\n forward . 8.8.8.8\n}\n")).toEqual(["example.com.:1053", ".:53"]);
  });

  it("coredns -conf: its start-up lines, the reload SHA512 of the Corefile, :53 over UDP and TCP, /health and /ready", () => {
    const conf = corefile();
    const { sb, rt, text } = start("registry.k8s.io/coredns/coredns:v1.12.0", ["/coredns", "-conf", "/etc/coredns/Corefile"], { "/etc/coredns/Corefile": conf });
    expect(text()).toEqual([
      "maxprocs: Leaving GOMAXPROCS=2: CPU quota undefined",
      ".:53",
      `[INFO] plugin/reload: Running configuration SHA512 = ${createHash("sha512").update(conf).digest("hex")}`,
      "CoreDNS-1.12.0",
      "linux/amd64, go1.23.3, 51e11f1",
    ]);
    expect([...sb.udp]).toEqual([53]);
    expect([...sb.ports.keys()].sort((a, b) => a - b)).toEqual([53, 8080, 8181, 9153]);
    expect(rt.httpGet("10.244.1.7", 8181, "/ready")).toEqual({ status: 200, body: "OK" });
    expect(rt.httpGet("10.244.1.7", 8080, "/health")).toEqual({ status: 200, body: "OK" });
    expect(rt.httpGet("10.244.1.7", 8080, "/ready")).toEqual({ status: 404, body: "404 page not found\n" });
    expect(rt.httpGet("10.244.1.7", 9153, "/metrics")?.body).toContain('coredns_build_info{goversion="go1.23.3",revision="51e11f1",version="1.12.0"} 1');
  });

  it("coredns stops after its lameduck period on SIGTERM and frees :53", () => {
    const { sb, rt, c, clock, text } = start("registry.k8s.io/coredns/coredns:v1.11.3", ["/coredns", "-conf", "/etc/coredns/Corefile"], { "/etc/coredns/Corefile": corefile() });
    expect(text().slice(-2)).toEqual(["CoreDNS-1.11.3", "linux/amd64, go1.21.11, a6338e9"]);
    rt.stopContainer(c.id, 30_000);
    clock.advance(1000);
    expect(c.state).toBe("running");
    clock.advance(5000);
    expect(c.state).toBe("exited");
    expect(c.exitCode).toBe(0);
    expect(text().slice(-2)).toEqual(["[INFO] SIGTERM: Shutting down servers then terminating", "[INFO] plugin/health: Going into lameduck mode for 5s"]);
    expect(sb.udp.size).toBe(0);
  });

  it("coredns with a -conf file that is missing exits 1", () => {
    const { c, text } = start("registry.k8s.io/coredns/coredns:v1.12.0", ["/coredns", "-conf", "/etc/coredns/Corefile"]);
    expect(text()).toEqual(["open /etc/coredns/Corefile: no such file or directory"]);
    expect(c.exitCode).toBe(1);
  });

  it("kube-proxy prints its iptables-mode start-up with the node IP and version", () => {
    const { text } = start("registry.k8s.io/kube-proxy:v1.33.1", ["/usr/local/bin/kube-proxy", "--config=/var/lib/kube-proxy/config.conf", "--hostname-override=worker-1"]);
    const lines = text();
    expect(lines[0]).toBe('I1127 09:00:00.000000       1 server_linux.go:63] "Using iptables proxy"');
    expect(lines[1]).toMatch(/^I1127 09:00:00\.150\d{3} {7}1 server\.go:715\] "Successfully retrieved node IP\(s\)" IPs=\["10\.244\.1\.7"\]$/);
    expect(lines).toContain(lines.find((l) => l.includes('"Version info" version="v1.33.1"')));
    expect(lines.at(-1)).toMatch(/"Caches are synced" controller="node config"$/);
  });
});
