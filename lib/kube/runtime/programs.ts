/**
 * The catalogue's programs: `daemon()` plays a DaemonSpec (program-data.ts), plus the small
 * tools images ship (stress, curl, wget, python, node, redis-cli, pg_isready, entrypoints).
 * Each is a ProgramFn (shell/types.ts) so the shell, the runtime and later `kubectl exec` run
 * them the same way.
 */
/* eslint-disable require-yield -- every command is a generator (the process model's contract); many finish without waiting */
import { Shell } from "./shell/interp";
import { curl as curlApplet, wget as wgetApplet } from "./shell/applets-net";
import type { Gen, HttpReply, Io, ProcessHost, ProgramFn } from "./shell/types";
import { addonProgram } from "./addons";
import { DAEMONS, NGINX_403, NGINX_404, NGINX_ENTRYPOINT, type DaemonSpec, type LogStep } from "./program-data";

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const p2 = (n: number, w = 2) => String(n).padStart(w, "0");

/** fills a program-data template at time `ms` */
export function render(tpl: string, ms: number, vars: Record<string, string>): string {
  const d = new Date(ms);
  const Y = d.getUTCFullYear();
  const M = p2(d.getUTCMonth() + 1);
  const D = p2(d.getUTCDate());
  const hms = `${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}`;
  const milli = p2(d.getUTCMilliseconds(), 3);
  const mon = MONTHS[d.getUTCMonth()]!;
  const builtins: Record<string, string> = {
    nginxTime: `${Y}/${M}/${D} ${hms}`,
    goTime: `${Y}/${M}/${D} ${hms}`,
    clf: `${D}/${mon}/${Y}:${hms} +0000`,
    pyTime: `${D}/${mon}/${Y} ${hms}`,
    redisTime: `${D} ${mon} ${Y} ${hms}.${milli}`,
    pgTime: `${Y}-${M}-${D} ${hms}.${milli} UTC`,
    pgTimeSec: `${Y}-${M}-${D} ${hms} UTC`,
    httpdTime: `${DAYS[d.getUTCDay()]} ${mon} ${D} ${hms}.${milli}${p2((ms * 7) % 1000, 3)} ${Y}`,
    isoSec: `${Y}-${M}-${D} ${hms}+00:00`,
    isoUs: `${Y}-${M}-${D}T${hms}.${milli}${p2((ms * 13) % 1000, 3)}Z`,
    epoch: String(Math.floor(ms / 1000)),
    // klog's header after the severity letter: MMDD hh:mm:ss.uuuuuu
    klog: `${M}${D} ${hms}.${milli}${p2((ms * 7) % 1000, 3)}`,
  };
  return tpl.replace(/\{(\w+)\}/g, (m, k: string) => vars[k] ?? builtins[k] ?? m);
}

/** prints log steps on time */
export function* play(steps: LogStep[], io: Io, host: ProcessHost, vars: Record<string, string>): Gen<void> {
  for (const [delay, stream, tpl] of steps) {
    if (delay > 0) yield { sleep: delay };
    const line = render(tpl, host.now(), vars) + "\n";
    if (stream === "out") io.out(line);
    else io.err(line);
  }
}

/** a server program from its DaemonSpec */
export function daemon(spec: DaemonSpec, imageVars: Record<string, string>): ProgramFn {
  return function* (_argv, env, io, host): Gen {
    const vars: Record<string, string> = { ...imageVars, ip: host.ip, hostname: host.hostname };
    if (spec.requireEnv && !spec.requireEnv.anyOf.some((k) => env.get(k))) {
      yield* play(spec.requireEnv.steps, io, host, vars);
      return spec.requireEnv.code;
    }
    const started = host.now();
    host.setMemory(spec.memoryMi * 1024 * 1024);
    const term = spec.term;
    host.onTerm(
      term &&
        function* () {
          yield* play(term.steps, io, host, vars);
          return term.code;
        },
    );
    yield* play(spec.start, io, host, vars);
    if (spec.exit !== undefined) return spec.exit;
    const http = spec.http;
    const docroot = spec.docroot;
    // the image's files, unless a volume is mounted over the directory
    if (docroot && !host.fs.exists(docroot.dir)) for (const [f, c] of Object.entries(docroot.files)) host.fs.write(`${docroot.dir}/${f}`, c);
    /** a file from the docroot: 200 with it, 403 for a directory without index.html, undefined when absent */
    const fromDocroot = (path: string): { status: number; body: string } | undefined => {
      if (!docroot) return undefined;
      const p = `${docroot.dir}${path.replace(/[?#].*$/, "")}`;
      const file = host.fs.isDir(p) ? `${p.replace(/\/$/, "")}/index.html` : p;
      const content = host.fs.read(file);
      if (content !== undefined) return { status: 200, body: content };
      if (host.fs.isDir(p) && vars.version) return { status: 403, body: NGINX_403(vars.version) };
      return vars.version ? { status: 404, body: NGINX_404(vars.version) } : undefined;
    };
    const handler = http
      ? (path: string, client: string, ua: string): HttpReply => {
          const age = host.now() - started;
          const served = fromDocroot(path);
          const route = served ? undefined : http.routes.find((r) => (r.path === path || r.path === "*") && (r.untilMs === undefined || age < r.untilMs));
          const status = served?.status ?? route?.status ?? http.fallback.status;
          const rv = { ...vars, client, path, ua };
          let body = served?.body ?? render(route?.body ?? http.fallback.body, host.now(), rv);
          if (!served && !route && status === 404 && vars.version && !body && spec === DAEMONS.nginx) body = NGINX_404(vars.version);
          if (http.accessLog) {
            const line = render(http.accessLog[1], host.now(), { ...rv, status: String(status), bytes: String(Buffer.byteLength(body)) }) + "\n";
            if (http.accessLog[0] === "out") io.out(line);
            else io.err(line);
          }
          return { status, body };
        }
      : undefined;
    for (const port of spec.listens) host.listen(port, handler);
    yield { block: true };
    return 0;
  };
}

