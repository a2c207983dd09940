/**
 * The network tools of a container: busybox `wget`, `nslookup`, `ping`, `ip`, and curl (the
 * curl binary of images that ship it). Connections go through `ProcessHost.connect` (the
 * cluster data path: DNS, kube-proxy, NetworkPolicy) when the runtime has one, otherwise
 * through `ProcessHost.http`. Messages are the tools' own; waits (timeouts, ping intervals)
 * run on the cluster clock.
 */
/* eslint-disable require-yield -- every command is a generator (the process model's contract) */
import { nslookup } from "../../dns/nslookup";
import type { DnsAnswer } from "../../dns/records";
import type { ResolvConf } from "../../dns/resolv";
import type { Applet } from "./applets";
import { ShellInterrupt, type ConnectResult, type ProcessHost } from "./types";

const REASONS: Record<number, string> = { 200: "OK", 201: "Created", 204: "No Content", 301: "Moved Permanently", 302: "Found", 304: "Not Modified", 400: "Bad Request", 401: "Unauthorized", 403: "Forbidden", 404: "Not Found", 500: "Internal Server Error", 502: "Bad Gateway", 503: "Service Unavailable", 504: "Gateway Timeout" };
const reason = (s: number) => REASONS[s] ?? "";

export function parseUrl(u: string): { host: string; port: number; path: string } | undefined {
  const m = /^(?:(https?):\/\/)?([^/:?#]+)(?::(\d+))?([/?][^#]*)?/.exec(u);
  if (!m) return undefined;
  return { host: m[2]!, port: m[3] ? Number(m[3]) : m[1] === "https" ? 443 : 80, path: m[4]?.startsWith("?") ? `/${m[4]}` : (m[4] ?? "/") };
}

const isIPv4 = (h: string) => /^\d+\.\d+\.\d+\.\d+$/.test(h);

/** a GET through the data path, or the plain pod network when no data path is plugged in */
export function connectTo(host: ProcessHost, name: string, port: number, path: string, ua: string): ConnectResult {
  if (host.connect) return host.connect(name, port, path, ua);
  const reply = host.http(name, port, path);
  if (reply) return { outcome: "connected", ip: isIPv4(name) ? name : undefined, reply };
  return { outcome: isIPv4(name) || name === "localhost" ? "refused" : "unresolved" };
}

function opt(args: string[], ...names: string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    for (const n of names) {
      if (a === n) return args[i + 1];
      if (n.startsWith("--") && a.startsWith(`${n}=`)) return a.slice(n.length + 1);
      if (!n.startsWith("--") && a.startsWith(n) && a.length > n.length && /^-[A-Za-z]$/.test(n)) return a.slice(n.length);
    }
  }
  return undefined;
}

const bar = (name: string, size: number) => `${name.padEnd(20).slice(0, 20)} 100% |${"*".repeat(32)}| ${String(size).padStart(5)}  0:00:00 ETA\n`;

/** busybox wget: -q, -O FILE / -O-, -S, -T SECS, --spider */
export const wget: Applet = function* (args, io, sh) {
  const host = sh.host;
  // getopt: short flags combine ("-qO-"), a valued one takes the rest of the word or the next
  let flags = "";
  let out: string | undefined;
  let timeout = 900;
  let url: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === "--spider" || a === "--quiet") {
      flags += a === "--quiet" ? "q" : "";
      continue;
    }
    if (a.startsWith("--")) {
      if (!a.includes("=") && ["--header", "--output-document", "--timeout", "--user-agent", "--post-data"].includes(a)) i++;
      if (a.startsWith("--output-document=")) out = a.slice(18);
      if (a.startsWith("--timeout=")) timeout = Number(a.slice(10));
      continue;
    }
    if (a.startsWith("-") && a.length > 1) {
      for (let j = 1; j < a.length; j++) {
        const ch = a[j]!;
        if ("OTUoPY".includes(ch)) {
          const v = a.slice(j + 1) || args[++i] || "";
          if (ch === "O") out = v;
          else if (ch === "T") timeout = Number(v);
          break;
        }
        flags += ch;
      }
      continue;
    }
    url ??= a;
  }
  if (!url) {
    io.err("BusyBox v1.37.0 (2024-09-26 21:31:42 UTC) multi-call binary.\n\nUsage: wget [-cqS] [--spider] [-O FILE] [-o LOGFILE] [--header STR]\n\t[--post-data STR | --post-file FILE] [-Y on/off]\n\t[-P DIR] [-U AGENT] [-T SEC] URL...\n\nRetrieve files via HTTP or FTP\n");
    return 1;
  }
  const quiet = flags.includes("q");
  const u = parseUrl(url);
  if (!u) {
    io.err(`wget: bad address '${url}'\n`);
    return 1;
  }
  const r = connectTo(host, u.host, u.port, u.path, "Wget");
  if (r.outcome === "unresolved") {
    io.err(`wget: bad address '${u.host}'\n`);
    return 1;
  }
  const ip = r.ip ?? u.host;
  if (!quiet) io.err(`Connecting to ${u.host} (${ip}:${u.port})\n`);
  if (r.outcome === "timeout") {
    yield { sleep: timeout * 1000 };
    io.err("wget: download timed out\n");
    return 1;
  }
  if (r.outcome === "refused" || !r.reply) {
    io.err(`wget: can't connect to remote host (${ip}): Connection refused\n`);
    return 1;
  }
  const reply = r.reply;
  if (flags.includes("S")) io.err(`  HTTP/1.1 ${reply.status} ${reason(reply.status)}\n  Content-Length: ${Buffer.byteLength(reply.body)}\n  Connection: close\n  \n`);
  if (reply.status >= 400) {
    io.err(`wget: server returned error: HTTP/1.1 ${reply.status} ${reason(reply.status)}\n`);
    return 1;
  }
  if (args.includes("--spider")) {
    if (!quiet) io.err("remote file exists\n");
    return 0;
  }
  const size = Buffer.byteLength(reply.body);
  if (out === "-") {
    if (!quiet) io.err(`writing to stdout\n${bar("-", size)}written to stdout\n`);
    io.out(reply.body);
    return 0;
  }
  const file = out ?? (u.path.replace(/[?#].*$/, "").split("/").pop() || "index.html");
  if (!out && host.fs.exists(file)) {
    io.err(`wget: can't open '${file}': File exists\n`);
    return 1;
  }
  if (!quiet) io.err(`saving to '${file}'\n${bar(file, size)}'${file}' saved\n`);
  host.fs.write(file.startsWith("/") ? file : `/${file}`, reply.body);
  return 0;
};

/** curl: -s, -S, -v, -I, -o FILE, -m SECS, --connect-timeout SECS, -f, -w '%{http_code}' */
export const curl: Applet = function* (args, io, sh) {
  const host = sh.host;
  const valued = new Set(["-o", "-H", "-X", "-m", "-w", "-d", "-A", "--max-time", "--connect-timeout", "--output", "--write-out", "--header", "--request", "--data", "--user-agent"]);
  const url = args.find((a, i) => !a.startsWith("-") && !valued.has(args[i - 1] ?? ""));
  if (!url) {
    io.err("curl: try 'curl --help' or 'curl --manual' for more information\n");
    return 2;
  }
  const short = args.filter((a) => /^-[a-zA-Z]+$/.test(a) && !valued.has(a)).join("");
  const silent = short.includes("s") || args.includes("--silent");
  const showErr = !silent || short.includes("S") || args.includes("--show-error");
  const verbose = short.includes("v") || args.includes("--verbose");
  const head = short.includes("I") || args.includes("--head");
  const fail = short.includes("f") || args.includes("--fail");
  const outFile = opt(args, "-o", "--output");
  const maxTime = opt(args, "-m", "--max-time") ?? opt(args, "--connect-timeout");
  const writeOut = opt(args, "-w", "--write-out");
  const u = parseUrl(url)!;
  const meter = !silent && !verbose && (outFile !== undefined || !io.tty);
  const METER_HEAD = "  % Total    % Received % Xferd  Average Speed   Time    Time     Time  Current\n                                 Dload  Upload   Total   Spent    Left  Speed\n";
  const meterLine = (n: number) => `${(n ? "100" : "  0").padStart(3)} ${String(n).padStart(5)}  ${(n ? "100" : "  0").padStart(3)} ${String(n).padStart(5)}    0     0  ${String(n ? n * 1000 : 0).padStart(6)}      0 --:--:-- --:--:-- --:--:-- ${String(n ? n * 1000 : 0).padStart(6)}\n`;
  if (meter) io.err(METER_HEAD);
  const r = connectTo(host, u.host, u.port, u.path, "curl/8.11.1");
  const failWith = (code: number, msg: string) => {
    if (meter) io.err(meterLine(0));
    if (showErr) io.err(`curl: (${code}) ${msg}\n`);
    return code;
  };
  if (r.outcome === "unresolved") return failWith(6, `Could not resolve host: ${u.host}`);
  const ip = r.ip ?? (u.host === "localhost" ? "127.0.0.1" : u.host);
  if (verbose) io.err(`*   Trying ${ip}:${u.port}...\n`);
  if (r.outcome === "timeout") {
    const ms = maxTime ? Math.round(Number(maxTime) * 1000) : 130_000;
    yield { sleep: ms };
    return failWith(28, maxTime ? `Connection timed out after ${ms} milliseconds` : `Failed to connect to ${u.host} port ${u.port} after ${ms} ms: Couldn't connect to server`);
  }
  if (r.outcome === "refused" || !r.reply) return failWith(7, `Failed to connect to ${u.host} port ${u.port} after 0 ms: Couldn't connect to server`);
  const reply = r.reply;
  const size = Buffer.byteLength(reply.body);
  const statusLine = `HTTP/1.1 ${reply.status} ${reason(reply.status)}`;
  if (verbose) {
    io.err(`* Connected to ${u.host} (${ip}) port ${u.port}\n> ${head ? "HEAD" : "GET"} ${u.path} HTTP/1.1\n> Host: ${u.host}${u.port === 80 ? "" : `:${u.port}`}\n> User-Agent: curl/8.11.1\n> Accept: */*\n> \n`);
    io.err(`< ${statusLine}\n< Content-Length: ${size}\n< \n`);
  }
  if (fail && reply.status >= 400) return failWith(22, `The requested URL returned error: ${reply.status}`);
  const body = head ? `${statusLine}\r\nContent-Length: ${size}\r\n\r\n` : reply.body;
  if (outFile && outFile !== "-") host.fs.write(outFile.startsWith("/") ? outFile : `/${outFile}`, body);
  else io.out(body);
  if (meter) io.err(meterLine(size));
  if (verbose) io.err(`* Connection #0 to host ${u.host} left intact\n`);
  if (writeOut) io.out(writeOut.replace(/%\{http_code\}/g, String(reply.status)).replace(/%\{size_download\}/g, String(size)).replace(/\\n/g, "\n"));
  return 0;
};

/** reads /etc/resolv.conf as the stub resolver does */
function resolvConf(host: ProcessHost): ResolvConf {
  const conf: ResolvConf = { nameservers: [], searches: [], options: [] };
  for (const line of (host.fs.read("/etc/resolv.conf") ?? "").split("\n")) {
    const [k, ...v] = line.trim().split(/\s+/);
    if (k === "nameserver" && v[0]) conf.nameservers.push(v[0]);
    else if (k === "search") conf.searches = v;
    else if (k === "options") conf.options = v;
  }
  return conf;
}

/** busybox nslookup NAME [SERVER] */
export const nslookupApplet: Applet = function* (args, io, sh) {
  const [name, server] = args.filter((a) => !a.startsWith("-"));
  if (!name) {
    io.err("BusyBox v1.37.0 (2024-09-26 21:31:42 UTC) multi-call binary.\n\nUsage: nslookup [-type=QUERY_TYPE] [-debug] HOST [DNS_SERVER]\n\nQuery DNS about HOST\n");
    return 1;
  }
  const host = sh.host;
  const send = (srv: string, n: string, type: string) => (host.dnsQuery ? host.dnsQuery(srv, n, type === "PTR" ? "PTR" : "A") : "timeout") as DnsAnswer | "timeout";
  const r = nslookup(name, resolvConf(host), send, server ? { server } : {});
  io.out(r.stdout);
  return r.exitCode;
};

/** busybox ping [-c N] HOST: one echo a second on the cluster clock, Ctrl-C for statistics */
export const ping: Applet = function* (args, io, sh) {
  const host = sh.host;
  const count = Number(opt(args, "-c") ?? Infinity);
  const target = args.filter((a, i) => !a.startsWith("-") && !["-c", "-W", "-w", "-s", "-i"].includes(args[i - 1] ?? "")).pop();
  if (!target) {
    io.err("BusyBox v1.37.0 (2024-09-26 21:31:42 UTC) multi-call binary.\n\nUsage: ping [OPTIONS] HOST\n");
    return 1;
  }
  let ip = isIPv4(target) ? target : target === "localhost" ? "127.0.0.1" : undefined;
  if (!ip) {
    const r = connectTo(host, target, 1, "/", "ping");
    if (r.outcome === "unresolved" || !r.ip) {
      io.err(`ping: bad address '${target}'\n`);
      return 1;
    }
    ip = r.ip;
  }
  const answers = ip === "127.0.0.1" || ip === host.ip || (host.echo ? host.echo(ip) : true);
  io.out(`PING ${target} (${ip}): 56 data bytes\n`);
  let sent = 0;
  let received = 0;
  const times: number[] = [];
  try {
    while (sent < count) {
      if (answers) {
        const t = ip === host.ip || ip === "127.0.0.1" ? 0.045 + (sent % 3) * 0.004 : 0.081 + (sent % 4) * 0.013;
        times.push(t);
        io.out(`64 bytes from ${ip}: seq=${sent} ttl=64 time=${t.toFixed(3)} ms\n`);
        received++;
      }
      sent++;
      if (sent < count) yield { sleep: 1000 };
    }
  } catch (e) {
    if (!(e instanceof ShellInterrupt)) throw e;
    io.out("\n");
  }
  io.out(`\n--- ${target} ping statistics ---\n${sent} packets transmitted, ${received} packets received, ${sent ? Math.round(((sent - received) / sent) * 100) : 0}% packet loss\n`);
  if (times.length) io.out(`round-trip min/avg/max = ${Math.min(...times).toFixed(3)}/${(times.reduce((a, b) => a + b, 0) / times.length).toFixed(3)}/${Math.max(...times).toFixed(3)} ms\n`);
  return received ? 0 : 1;
};

/** busybox ip: `ip addr` / `ip a` / `ip route` / `ip r` */
export const ip: Applet = function* (args, io, sh) {
  const host = sh.host;
  const obj = args[0] ?? "";
  const iface = host.iface ?? { prefix: 24, mac: "0a:58:0a:f4:01:02", ifindex: 7 };
  const octets = host.ip.split(".").map(Number);
  const net = (bits: number) => {
    const n = octets.reduce((a, b) => (a << 8) | b, 0) >>> 0;
    const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
    const f = (v: number) => [v >>> 24, (v >>> 16) & 255, (v >>> 8) & 255, v & 255].join(".");
    return { network: f((n & mask) >>> 0), broadcast: f((n | ~mask) >>> 0) };
  };
  const { network, broadcast } = net(iface.prefix);
  if (/^a(d(d(r(e(s(s)?)?)?)?)?)?$/.test(obj)) {
    io.out(
      "1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue qlen 1000\n    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00\n    inet 127.0.0.1/8 scope host lo\n       valid_lft forever preferred_lft forever\n    inet6 ::1/128 scope host \n       valid_lft forever preferred_lft forever\n" +
        `2: eth0@if${iface.ifindex}: <BROADCAST,MULTICAST,UP,LOWER_UP,M-DOWN> mtu 1500 qdisc noqueue \n    link/ether ${iface.mac} brd ff:ff:ff:ff:ff:ff\n    inet ${host.ip}/${iface.prefix} brd ${broadcast} scope global eth0\n       valid_lft forever preferred_lft forever\n`,
    );
    return 0;
  }
  if (/^r(o(u(t(e)?)?)?)?$/.test(obj)) {
    const gw = `${octets.slice(0, 3).join(".")}.1`;
    io.out(`default via ${gw} dev eth0 \n${network}/${iface.prefix} dev eth0 scope link  src ${host.ip} \n`);
    return 0;
  }
  if (obj === "link" || obj === "l") {
    io.out(`1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue qlen 1000\n    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00\n2: eth0@if${iface.ifindex}: <BROADCAST,MULTICAST,UP,LOWER_UP,M-DOWN> mtu 1500 qdisc noqueue \n    link/ether ${iface.mac} brd ff:ff:ff:ff:ff:ff\n`);
    return 0;
  }
  io.err("BusyBox v1.37.0 (2024-09-26 21:31:42 UTC) multi-call binary.\n\nUsage: ip [OPTIONS] address|route|link|tunnel|neigh|rule [ARGS]\n");
  return 1;
};

export const netApplets: Record<string, Applet> = { wget, curl, nslookup: nslookupApplet, ping, ip };

/** applets only busybox images have (Debian-based images ship no ping, ip, nslookup or ps) */
export const BUSYBOX_ONLY = new Set(["wget", "nslookup", "ping", "ip", "ps", "top"]);
