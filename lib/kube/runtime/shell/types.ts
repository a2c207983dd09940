/**
 * The process model's contracts. A process is a synchronous generator that yields *effects*
 * (sleep for a while, or block until signalled) and returns its exit code; a driver
 * (runtime/process.ts) plays it on the injectable clock. Because nothing awaits promises, a
 * FakeClock `advance()` runs processes exactly on time, and the same interpreter can later
 * serve `kubectl exec`.
 */

export type Effect = { sleep: number } | { block: true };

/** a running program: yields effects, returns an exit code */
export type Gen<T = number> = Generator<Effect, T, void>;

export interface Io {
  out(text: string): void;
  err(text: string): void;
  /** piped input; null when stdin is not connected (kubelet-started containers) */
  stdin: string | null;
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
}

/** an HTTP answer from a program listening in the pod */
export interface HttpReply {
  status: number;
  body: string;
}

export type HttpHandler = (path: string, client: string, userAgent: string) => HttpReply;

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
  /** starts listening on `port` in the pod's network namespace, answering HTTP with `handler` */
  listen(port: number, handler?: HttpHandler): void;
  /** memory in use by the process (bytes); the runtime OOM-kills beyond the limit */
  setMemory(bytes: number): void;
  /** the process handles SIGTERM with `handler` (a generator run in place of the current one) */
  onTerm(handler: (() => Gen) | undefined): void;
  /** the pod IP (for messages) */
  ip: string;
}

/** a catalogue program: argv (argv[0] is the program name) and environment */
export type ProgramFn = (argv: string[], env: Map<string, string>, io: Io, host: ProcessHost) => Gen;

/** thrown through generators by `exit` */
export class ShellExit {
  constructor(readonly code: number) {}
}
