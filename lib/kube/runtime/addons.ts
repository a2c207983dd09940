/**
 * The programs of the cluster add-ons' images, as kubeadm deploys them:
 * - `coredns` (registry.k8s.io/coredns/coredns): reads its Corefile (`-conf`, else ./Corefile,
 *   else the built-in `.:53 { whoami log }`), prints what CoreDNS prints at start-up (the server
 *   blocks, the reload plugin's SHA512 of the Corefile, the version and build lines), binds
 *   :53 over UDP and TCP and serves /health on :8080, /ready on :8181 and /metrics on :9153.
 *   The answers themselves come from the cluster's DNS server (lib/kube/dns), which the data
 *   path reaches only through a pod where this program has bound :53/UDP.
 * - `kube-proxy` (registry.k8s.io/kube-proxy): prints kube-proxy's iptables-mode start-up
 *   (klog lines of v1.33) and keeps running; the rules themselves are programmed by the
 *   in-process kube-proxy of its node (lib/kube/proxy), which programs only while this runs.
 */
import { createHash } from "node:crypto";
import { play } from "./programs";
import type { Gen, HttpReply, ProgramFn } from "./shell/types";
import type { LogStep } from "./program-data";

const NOT_FOUND: HttpReply = { status: 404, body: "404 page not found\n" };

