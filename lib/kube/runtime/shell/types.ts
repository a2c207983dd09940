/**
 * The process model's contracts. A process is a synchronous generator that yields *effects*
 * (sleep for a while, or block until signalled) and returns its exit code; a driver
 * (runtime/process.ts) plays it on the injectable clock. Because nothing awaits promises, a
 * FakeClock `advance()` runs processes exactly on time, and the same interpreter can later
 * serve `kubectl exec`.
 */

export type Effect = { sleep: number } | { block: true } | { wait: InputStream };

/** a running program: yields effects, returns an exit code */
export type Gen<T = number> = Generator<Effect, T, void>;

export interface Io {
  out(text: string): void;
  err(text: string): void;
  /** piped input; null when stdin is not connected (kubelet-started containers) */
  stdin: string | null;
  /** streamed input (an exec/attach session's stdin); when set, it replaces `stdin` */
  input?: InputStream;
  /** stdin is a terminal (`kubectl exec -t`): shells prompt, programs see a TTY */
  tty?: boolean;
}

export interface FileSystem {
  read(path: string): string | undefined;
  write(path: string, content: string, append?: boolean): void;
  remove(path: string): boolean;
  exists(path: string): boolean;
  isDir(path: string): boolean;
  mkdir(path: string): void;
  /** names of entries directly under `dir` */
  list(dir: string): string[];
  /** false on a read-only mount (ConfigMap/Secret volumes, `readOnly: true`) */
  writable?(path: string): boolean;
  /** size and modification time (ms), for `ls -l` */
  stat?(path: string): { size: number; mtime: number; dir: boolean } | undefined;
}

/** an HTTP answer from a program listening in the pod */
export interface HttpReply {
  status: number;
  body: string;
}

export type HttpHandler = (path: string, client: string, userAgent: string) => HttpReply;

/** how a connection attempt ended (the data path's outcome) */
export type ConnectOutcome = "connected" | "refused" | "timeout" | "unresolved";

export interface ConnectResult {
  outcome: ConnectOutcome;
  /** the address used after DNS */
  ip?: string;
  /** the HTTP answer when connected */
  reply?: HttpReply;
}

/** one DNS question's answer (lib/kube/dns DnsAnswer), or "timeout" when no server answered */
export type DnsReply = { rcode: "NOERROR" | "NXDOMAIN" | "SERVFAIL"; answers: { name: string; type: string; data: string }[]; authoritative: boolean } | "timeout";

/** a process of the container, as `ps` lists it */
export interface ProcessInfo {
  pid: number;
  argv: string[];
  startedAt: number;
}

/** What the container (or exec session) offers a process: its filesystem, network, clock. */
export interface ProcessHost {
  fs: FileSystem;
  now(): number;
  hostname: string;
  /** "busybox" images print busybox's messages, "gnu" ones coreutils'/dash's */
  flavor: "busybox" | "gnu";
  /** is `name` an executable of this image (shell applets included) */
  has(name: string): boolean;
  /** a catalogue program (nginx, redis-server, stress …) by executable name */
  program(name: string): ProgramFn | undefined;
  /** an HTTP GET to host:port inside the cluster network; undefined = connection refused */
  http(host: string, port: number, path: string): HttpReply | undefined;
  /**
   * starts listening on `port` in the pod's network namespace: TCP (default) answering HTTP
   * with `handler` (none: a socket that speaks no HTTP), or a UDP socket (`protocol` "UDP")
   */
  listen(port: number, handler?: HttpHandler, protocol?: "TCP" | "UDP"): void;
  /** memory in use by the process (bytes); the runtime OOM-kills beyond the limit */
  setMemory(bytes: number): void;
  /** the process handles SIGTERM with `handler` (a generator run in place of the current one) */
  onTerm(handler: (() => Gen) | undefined): void;
  /** the pod IP (for messages) */
  ip: string;
  /** an HTTP GET through the cluster data path, telling how it went (defaults to `http`) */
  connect?(host: string, port: number, path: string, userAgent: string): ConnectResult;
  /** one DNS question to `server` through the data path */
  dnsQuery?(server: string, name: string, type: "A" | "PTR"): DnsReply;
  /** an ICMP echo: true when the address answers */
  echo?(ip: string): boolean;
  /** the container's processes (PID 1 first) */
  processes?(): ProcessInfo[];
  /** sends a signal to one of the container's processes; false when there is no such PID */
  signal?(pid: number, signal: "TERM" | "KILL" | "INT"): boolean;
  /** the pod's network: this container's eth0 prefix length and MAC */
  iface?: { prefix: number; mac: string; ifindex: number };
}

/** a catalogue program: argv (argv[0] is the program name) and environment */
export type ProgramFn = (argv: string[], env: Map<string, string>, io: Io, host: ProcessHost) => Gen;

/**
 * Input that arrives over time (an exec session's stdin). A process waits for more with the
 * `{ wait: stream }` effect; the driver resumes it when data or EOF arrives.
 */
export class InputStream {
  private buf = "";
  private eof = false;
  private waker: (() => void) | undefined;

  push(data: string): void {
    if (this.eof || !data) return;
    this.buf += data;
    this.wake();
  }
  end(): void {
    if (this.eof) return;
    this.eof = true;
    this.wake();
  }
  get ended(): boolean {
    return this.eof && !this.buf;
  }
  /** everything buffered so far */
  take(): string {
    const s = this.buf;
    this.buf = "";
    return s;
  }
  /** one line with its newline, or the rest at EOF; undefined when nothing is complete yet */
  takeLine(): string | undefined {
    const i = this.buf.indexOf("\n");
    if (i >= 0) {
      const line = this.buf.slice(0, i + 1);
      this.buf = this.buf.slice(i + 1);
      return line;
    }
    return this.eof && this.buf ? this.take() : undefined;
  }
  /** the driver's hook: called once when data or EOF arrives */
  onData(fn: (() => void) | undefined): void {
    this.waker = fn;
  }
  private wake(): void {
    const w = this.waker;
    this.waker = undefined;
    w?.();
  }
}

/** all of stdin (streamed input until EOF, or the piped string) */
export function* readAll(io: Io): Gen<string> {
  if (!io.input) return io.stdin ?? "";
  let text = "";
  for (;;) {
    text += io.input.take();
    if (io.input.ended) return text;
    yield { wait: io.input };
  }
}

/** one line of stdin without its newline; undefined at EOF */
export function* readLine(io: Io): Gen<string | undefined> {
  if (!io.input) return undefined;
  for (;;) {
    const line = io.input.takeLine();
    if (line !== undefined) return line.replace(/\n$/, "");
    if (io.input.ended) return undefined;
    yield { wait: io.input };
  }
}

/** thrown into a process by SIGINT (Ctrl-C on its terminal) */
export class ShellInterrupt {}

/** thrown through generators by `exit` */
export class ShellExit {
  constructor(readonly code: number) {}
}
