/**
 * A small default `ListeningProcessLookup` (the kubelet's image catalogue replaces it): which
 * well-known images listen where, and what they answer.
 * - nginx: :80, the welcome page on `/` (`/index.html`), 404 elsewhere;
 * - traefik/whoami: :80 (`--port`, WHOAMI_PORT_NUMBER), `Hostname:`/`IP:`/`RemoteAddr:` and
 *   the request, as the real image prints them;
 * - httpd: :80 "It works!"; hashicorp/http-echo: :5678 the `-text`;
 * - agnhost netexec: :8080 (`--http-port`), `/hostname` → pod name;
 * - coredns: :8080 /health and :8181 /ready ("OK"); :53 (UDP, TCP) bound, answered by cluster DNS.
 * Only running containers listen (containerStatuses[].state.running; a pod without statuses
 * counts as running when its phase is Running).
 */
import type { KubeObject } from "../api/types";
import type { AppRequest, AppResponse, ConnectionInfo, Handler, ListeningProcess, ListeningProcessLookup, Protocol } from "./types";

interface ContainerShape {
  name: string;
  image?: string;
  args?: string[];
  command?: string[];
  env?: { name: string; value?: string }[];
}

export const NGINX_WELCOME = `<!DOCTYPE html>
<html>
<head>
<title>Welcome to nginx!</title>
<style>
html { color-scheme: light dark; }
body { width: 35em; margin: 0 auto;
font-family: Tahoma, Verdana, Arial, sans-serif; }
</style>
</head>
<body>
<h1>Welcome to nginx!</h1>
<p>If you see this page, the nginx web server is successfully installed and
working. Further configuration is required.</p>

<p>For online documentation and support please refer to
<a href="http://nginx.org/">nginx.org</a>.<br/>
Commercial support is available at
<a href="http://nginx.com/">nginx.com</a>.</p>

<p><em>Thank you for using nginx.</em></p>
</body>
</html>
`;

const nginxNotFound = `<html>
<head><title>404 Not Found</title></head>
<body>
<center><h1>404 Not Found</h1></center>
<hr><center>nginx/1.27.5</center>
</body>
</html>
`;

const html = { "Content-Type": "text/html" };
const text = { "Content-Type": "text/plain; charset=utf-8" };

const nginx: Handler = (req) => {
  const path = req.path ?? "/";
  if (path === "/" || path === "/index.html") return { status: 200, headers: { Server: "nginx/1.27.5", ...html }, body: NGINX_WELCOME };
  return { status: 404, headers: { Server: "nginx/1.27.5", ...html }, body: nginxNotFound };
};

function whoami(req: AppRequest, conn: ConnectionInfo): AppResponse {
  const lines = [
    `Hostname: ${conn.pod.metadata.name}`,
    "IP: 127.0.0.1",
    "IP: ::1",
    `IP: ${conn.localIP}`,
    `RemoteAddr: ${conn.remoteIP}:${conn.remotePort}`,
  ];
  const headers: [string, string][] = [
    ["Host", req.host ?? `${conn.localIP}:${conn.localPort}`],
    ["User-Agent", req.headers?.["User-Agent"] ?? "curl/8.14.1"],
  ];
  for (const [k, v] of Object.entries(req.headers ?? {}).sort(([a], [b]) => (a < b ? -1 : 1)))
    if (k !== "User-Agent" && k !== "Host") headers.push([k, v]);
  if (!req.headers?.Accept) headers.push(["Accept", "*/*"]);
  const body = `${lines.join("\n")}\n${req.method ?? "GET"} ${req.path ?? "/"} HTTP/1.1\r\n${headers.map(([k, v]) => `${k}: ${v}\r\n`).join("")}\r\n`;
  return { status: 200, headers: text, body };
}

const ok: Handler = () => ({ status: 200, headers: text, body: "OK" });

/** the value of `--flag=v` / `--flag v` / `-flag=v` in a container's command line */
function flag(c: ContainerShape, name: string): string | undefined {
  const argv = [...(c.command ?? []), ...(c.args ?? [])];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!.replace(/^--?/, "");
    if (a === name) return argv[i + 1];
    if (a.startsWith(`${name}=`)) return a.slice(name.length + 1);
  }
  return undefined;
}