/** the server block keys of a Corefile as CoreDNS prints them at start-up (".:53") */
export function corefileServers(corefile: string): string[] {
  const out: string[] = [];
  let depth = 0;
  for (const raw of corefile.split("\n")) {
    const line = raw.replace(/#.*$/, "").trim();
    if (!line) continue;
    if (depth === 0 && line.endsWith("{")) {
      for (const key of line.slice(0, -1).trim().split(/[\s,]+/).filter(Boolean)) {
        const m = /^(?:(dns|tls|grpc|https):\/\/)?([^:]*)(?::(\d+))?$/.exec(key);
        const zone = m?.[2] ?? key;
        const fqdn = zone === "." || zone.endsWith(".") ? zone : `${zone}.`;
        out.push(`${m?.[1] ? `${m[1]}://` : ""}${fqdn}:${m?.[3] ?? "53"}`);
      }
    }
    depth += (line.match(/\{/g) ?? []).length - (line.match(/\}/g) ?? []).length;
  }
  return out;
}

/** `coredns [-conf FILE]` */
export function coredns(vars: Record<string, string>): ProgramFn {
  return function* (argv, _env, io, host): Gen {
    const i = argv.indexOf("-conf");
    const conf = i >= 0 ? (argv[i + 1] ?? "") : "Corefile";
    let corefile = conf ? host.fs.read(conf.startsWith("/") ? conf : `/${conf}`) : undefined;
    if (corefile === undefined && i >= 0) {
      io.out(`open ${conf}: no such file or directory\n`);
      return 1;
    }
    const builtIn = corefile === undefined;
    corefile ??= ".:53 {\n    whoami\n    log\n}\n";
    host.setMemory(18 * 1024 * 1024);
    const t0 = host.now();
    if (vars.maxprocs) io.err(`maxprocs: Leaving GOMAXPROCS=2: CPU quota undefined\n`);
    yield { sleep: 20 };
    for (const s of corefileServers(corefile)) io.out(`${s}\n`);
    if (!builtIn && /^\s*reload\b/m.test(corefile)) {
      io.out(`[INFO] plugin/reload: Running configuration SHA512 = ${createHash("sha512").update(corefile).digest("hex")}\n`);
    }
    io.out(`CoreDNS-${vars.version}\nlinux/amd64, ${vars.go}, ${vars.commit}\n`);
    const lameduck = /lameduck\s+(\d+)s/.exec(corefile);
    host.onTerm(function* () {
      io.out("[INFO] SIGTERM: Shutting down servers then terminating\n");
      if (lameduck) {
        io.out(`[INFO] plugin/health: Going into lameduck mode for ${lameduck[1]}s\n`);
        yield { sleep: Number(lameduck[1]) * 1000 };
      }
      return 0;
    });
    const only = (path: string, body: string) => (p: string): HttpReply => (p.replace(/[?#].*$/, "") === path ? { status: 200, body } : NOT_FOUND);
    host.listen(53, undefined, "UDP");
    host.listen(53);
    if (/^\s*health\b/m.test(corefile)) host.listen(8080, only("/health", "OK"));
    if (/^\s*ready\b/m.test(corefile)) host.listen(8181, only("/ready", "OK"));
    if (/^\s*prometheus\b/m.test(corefile)) {
      host.listen(9153, (p) =>
        p === "/metrics"
          ? {
              status: 200,
              body: [
                "# HELP coredns_build_info A metric with a constant '1' value labeled by version, revision, and goversion from which CoreDNS was built.",
                "# TYPE coredns_build_info gauge",
                `coredns_build_info{goversion="${vars.go}",revision="${vars.commit}",version="${vars.version}"} 1`,
                "# HELP process_start_time_seconds Start time of the process since unix epoch in seconds.",
                "# TYPE process_start_time_seconds gauge",
                `process_start_time_seconds ${(t0 / 1000).toFixed(2)}`,
                "",
              ].join("\n"),
            }
          : NOT_FOUND,
      );
    }
    yield { block: true };
    return 0;
  };
}

const KLOG = (sev: "I" | "E", file: string, msg: string) => `${sev}{klog}       1 ${file}] ${msg}`;

/** what kube-proxy v1.33 prints when it starts in iptables mode (klog on stderr) */
const KUBE_PROXY_START: LogStep[] = [
  [0, "err", KLOG("I", "server_linux.go:63", '"Using iptables proxy"')],
  [150, "err", KLOG("I", "server.go:715", '"Successfully retrieved node IP(s)" IPs=["{ip}"]')],
  [7, "err", KLOG("I", "conntrack.go:60", '"Setting nf_conntrack_max" nfConntrackMax=131072')],
  [0, "err", KLOG("E", "server.go:245", '"Kube-proxy configuration may be incomplete or incorrect" err="nodePortAddresses is unset; NodePort connections will be accepted on all local IPs. Consider using `--nodeport-addresses primary`"')],
  [83, "err", KLOG("I", "server.go:254", '"kube-proxy running in dual-stack mode" primary ipFamily="IPv4"')],
  [0, "err", KLOG("I", "server_linux.go:145", '"Using iptables Proxier"')],
  [30, "err", KLOG("I", "proxier.go:243", '"Setting route_localnet=1 to allow node-ports on localhost; to change this either disable iptables.localhostNodePorts (--iptables-localhost-nodeports) or set nodePortAddresses (--nodeport-addresses) to filter loopback addresses" ipFamily="IPv4"')],
  [2, "err", KLOG("I", "server.go:516", '"Version info" version="{version}"')],
  [0, "err", KLOG("I", "server.go:518", '"Golang settings" GOGC="" GOMAXPROCS="" GOTRACEBACK=""')],
  [15, "err", KLOG("I", "config.go:199", '"Starting service config controller"')],
  [0, "err", KLOG("I", "shared_informer.go:350", '"Waiting for caches to sync" controller="service config"')],
  [3, "err", KLOG("I", "config.go:105", '"Starting endpoint slice config controller"')],
  [1, "err", KLOG("I", "shared_informer.go:350", '"Waiting for caches to sync" controller="endpoint slice config"')],
  [0, "err", KLOG("I", "config.go:440", '"Starting serviceCIDR config controller"')],
  [0, "err", KLOG("I", "shared_informer.go:350", '"Waiting for caches to sync" controller="serviceCIDR config"')],
  [1, "err", KLOG("I", "config.go:329", '"Starting node config controller"')],
  [0, "err", KLOG("I", "shared_informer.go:350", '"Waiting for caches to sync" controller="node config"')],
  [96, "err", KLOG("I", "shared_informer.go:357", '"Caches are synced" controller="service config"')],
  [4, "err", KLOG("I", "shared_informer.go:357", '"Caches are synced" controller="endpoint slice config"')],
  [0, "err", KLOG("I", "shared_informer.go:357", '"Caches are synced" controller="serviceCIDR config"')],
  [1, "err", KLOG("I", "shared_informer.go:357", '"Caches are synced" controller="node config"')],
];

/** `kube-proxy --config=… --hostname-override=…` */
export function kubeProxy(vars: Record<string, string>): ProgramFn {
  return function* (_argv, _env, io, host): Gen {
    host.setMemory(24 * 1024 * 1024);
    // no SIGTERM handler in kube-proxy: the Go runtime's default action ends it at once
    // eslint-disable-next-line require-yield -- the process model's handlers are generators
    host.onTerm(function* () {
      return 2;
    });
    yield* play(KUBE_PROXY_START, io, host, { ...vars, ip: host.ip });
    yield { block: true };
    return 0;
  };
}

/** the add-on programs by catalogue name ("coredns", "kube-proxy") */
export function addonProgram(name: string, vars: Record<string, string>): ProgramFn | undefined {
  if (name === "coredns") return coredns(vars);
  if (name === "kube-proxy") return kubeProxy(vars);
  return undefined;
}
