import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { AddressInfo } from "node:net";
import type { Server, IncomingMessage } from "node:http";
import WebSocket from "ws";
import { fakeSpawner, type FakeSpawner } from "../../lib/terminal/fake-spawner";
import { makeTestWorkspace } from "../../lib/terminal/test-workspace";
import { PROMPT_TEXT, stripAnsi } from "../../lib/terminal/index";
import { createPlatformServer } from "../http";
import { sameOrigin, terminalRoute, type TerminalRoute } from "./terminal";

const ws = makeTestWorkspace();
const KUBECTL = "/opt/bin/kubectl";
let server: Server;
let route: TerminalRoute;
let spawner: FakeSpawner;
let base: string;
const resolved: { id: string; cookie: string | undefined }[] = [];

beforeAll(async () => {
  spawner = fakeSpawner((p) => {
    if (p.req.args[0] === "get") {
      p.emit("NAME  READY\nweb   1/1\n");
      p.exit(0);
    }
  });
  route = terminalRoute({
    kubectlPath: KUBECTL,
    spawner,
    maxPayload: 4096,
    maxSessionsPerSandbox: 2,
    async resolve(req: IncomingMessage, id: string) {
      resolved.push({ id, cookie: req.headers.cookie });
      if (id === "boom") throw new Error("db down");
      if (id !== "sb-1" || req.headers.cookie !== "session=alice") return null;
      return { sandboxId: "sb-1", workspaceDir: ws.dir, kubeconfigPath: "/data/sb-1/kubeconfig" };
    },
  });
  server = createPlatformServer({ routes: [route], fallback: (_q, r) => void r.writeHead(404).end(), trustProxy: false });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  route.close();
  await new Promise<void>((r) => server.close(() => r()));
  ws.cleanup();
});
const open: WebSocket[] = [];
afterEach(async () => {
  for (const s of open.splice(0)) s.terminate();
  // let the server see the closes
  for (let i = 0; i < 50 && route.connections() > 0; i++) await new Promise((r) => setTimeout(r, 5));
});

interface Client {
  sock: WebSocket;
  text(): string;
  send(m: unknown): void;
  waitFor(s: string): Promise<void>;
  closed: Promise<{ code: number }>;
}

