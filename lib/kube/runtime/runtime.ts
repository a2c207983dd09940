/**
 * A node's container runtime, modelled on containerd's CRI service: an image store with
 * serialized pulls timed from the catalogue, pod sandboxes (one network namespace and IP per
 * pod, shared volumes), containers running catalogue processes, stop with the image's stop
 * signal then SIGKILL at the grace period's end, OOM kills at the memory limit, exec for probes.
 *
 * The runtime never talks to the API server; the kubelet drives it and hears back through
 * `onChange(podUid)` (like PLEG). All waiting is on the injected clock.
 */
import type { Clock, TimerHandle } from "../clock";
import { resolveImage, type ResolvedImage } from "./catalog";
import { MemFs, MountedFs } from "./fs";
import type { LogStore } from "./logs";
import { Process } from "./process";
import { containerHost } from "./host";
import { Shell } from "./shell/interp";
import { InputStream, type ConnectResult, type DnsReply, type FileSystem, type HttpHandler, type HttpReply, type ProcessHost } from "./shell/types";

export interface Sandbox {
  id: string;
  podUid: string;
  ip: string;
  hostname: string;
  createdAt: number;
  /** listening TCP ports of the pod's network namespace */
  ports: Map<number, HttpHandler | null>;
  /** bound UDP ports (a DNS server's :53) */
  udp: Set<number>;
  /** emptyDir volumes by name */
  volumes: Map<string, MemFs>;
}

export type ExitReason = "Completed" | "Error" | "OOMKilled" | "StartError" | "ContainerCannotRun";

export interface ContainerRecord {
  id: string;
  podUid: string;
  name: string;
  attempt: number;
  image: ResolvedImage;
  state: "created" | "running" | "exited";
  createdAt: number;
  startedAt?: number;
  finishedAt?: number;
  exitCode?: number;
  reason?: ExitReason;
  message?: string;
  argv: string[];
  env: Map<string, string>;
  fs: FileSystem;
  memoryLimit?: number;
  process?: Process;
  /** TCP ports this container listens on */
  ports: Set<number>;
  /** UDP ports this container has bound */
  udpPorts?: Set<number>;
  /** the image as the pod spec wrote it (a changed spec image restarts the container) */
  specImage: string;
  /** the main process's stdin (`stdin: true` in the spec), for `kubectl attach` */
  input?: InputStream;
  /** the spec's `tty: true` */
  tty?: boolean;
  /** attached sessions hearing the main process's output */
  attached?: Set<(stream: "stdout" | "stderr" | "exit", text: string) => void>;
  /** exec'd processes by PID (PID 1 is `process`) */
  execs?: Map<number, { argv: string[]; startedAt: number; proc: Process }>;
  nextPid?: number;
}

/** A streamed exec session's ends (see NodeRuntime.exec). */
export interface ExecStream {
  out(t: string): void;
  err(t: string): void;
  /** a piped string (probes, hooks) */
  stdin?: string | null;
  /** streamed stdin (kubectl exec -i) */
  input?: InputStream;
  /** the session has a terminal */
  tty?: boolean;
}

/**
 * The cluster data path as containers use it (lib/kube/network plugs in: see
 * `networkDataPath`): connections through DNS, kube-proxy rules and NetworkPolicy, DNS
 * questions to the cluster DNS, ICMP echo. Pure lookups on the current state.
 */
export interface DataPath {
  connect(fromIP: string, host: string, port: number, path: string, userAgent: string): ConnectResult;
  dnsQuery(fromIP: string, server: string, name: string, type: "A" | "PTR"): DnsReply;
  /** does `ip` answer ICMP echo from `fromIP` (pods and nodes do; ClusterIPs don't in iptables mode) */
  echo(fromIP: string, ip: string): boolean;
}