/** the repository part of an image reference: "docker.io/library/nginx:1.27" → "nginx" */
export function imageRepo(image: string): string {
  const noDigest = image.split("@")[0]!;
  const lastSlash = noDigest.lastIndexOf("/");
  const colon = noDigest.indexOf(":", lastSlash + 1);
  const path = colon >= 0 ? noDigest.slice(0, colon) : noDigest;
  return path.replace(/^(docker\.io\/)?(library\/)?/, "");
}

/** the sockets a container's process opens: port/protocol → handler */
export function defaultPorts(c: ContainerShape): Map<string, Handler> {
  const repo = imageRepo(c.image ?? "");
  const m = new Map<string, Handler>();
  const tcp = (port: number | string | undefined, h: Handler) => {
    const n = Number(port);
    if (Number.isInteger(n) && n > 0) m.set(`${n}/TCP`, h);
  };
  if (repo === "nginx" || repo.endsWith("/nginx")) tcp(80, nginx);
  else if (repo === "nginxinc/nginx-unprivileged") tcp(8080, nginx);
  else if (repo === "traefik/whoami") tcp(flag(c, "port") ?? c.env?.find((e) => e.name === "WHOAMI_PORT_NUMBER")?.value ?? 80, whoami);
  else if (repo === "httpd") tcp(80, () => ({ status: 200, headers: html, body: "<html><body><h1>It works!</h1></body></html>\n" }));
  else if (repo === "hashicorp/http-echo") {
    const body = `${flag(c, "text") ?? ""}\n`;
    tcp(flag(c, "listen")?.replace(/^.*:/, "") ?? 5678, () => ({ status: 200, headers: text, body }));
  } else if (repo.endsWith("e2e-test-images/agnhost") && (c.args ?? [])[0] === "netexec") {
    tcp(flag(c, "http-port") ?? 8080, (req, conn) => {
      if (req.path === "/hostname") return { status: 200, headers: text, body: conn.pod.metadata.name ?? "" };
      if (req.path === "/clientip") return { status: 200, headers: text, body: `${conn.remoteIP}:${conn.remotePort}` };
      return { status: 200, headers: text, body: "NOW: 2026-01-01 00:00:00.000000000 +0000 UTC m=+0.000000001" };
    });
  } else if (repo === "coredns/coredns" || repo.endsWith("/coredns")) {
    tcp(8080, ok);
    tcp(8181, ok);
    // :53 over UDP and TCP: the questions themselves are answered by the cluster DNS server
    const dns: Handler = () => ({ status: 0, body: "" });
    m.set("53/UDP", dns);
    m.set("53/TCP", dns);
  }
  return m;
}

const runningCache = new WeakMap<KubeObject, Set<string> | null>();

/** names of running containers; undefined = all (a Running pod without container statuses) */
function runningContainers(pod: KubeObject): Set<string> | undefined {
  const hit = runningCache.get(pod);
  if (hit !== undefined) return hit ?? undefined;
  const r = computeRunning(pod);
  runningCache.set(pod, r ?? null);
  return r;
}

function computeRunning(pod: KubeObject): Set<string> | undefined {
  const st = pod.status as { phase?: string; containerStatuses?: { name: string; state?: { running?: unknown } }[] } | undefined;
  if (!st?.containerStatuses || st.containerStatuses.length === 0) return st?.phase === "Running" ? undefined : new Set();
  return new Set(st.containerStatuses.filter((s) => s.state?.running).map((s) => s.name));
}

const portCache = new WeakMap<ContainerShape, Map<string, Handler>>();

export const defaultListeners: ListeningProcessLookup = {
  lookup(pod: KubeObject, port: number, protocol: Protocol): ListeningProcess | undefined {
    const running = runningContainers(pod);
    const containers = (pod.spec as { containers?: ContainerShape[] } | undefined)?.containers ?? [];
    for (const c of containers) {
      if (running && !running.has(c.name)) continue;
      let ports = portCache.get(c);
      if (!ports) portCache.set(c, (ports = defaultPorts(c)));
      const h = ports.get(`${port}/${protocol}`);
      if (h) return { container: c.name, handle: h };
    }
    return undefined;
  },
};