function connect(
  path = "/api/sandboxes/sb-1/terminal",
  headers: Record<string, string> = { origin: `http://${"HOST"}`, cookie: "session=alice" },
): Promise<Client> {
  return new Promise((resolve, reject) => {
    const h = { ...headers };
    if (h.origin) h.origin = h.origin.replace("HOST", base);
    const sock = new WebSocket(`ws://${base}${path}`, { headers: h });
    open.push(sock);
    let out = "";
    const waiters: (() => void)[] = [];
    sock.on("message", (d) => {
      const m = JSON.parse(d.toString()) as { type: string; data: string };
      out += m.data;
      for (const w of [...waiters]) w();
    });
    const closed = new Promise<{ code: number }>((r) => sock.on("close", (code) => r({ code })));
    sock.on("unexpected-response", (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    sock.on("error", reject);
    sock.on("open", () =>
      resolve({
        sock,
        text: () => stripAnsi(out),
        send: (m) => sock.send(typeof m === "string" ? m : JSON.stringify(m)),
        waitFor: (s) =>
          new Promise<void>((res) => {
            const check = () => {
              if (stripAnsi(out).includes(s)) {
                waiters.splice(waiters.indexOf(check), 1);
                res();
              }
            };
            waiters.push(check);
            check();
          }),
        closed,
      }),
    );
  });
}

describe("terminal route", () => {
  it("shows the prompt on connect and runs kubectl for the resolved sandbox", async () => {
    const c = await connect();
    await c.waitFor(PROMPT_TEXT);
    c.send({ type: "input", data: "k get pods\r" });
    await c.waitFor("web   1/1");
    await c.waitFor("1/1\r\n" + PROMPT_TEXT);
    const p = spawner.spawned.at(-1)!;
    expect(p.req.file).toBe(KUBECTL);
    expect(p.req.cwd).toBe(ws.dir);
    expect(p.req.env.KUBECONFIG).toBe("/data/sb-1/kubeconfig");
    expect(resolved.at(-1)).toEqual({ id: "sb-1", cookie: "session=alice" });
  });

  it("refuses cross-origin and origin-less upgrades (403) before resolving", async () => {
    const before = resolved.length;
    await expect(connect(undefined, { origin: "https://evil.example", cookie: "session=alice" })).rejects.toThrow("HTTP 403");
    await expect(connect(undefined, { cookie: "session=alice" })).rejects.toThrow("HTTP 403");
    await expect(connect(undefined, { origin: "null", cookie: "session=alice" })).rejects.toThrow("HTTP 403");
    expect(resolved.length).toBe(before);
  });

  it("answers 404 for someone else's or an unknown sandbox, 500 when resolving fails", async () => {
    await expect(connect(undefined, { origin: "http://HOST", cookie: "session=bob" })).rejects.toThrow("HTTP 404");
    await expect(connect("/api/sandboxes/sb-2/terminal")).rejects.toThrow("HTTP 404");
    await expect(connect("/api/sandboxes/boom/terminal")).rejects.toThrow("HTTP 500");
  });

  it("answers a plain GET with 426", async () => {
    const res = await fetch(`http://${base}/api/sandboxes/sb-1/terminal`);
    expect(res.status).toBe(426);
  });

  it("limits terminals per sandbox", async () => {
    await connect();
    await connect();
    await expect(connect()).rejects.toThrow("HTTP 429");
  });

  it("takes the size from the query, forwards resizes and raw keys to interactive commands", async () => {
    const c = await connect("/api/sandboxes/sb-1/terminal?cols=100&rows=30");
    await c.waitFor(PROMPT_TEXT);
    c.send({ type: "input", data: "k exec -it web -- sh\r" });
    await until(() => spawner.spawned.at(-1)?.req.args[0] === "exec");
    const p = spawner.spawned.at(-1)!;
    expect(p.req.pty).toEqual({ cols: 100, rows: 30 });
    c.send({ type: "resize", cols: 132, rows: 43 });
    c.send({ type: "input", data: "ls\r" });
    await until(() => p.written.length > 0 && p.resized.length > 0);
    expect(p.resized).toEqual([[132, 43]]);
    expect(p.written).toEqual(["ls\r"]);
    c.sock.close();
    await until(() => p.exited);
    expect(p.killed).toEqual(["SIGKILL"]);
  });

  it("runs a lesson command sent as {type:run}", async () => {
    const c = await connect();
    await c.waitFor(PROMPT_TEXT);
    c.send({ type: "run", command: "kubectl get nodes" });
    await c.waitFor(PROMPT_TEXT + "kubectl get nodes");
    await until(() => spawner.spawned.at(-1)?.req.args.join(" ") === "get nodes");
  });

  it("survives hostile frames: invalid JSON, binary, wrong shapes, oversized frames", async () => {
    const spawnedBefore = spawner.spawned.length;
    const c = await connect();
    await c.waitFor(PROMPT_TEXT);
    for (const f of [
      "not json",
      "{",
      "null",
      "[]",
      '{"type":"input"}',
      '{"type":"input","data":5}',
      '{"type":"resize","cols":-1,"rows":1e9}',
      '{"type":"exec","cmd":"id"}',
      '{"type":"run","command":{"x":1}}',
      '{"__proto__":{"type":"input"}}',
    ])
      c.send(f);
    c.sock.send(Buffer.from([0, 1, 2, 3]), { binary: true });
    c.send({ type: "input", data: "k get pods; id\r" });
    c.send({ type: "input", data: "sh -c id\r" });
    await c.waitFor("command not available");
    expect(spawner.spawned.length).toBe(spawnedBefore);
    // a frame over maxPayload closes this connection with 1009 …
    c.send({ type: "input", data: "x".repeat(10_000) });
    expect((await c.closed).code).toBe(1009);
    // … and the server is still up
    const d = await connect();
    await d.waitFor(PROMPT_TEXT);
  });

  it("closes a connection after too many invalid frames", async () => {
    const c = await connect();
    for (let i = 0; i < 60; i++) c.send("garbage");
    expect((await c.closed).code).toBe(1008);
  });
});

describe("sameOrigin", () => {
  const req = (headers: Record<string, string>) => ({ headers }) as unknown as IncomingMessage;
  it("compares the Origin's host with Host", () => {
    expect(sameOrigin(req({ origin: "https://kubelab.dev", host: "kubelab.dev" }))).toBe(true);
    expect(sameOrigin(req({ origin: "http://localhost:3000", host: "localhost:3000" }))).toBe(true);
    expect(sameOrigin(req({ origin: "http://localhost:3001", host: "localhost:3000" }))).toBe(false);
    expect(sameOrigin(req({ origin: "https://kubelab.dev.evil.com", host: "kubelab.dev" }))).toBe(false);
    expect(sameOrigin(req({ origin: "file://", host: "kubelab.dev" }))).toBe(false);
    expect(sameOrigin(req({ host: "kubelab.dev" }))).toBe(false);
  });
  it("uses X-Forwarded-Host only behind a trusted proxy, and honours allowed origins", () => {
    const r = req({ origin: "https://learn.example", host: "10.0.0.5:3000", "x-forwarded-host": "learn.example" });
    expect(sameOrigin(r)).toBe(false);
    expect(sameOrigin(r, [], true)).toBe(true);
    expect(sameOrigin(req({ origin: "https://other.example", host: "x" }), ["https://other.example/"])).toBe(true);
  });
});

async function until(cond: () => boolean): Promise<void> {
  for (let i = 0; i < 400; i++) {
    if (cond()) return;
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error("condition never became true");
}
