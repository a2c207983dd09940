/**
 * What a container's processes see of their container (the runtime's ProcessHost): the
 * image's executables, its filesystem, the pod's network namespace (listening ports, the
 * data path for clients, ICMP), the container's processes and signals, memory accounting.
 */
import { applets } from "./shell/applets";
import { BUSYBOX_ONLY } from "./shell/applets-net";
import type { ProcessHost, ProcessInfo } from "./shell/types";
import type { Process } from "./process";
import { programsFor } from "./programs";
import type { ContainerRecord, RuntimeOptions, Sandbox } from "./runtime";

export function containerHost(c: ContainerRecord, sb: Sandbox, proc: () => Process | undefined, opts: RuntimeOptions): ProcessHost {
  const img = c.image;
  const programs = programsFor(img.data.bins, img.vars);
  // alpine variants of Debian-based images ship busybox, not dash/bash/coreutils
  const alpine = img.tag.variant === "alpine" || /[:-]alpine/.test(img.name);
  const shell = alpine && img.data.shell === "gnu" ? "busybox" : img.data.shell;
  const has = (name: string) =>
    (name in img.data.bins && !(alpine && name === "bash")) ||
    (shell !== "none" && (name === "sh" || (!!applets[name] && (shell === "busybox" || !BUSYBOX_ONLY.has(name))) || (shell === "gnu" && (name === "bash" || name === "dash")))) ||
    (shell === "busybox" && name === "ash");
  const network = opts.network;
  const last = Number(sb.ip.split(".")[3] ?? 2);
  return {
    fs: c.fs,
    now: () => opts.clock.now(),
    hostname: sb.hostname,
    flavor: shell === "gnu" ? "gnu" : "busybox",
    ip: sb.ip,
    has,
    program: (name) => programs(name),
    http(hostName, port, path) {
      const ip = hostName === "localhost" || hostName === "127.0.0.1" ? sb.ip : /^\d+\.\d+\.\d+\.\d+$/.test(hostName) ? hostName : network.resolve(hostName);
      return ip ? network.http(ip, port, path, sb.ip, "curl/8.11.1") : undefined;
    },
    connect(hostName, port, path, ua) {
      const dp = network.dataPath;
      if (dp) return dp.connect(sb.ip, hostName, port, path, ua);
      const local = hostName === "localhost" || hostName === "127.0.0.1";
      const ip = local ? sb.ip : /^\d+\.\d+\.\d+\.\d+$/.test(hostName) ? hostName : network.resolve(hostName);
      if (!ip) return { outcome: "unresolved" };
      const reply = network.http(ip, port, path, sb.ip, ua);
      return reply ? { outcome: "connected", ip: local ? "127.0.0.1" : ip, reply } : { outcome: "refused", ip: local ? "127.0.0.1" : ip };
    },
    dnsQuery: (server, name, type) => network.dataPath?.dnsQuery(sb.ip, server, name, type) ?? "timeout",
    echo: (ip) => (network.dataPath ? network.dataPath.echo(sb.ip, ip) : network.byIp.has(ip)),
    processes: (): ProcessInfo[] => [
      ...(c.process && !c.process.exited ? [{ pid: 1, argv: c.argv, startedAt: c.startedAt ?? 0 }] : []),
      ...[...(c.execs ?? new Map<number, { argv: string[]; startedAt: number }>())].map(([pid, e]) => ({ pid, argv: e.argv, startedAt: e.startedAt })),
    ],
    signal: (pid, sig) => {
      const target = pid === 1 ? c.process : c.execs?.get(pid)?.proc;
      if (!target || target.exited) return false;
      if (sig === "KILL") target.kill(137);
      else if (sig === "INT") target.interrupt();
      else if (!target.terminate() && pid !== 1) target.kill(143);
      return true;
    },
    iface: { prefix: 24, mac: `0a:58:${sb.ip.split(".").map((o) => Number(o).toString(16).padStart(2, "0")).join(":")}`, ifindex: 4 + (last % 200) },
    listen(port, handler, protocol) {
      if (protocol === "UDP") {
        sb.udp.add(port);
        (c.udpPorts ??= new Set()).add(port);
        return;
      }
      sb.ports.set(port, handler ?? null);
      c.ports.add(port);
    },
    setMemory: (bytes) => {
      if (c.memoryLimit !== undefined && bytes > c.memoryLimit) proc()?.kill(137, "OOMKilled");
    },
    onTerm(handler) {
      const p = proc();
      if (p) p.termHandler = handler;
    },
  };
}