/** `stress --vm 1 --vm-bytes 250M --vm-hang 1 [--cpu N] [--timeout 10s]` */
export const stress: ProgramFn = function* (argv, _env, io, host) {
  const opt = (name: string, short: string) => {
    const i = argv.findIndex((a) => a === name || a === short);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const vm = Number(opt("--vm", "-m") ?? 0);
  const cpu = Number(opt("--cpu", "-c") ?? 0);
  const ioN = Number(opt("--io", "-i") ?? 0);
  const bytes = parseBytes(opt("--vm-bytes", "--vm-bytes") ?? "256M");
  const timeout = opt("--timeout", "-t");
  if (!vm && !cpu && !ioN) {
    io.out('`stress\' imposes certain types of compute stress on your system\n\nUsage: stress [OPTION [ARG]] ...\n');
    return 0;
  }
  io.err(`stress: info: [1] dispatching hogs: ${cpu} cpu, ${ioN} io, ${vm} vm, 0 hdd\n`);
  yield { sleep: 50 };
  host.setMemory(vm * bytes + 1024 * 1024);
  if (timeout) {
    const secs = Number(timeout.replace(/s$/, ""));
    yield { sleep: secs * 1000 };
    io.err(`stress: info: [1] successful run completed in ${secs}s\n`);
    return 0;
  }
  yield { block: true };
  return 0;
};

function parseBytes(s: string): number {
  const m = /^(\d+)([BKMG]?)$/i.exec(s);
  if (!m) return 0;
  return Number(m[1]) * { "": 1, B: 1, K: 1024, M: 1024 ** 2, G: 1024 ** 3 }[m[2]!.toUpperCase() as "" | "B" | "K" | "M" | "G"];
}

/** curl and wget as programs (the shell's applets, shared with images that ship the binaries) */
export const curl: ProgramFn = (argv, env, io, host) => curlApplet(argv.slice(1), io, new Shell(host, env), env);
export const wget: ProgramFn = (argv, env, io, host) => wgetApplet(argv.slice(1), io, new Shell(host, env), env);

const interpreter = (lang: "python" | "node"): ProgramFn =>
  function* (argv, env, io, host) {
    const args = argv.slice(1);
    if (!args.length) return 0; // a REPL with no stdin reads EOF and exits
    if (lang === "python" && args[0] === "-m" && args[1] === "http.server") {
      const port = Number(args[2] ?? 8000);
      io.out(`Serving HTTP on 0.0.0.0 port ${port} (http://0.0.0.0:${port}/) ...\n`);
      const spec = { ...DAEMONS["http.server"]!, listens: [port] };
      return yield* daemon(spec, {})(argv, env, io, host);
    }
    if (args[0] === "-c" || args[0] === "-e") {
      const code = args[1] ?? "";
      const print = lang === "python" ? /print\((["'])(.*?)\1\)/g : /console\.log\((["'`])(.*?)\1\)/g;
      for (const m of code.matchAll(print)) io.out(m[2] + "\n");
      if (/while True|setInterval/.test(code)) yield { block: true };
      return 0;
    }
    const file = args[0]!;
    if (lang === "python") {
      io.err(`python: can't open file '/${file.replace(/^\//, "")}': [Errno 2] No such file or directory\n`);
      return 2;
    }
    io.err(`node:internal/modules/cjs/loader:1228\n  throw err;\n  ^\n\nError: Cannot find module '/${file.replace(/^\//, "")}'\n    at Module._resolveFilename (node:internal/modules/cjs/loader:1225:15)\n    at node:internal/main/run_main_module:28:49 {\n  code: 'MODULE_NOT_FOUND',\n  requireStack: []\n}\n\nNode.js v22.11.0\n`);
    return 1;
  };

export const redisCli: ProgramFn = function* (argv, _env, io, host) {
  const reply = host.http("127.0.0.1", 6379, "");
  if (!reply) {
    io.err("Could not connect to Redis at 127.0.0.1:6379: Connection refused\n");
    return 1;
  }
  io.out(argv[1]?.toLowerCase() === "ping" ? "PONG\n" : "OK\n");
  return 0;
};

export const pgIsready: ProgramFn = function* (_argv, _env, io, host) {
  if (host.http("127.0.0.1", 5432, "")) {
    io.out("/var/run/postgresql:5432 - accepting connections\n");
    return 0;
  }
  io.out("/var/run/postgresql:5432 - no response\n");
  return 2;
};

/** the nginx image's /docker-entrypoint.sh: configuration lines when starting nginx, then exec */
export const nginxEntrypoint: ProgramFn = function* (argv, env, io, host) {
  const args = argv.slice(1);
  if (args[0] === "nginx" || args[0] === "nginx-debug") yield* play(NGINX_ENTRYPOINT, io, host, {});
  if (!args.length) return 0;
  return yield* new Shell(host, env).run(args, env, io);
};

/** registry.k8s.io/e2e-test-images/agnhost: `liveness` (/healthz 200 for 10 s, then 500), `netexec`, `pause` */
export const agnhost: ProgramFn = function* (argv, env, io, host) {
  const sub = argv[1];
  if (sub === "liveness") return yield* daemon(DAEMONS["agnhost-liveness"]!, {})(argv, env, io, host);
  if (sub === "netexec") return yield* daemon(DAEMONS["agnhost-netexec"]!, {})(argv, env, io, host);
  if (sub === "pause") {
    io.out("Paused\n");
    yield { block: true };
    return 0;
  }
  io.out("Usage:\n  agnhost [command]\n");
  return 0;
};

/** a plain `exec "$@"` entrypoint (docker-entrypoint.sh of redis, postgres, mysql, node …) */
export const execEntrypoint: ProgramFn = function* (argv, env, io, host) {
  const args = argv.slice(1);
  if (!args.length) return 0;
  return yield* new Shell(host, env).run(args, env, io);
};

/** `sh`/`bash`: `-c script`; else commands from stdin (interactive on a TTY), or exit at once without stdin */
export const shellProgram: ProgramFn = function* (argv, env, io, host) {
  const name = argv[0] ?? "sh";
  const i = argv.indexOf("-c");
  if (i < 0) {
    if (io.input) return yield* new Shell(host, env, name).interactive(io);
    if (io.stdin) return yield* new Shell(host, env, name).runScript(io.stdin, io);
    return 0;
  }
  const sh = new Shell(host, env, name);
  sh.args = argv.slice(i + 3);
  return yield* sh.runScript(argv[i + 1] ?? "", io);
};

/** programs by executable name for one image (daemons bound to the image tag's vars) */
export function programsFor(names: Record<string, string>, vars: Record<string, string>): (name: string) => ProgramFn | undefined {
  const tools: Record<string, ProgramFn> = {
    sh: shellProgram,
    bash: shellProgram,
    ash: shellProgram,
    stress: stress,
    curl: curl,
    wget: wget,
    python: interpreter("python"),
    python3: interpreter("python"),
    node: interpreter("node"),
    "redis-cli": redisCli,
    pg_isready: pgIsready,
    "docker-entrypoint.sh": execEntrypoint,
    "entrypoint.sh": execEntrypoint,
    agnhost: agnhost,
  };
  const cache = new Map<string, ProgramFn>();
  return (name) => {
    const daemonName = names[name];
    if (daemonName === "nginx-entrypoint") return nginxEntrypoint;
    if (daemonName === "coredns" || daemonName === "kube-proxy") {
      let fn = cache.get(name);
      if (!fn) cache.set(name, (fn = addonProgram(daemonName, vars)!));
      return fn;
    }
    if (daemonName) {
      let fn = cache.get(name);
      if (!fn) cache.set(name, (fn = daemon(DAEMONS[daemonName]!, vars)));
      return fn;
    }
    return tools[name];
  };
}