/** The cluster's pod network: sandboxes by IP (kube-proxy and DNS can plug into `resolve`). */
export class PodNetwork {
  readonly byIp = new Map<string, Sandbox>();
  /** the full data path, once networking runs (default: direct pod-to-pod HTTP only) */
  dataPath: DataPath | undefined;
  /** name → IP (for DNS, wired later); undefined = no such host */
  resolve: (name: string) => string | undefined = () => undefined;
  /** a virtual IP:port (a Service, kube-proxy's rules) → a pod's IP:port; undefined = no rule */
  route: (ip: string, port: number) => [string, number] | undefined = () => undefined;

  http(ip: string, port: number, path: string, client: string, ua: string): HttpReply | undefined {
    if (!this.byIp.has(ip)) {
      const to = this.route(ip, port);
      if (to) [ip, port] = to;
    }
    const sb = this.byIp.get(ip);
    if (!sb || !sb.ports.has(port)) return undefined;
    const h = sb.ports.get(port);
    return h ? h(path, client, ua) : { status: 0, body: "" };
  }
}

export interface ContainerConfig {
  name: string;
  /** the pod spec's image reference */
  specImage?: string;
  argv: string[];
  env: Map<string, string>;
  memoryLimit?: number;
  /** [mountPath, volume name, readOnly] of emptyDir volumes */
  mounts: [string, string, boolean][];
  /** the spec's `stdin` / `tty` (the main process reads a stream attach can write to) */
  stdin?: boolean;
  tty?: boolean;
  /** files the kubelet writes into the container (/etc/hosts, /etc/resolv.conf) */
  files?: Record<string, string>;
}

export interface RuntimeOptions {
  node: string;
  clock: Clock;
  random: () => number;
  logs: LogStore;
  network: PodNetwork;
  /** the gateway address probes come from (10.244.N.1) */
  gateway: string;
  kubeletVersion: string;
}

const hex = (random: () => number, n: number) => Array.from({ length: n }, () => "0123456789abcdef"[Math.floor(random() * 16)]).join("");

export class NodeRuntime {
  readonly images = new Map<string, { img: ResolvedImage; names: Set<string> }>();
  readonly sandboxes = new Map<string, Sandbox>();
  readonly containers = new Map<string, ContainerRecord>();
  onChange: (podUid: string) => void = () => undefined;
  /** bumped whenever the image store changes (node status reports images) */
  imagesVersion = 0;
  private pullQueue: (() => void)[] = [];
  private pulling = false;
  private readonly stopTimers = new Map<string, TimerHandle>();
  /** set by close(): nothing starts any more */
  closed = false;

  constructor(readonly opts: RuntimeOptions) {}

  /** an image already on the node (no pull, no event) */
  preload(raw: string): void {
    const r = resolveImage(raw);
    if ("error" in r) return;
    let have = this.images.get(r.imageID);
    if (!have) this.images.set(r.imageID, (have = { img: r, names: new Set() }));
    have.names.add(r.name);
    this.imagesVersion++;
  }

  /** the image if present on the node (by name or digest reference) */
  imagePresent(raw: string): ResolvedImage | undefined {
    const r = resolveImage(raw);
    if ("error" in r) return undefined;
    const have = this.images.get(r.imageID);
    return have?.names.has(r.name) || r.ref.digest ? have?.img : undefined;
  }

  /**
   * Pulls `raw` (serialized, like the kubelet's default serial puller). `done` gets the image
   * and the pull time, or containerd's error message.
   */
  pullImage(raw: string, done: (r: { img: ResolvedImage; pullMs: number; totalMs: number } | { error: string }) => void): void {
    if (this.closed) return;
    const requested = this.opts.clock.now();
    const run = () => {
      const r = resolveImage(raw);
      const present = !("error" in r) && this.images.has(r.imageID);
      const base = "error" in r ? 450 : present ? 380 : r.data.pullMs;
      const ms = Math.round(base * (0.85 + 0.3 * this.opts.random()));
      this.opts.clock.setTimer(ms, () => {
        if (this.closed) return;
        if (!("error" in r)) {
          let have = this.images.get(r.imageID);
          if (!have) this.images.set(r.imageID, (have = { img: r, names: new Set() }));
          have.names.add(r.name);
          this.imagesVersion++;
          done({ img: r, pullMs: ms, totalMs: this.opts.clock.now() - requested });
        } else done({ error: r.error });
        this.pulling = false;
        this.pullQueue.shift()?.();
      });
    };
    if (this.pulling) this.pullQueue.push(() => ((this.pulling = true), run()));
    else {
      this.pulling = true;
      run();
    }
  }

  runSandbox(podUid: string, hostname: string, ip: string): Sandbox {
    const sb: Sandbox = { id: hex(this.opts.random, 64), podUid, ip, hostname, createdAt: this.opts.clock.now(), ports: new Map(), udp: new Set(), volumes: new Map() };
    this.sandboxes.set(podUid, sb);
    this.opts.network.byIp.set(ip, sb);
    return sb;
  }

  /** kills every container of the pod now and tears its sandbox down */
  removeSandbox(podUid: string): void {
    for (const c of this.containersOf(podUid)) {
      if (c.state === "running") c.process?.kill(137);
      this.removeContainer(c.id);
    }
    const sb = this.sandboxes.get(podUid);
    if (sb) {
      this.sandboxes.delete(podUid);
      if (this.opts.network.byIp.get(sb.ip) === sb) this.opts.network.byIp.delete(sb.ip);
    }
  }

  /** the pod finished: its network namespace goes away, exited containers (and logs) stay */
  stopSandbox(podUid: string): void {
    for (const c of this.containersOf(podUid)) if (c.state === "running") c.process?.kill(137);
    const sb = this.sandboxes.get(podUid);
    if (!sb) return;
    sb.ports.clear();
    sb.udp.clear();
    if (this.opts.network.byIp.get(sb.ip) === sb) this.opts.network.byIp.delete(sb.ip);
  }

  containersOf(podUid: string, name?: string): ContainerRecord[] {
    const out: ContainerRecord[] = [];
    for (const c of this.containers.values()) if (c.podUid === podUid && (name === undefined || c.name === name)) out.push(c);
    return out.sort((a, b) => b.createdAt - a.createdAt || b.attempt - a.attempt);
  }

  createContainer(sb: Sandbox, cfg: ContainerConfig, img: ResolvedImage, attempt: number, restore?: { id: string; createdAt: number }): ContainerRecord {
    const mounts = cfg.mounts.map(([path, vol, readOnly]) => {
      let fs = sb.volumes.get(vol);
      if (!fs) sb.volumes.set(vol, (fs = new MemFs()));
      return { path, fs, readOnly };
    });
    for (const m of mounts) if (m.fs instanceof MemFs) m.fs.now = () => this.opts.clock.now();
    const root = new MemFs({}, []);
    root.now = () => this.opts.clock.now();
    root.seed({ "/etc/hostname": `${sb.hostname}\n`, "/etc/hosts": `127.0.0.1\tlocalhost\n${sb.ip}\t${sb.hostname}\n`, ...(cfg.files ?? {}) }, ["/tmp", "/var", "/usr", "/bin", "/etc", "/root", "/proc", "/dev", "/home", "/sbin", "/lib"]);
    const rec: ContainerRecord = {
      id: restore?.id ?? hex(this.opts.random, 64),
      podUid: sb.podUid,
      name: cfg.name,
      attempt,
      image: img,
      state: "created",
      createdAt: restore?.createdAt ?? this.opts.clock.now(),
      argv: cfg.argv,
      env: cfg.env,
      fs: new MountedFs(root, mounts),
      ports: new Set(),
      specImage: cfg.specImage ?? img.ref.raw,
      ...(cfg.memoryLimit ? { memoryLimit: cfg.memoryLimit } : {}),
      ...(cfg.stdin ? { input: new InputStream() } : {}),
      ...(cfg.tty ? { tty: true } : {}),
      attached: new Set(),
    };
    this.containers.set(rec.id, rec);
    // keep the current and the previous instance of each container, like the kubelet's GC
    for (const old of this.containersOf(sb.podUid, cfg.name).slice(2)) this.removeContainer(old.id);
    return rec;
  }

  /** a container instance that exited before a restore (hibernation): kept for status and logs */
  restoreExited(sb: Sandbox, name: string, img: ResolvedImage, attempt: number, t: { id: string; exitCode: number; reason?: string; message?: string; startedAt: number; finishedAt: number }): ContainerRecord {
    const rec: ContainerRecord = {
      id: t.id,
      podUid: sb.podUid,
      name,
      attempt,
      image: img,
      state: "exited",
      createdAt: t.startedAt,
      startedAt: t.startedAt,
      finishedAt: t.finishedAt,
      exitCode: t.exitCode,
      reason: (t.reason as ExitReason | undefined) ?? (t.exitCode === 0 ? "Completed" : "Error"),
      ...(t.message ? { message: t.message } : {}),
      argv: [],
      env: new Map(),
      fs: new MemFs(),
      ports: new Set(),
      specImage: img.ref.raw,
    };
    this.containers.set(rec.id, rec);
    return rec;
  }

  removeContainer(id: string): void {
    const c = this.containers.get(id);
    if (!c) return;
    if (c.state === "running") c.process?.kill(137);
    this.containers.delete(id);
    this.opts.logs.delete(id);
  }

  /** starts the container's process; returns runc's error when its executable doesn't exist */
  startContainer(id: string, restore?: { startedAt: number; muteMs: number }): { error?: string } {
    const c = this.containers.get(id);
    const sb = c && this.sandboxes.get(c.podUid);
    if (!c || !sb || this.closed) return { error: "container not found" };
    const muteUntil = restore ? this.opts.clock.now() + restore.muteMs : 0;
    const write = (stream: "stdout" | "stderr") => (text: string) => {
      if (this.opts.clock.now() >= muteUntil) this.opts.logs.write(c.id, stream, text, this.opts.clock.now());
      for (const l of c.attached ?? []) l(stream, text);
    };
    const exe = c.argv[0] ?? "";
    const host = this.hostFor(c, sb, () => proc);
    const now = this.opts.clock.now();
    if (!host.has(base(exe))) {
      c.state = "exited";
      c.startedAt = now;
      c.finishedAt = now;
      c.exitCode = 128;
      c.reason = "StartError";
      c.message = `failed to create containerd task: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: error during container init: exec: "${exe}": executable file not found in $PATH: unknown`;
      this.opts.logs.end(c.id, now);
      return { error: c.message };
    }
    const proc = new Process({
      clock: this.opts.clock,
      onExit: (code, reason) => {
        const t = this.opts.clock.now();
        c.state = "exited";
        c.finishedAt = t;
        c.exitCode = code;
        c.reason = reason === "OOMKilled" ? "OOMKilled" : code === 0 ? "Completed" : "Error";
        for (const l of [...(c.attached ?? [])]) l("exit", String(code));
        // the container's PID namespace is gone: exec'd processes die with it
        for (const e of [...(c.execs?.values() ?? [])]) e.proc.kill(137);
        this.stopTimers.get(c.id)?.cancel();
        this.stopTimers.delete(c.id);
        for (const port of c.ports) sb.ports.delete(port);
        c.ports.clear();
        for (const port of c.udpPorts ?? []) sb.udp.delete(port);
        c.udpPorts?.clear();
        this.opts.logs.end(c.id, t);
        if (!this.closed) this.onChange(c.podUid);
      },
    });
    c.process = proc;
    c.state = "running";
    c.startedAt = restore?.startedAt ?? now;
    const shell = new Shell(host, c.env);
    proc.start(shell.run(c.argv, c.env, { out: write("stdout"), err: write("stderr"), stdin: null, ...(c.input ? { input: c.input } : {}), ...(c.tty ? { tty: true } : {}) }));
    return {};
  }

  /**
   * Stops a running container: the image's stop signal, then SIGKILL after `graceMs`.
   * `onChange` fires when it has exited.
   */
  stopContainer(id: string, graceMs: number): void {
    const c = this.containers.get(id);
    if (!c || c.state !== "running" || !c.process || this.stopTimers.has(id)) return;
    const proc = c.process;
    proc.terminate();
    if (proc.exited) return;
    this.stopTimers.set(id, this.opts.clock.setTimer(Math.max(0, graceMs), () => proc.kill(137)));
  }

  /**
   * Runs a command in a running container (exec probes and hooks; `kubectl exec` later). Output
   * is collected for `done`, and streamed to `stream` as it is produced when given.
   */
  exec(id: string, argv: string[], done: (r: { code: number; output: string } | { error: string }) => void, stream?: ExecStream): { cancel(): void; interrupt(): void } {
    const c = this.containers.get(id);
    const sb = c && this.sandboxes.get(c.podUid);
    if (!c || !sb || c.state !== "running") {
      done({ error: `rpc error: code = NotFound desc = failed to exec in container: container is in CONTAINER_EXITED state` });
      return { cancel() {}, interrupt() {} };
    }
    let output = "";
    // an interactive session's output is not kept (a probe's is, for its message)
    const collect = (t: string) => void (stream?.input ? undefined : (output += t));
    const write = stream ? (t: string) => (collect(t), stream.out(t)) : collect;
    const writeErr = stream ? (t: string) => (collect(t), stream.err(t)) : collect;
    const host = this.hostFor(c, sb, () => proc);
    if (!host.has(base(argv[0] ?? ""))) {
      done({ error: `rpc error: code = Unknown desc = failed to exec in container: failed to start exec "${hex(this.opts.random, 64)}": OCI runtime exec failed: exec failed: unable to start container process: exec: "${argv[0]}": executable file not found in $PATH: unknown` });
      return { cancel() {}, interrupt() {} };
    }
    const execs = (c.execs ??= new Map());
    const pid = (c.nextPid = (c.nextPid ?? 6) + 1);
    const proc = new Process({
      clock: this.opts.clock,
      onExit: (code) => {
        execs.delete(pid);
        done({ code, output });
      },
    });
    execs.set(pid, { argv, startedAt: this.opts.clock.now(), proc });
    const io = { out: write, err: writeErr, stdin: stream?.stdin ?? null, ...(stream?.input ? { input: stream.input } : {}), ...(stream?.tty ? { tty: true } : {}) };
    proc.start(new Shell(host, c.env).run(argv, c.env, io));
    return { cancel: () => proc.kill(137), interrupt: () => proc.interrupt() };
  }

  /** an HTTP GET from the node (probes): undefined when nothing listens */
  httpGet(ip: string, port: number, path: string): HttpReply | undefined {
    return this.opts.network.http(ip, port, path, this.opts.gateway, `kube-probe/${this.opts.kubeletVersion}`);
  }

  tcpOpen(ip: string, port: number): boolean {
    return !!this.opts.network.byIp.get(ip)?.ports.has(port);
  }

  /** stops every timer (cluster shutdown) */
  close(): void {
    this.closed = true;
    for (const t of this.stopTimers.values()) t.cancel();
    for (const c of this.containers.values()) if (c.state === "running") c.process?.kill(137);
    for (const uid of [...this.sandboxes.keys()]) this.removeSandbox(uid);
  }

  private hostFor(c: ContainerRecord, sb: Sandbox, proc: () => Process | undefined): ProcessHost {
    return containerHost(c, sb, proc, this.opts);
  }
}

function base(exe: string): string {
  return exe.includes("/") ? exe.slice(exe.lastIndexOf("/") + 1) : exe;
}
