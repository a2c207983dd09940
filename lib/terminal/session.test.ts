import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fakeSpawner, type FakeProcess } from "./fake-spawner";
import { stripAnsi } from "./line-editor";
import { PROMPT_TEXT, TerminalSession, type TerminalSessionOptions } from "./session";
import { makeTestWorkspace } from "./test-workspace";
import { TestScreen } from "./test-screen";

const ws = makeTestWorkspace();
afterAll(() => ws.cleanup());
afterEach(() => vi.useRealTimers());

const KUBECTL = "/opt/kubectl/bin/kubectl";
const tick = () => new Promise<void>((r) => setImmediate(r));

function setup(opts: Partial<TerminalSessionOptions> = {}, onSpawn?: (p: FakeProcess) => void) {
  const spawner = fakeSpawner(onSpawn);
  let out = "";
  const view = new TestScreen(opts.cols ?? 80);
  const session = new TerminalSession({
    workspaceDir: ws.dir,
    kubeconfigPath: "/data/sb1/kubeconfig",
    kubectlPath: KUBECTL,
    spawner,
    output: (d) => {
      out += d;
      view.write(d);
    },
    ...opts,
  });
  session.start();
  return {
    session,
    spawner,
    raw: () => out,
    /** all output without colors */
    screen: () => stripAnsi(out),
    /** what the learner sees */
    view,
    line: () => view.currentLine(),
    clear: () => (out = ""),
  };
}

describe("TerminalSession", () => {
  it("shows the prompt at once", () => {
    const t = setup();
    expect(t.screen()).toBe(PROMPT_TEXT);
  });

  it("runs kubectl with an argv array, a minimal environment, in the workspace; converts line ends", async () => {
    const t = setup({}, (p) => {
      p.emit("NAME   READY\nweb    1/1\n");
      p.exit(0);
    });
    t.session.input("kubectl get pods -o 'wide'\r");
    await tick();
    expect(t.spawner.spawned).toHaveLength(1);
    const req = t.spawner.spawned[0]!.req;
    expect(req.file).toBe(KUBECTL);
    expect(req.args).toEqual(["get", "pods", "-o", "wide"]);
    expect(req.cwd).toBe(ws.dir);
    expect(req.pty).toBeUndefined();
    expect(req.env).toEqual({
      PATH: "/nonexistent/kubelab-no-programs",
      HOME: join(ws.dir, ".home"),
      KUBECONFIG: "/data/sb1/kubeconfig",
      KUBECACHEDIR: join(ws.dir, ".home", ".kube", "cache"),
      TERM: "xterm-256color",
    });
    expect(t.raw()).toContain("NAME   READY\r\nweb    1/1\r\n");
    expect(t.screen().endsWith(PROMPT_TEXT)).toBe(true);
    expect(t.session.busy).toBe(false);
  });

  it("k is kubectl", async () => {
    const t = setup({}, (p) => p.exit(0));
    t.session.input("k get no\r");
    await tick();
    expect(t.spawner.spawned[0]!.req.args).toEqual(["get", "no"]);
  });

  it("makes control characters in piped output visible", async () => {
    const t = setup({}, (p) => {
      p.emit("evil\x1b]52;c;aGk=\x07name\n");
      p.exit(0);
    });
    t.session.input("k get pods\r");
    await tick();
    expect(t.raw()).toContain("evil^[]52;c;aGk=^Gname\r\n");
  });

  it("refuses other commands with a helpful message and starts nothing", () => {
    const t = setup();
    t.session.input("bash -c id\r");
    t.session.input("k get pods | sh\r");
    t.session.input("cd /tmp\r");
    expect(t.spawner.spawned).toHaveLength(0);
    expect(t.screen()).toContain("bash: command not available. Only kubectl (alias k) and a few builtins run here; try `help`");
    expect(t.screen()).toContain("pipes (`|`) aren't supported here");
    expect(t.screen()).toContain("cd: there is one folder here");
    expect(t.screen().endsWith(PROMPT_TEXT)).toBe(true);
  });

  it("says how to install kubectl when it is missing", () => {
    const t = setup({ kubectlPath: undefined });
    t.session.input("kubectl get pods\r");
    t.session.input("watch kubectl get pods\r");
    expect(t.spawner.spawned).toHaveLength(0);
    expect(t.screen()).toContain("kubectl is not installed on this server");
    expect(t.screen()).toContain("the rest of Kubelab works");
  });

  it("reports a kubectl that vanished (ENOENT) the same way", async () => {
    const t = setup({}, (p) => p.exit(null, null, Object.assign(new Error("spawn ENOENT"), { code: "ENOENT" })));
    t.session.input("k version\r");
    await tick();
    expect(t.screen()).toContain("kubectl is not installed on this server");
    expect(t.session.busy).toBe(false);
  });

  it("Ctrl-C interrupts a running command with SIGINT and drops type-ahead", async () => {
    const t = setup();
    t.session.input("k get pods -w\r");
    t.session.input("k get ns\r");
    expect(t.session.busy).toBe(true);
    t.session.input("\x03");
    await tick();
    expect(t.spawner.spawned).toHaveLength(1);
    expect(t.spawner.spawned[0]!.killed).toEqual(["SIGINT"]);
    expect(t.screen()).toContain("^C");
    expect(t.session.busy).toBe(false);
  });

  it("runs type-ahead after the command ends", async () => {
    const t = setup();
    t.session.input("k get pods\r");
    t.session.input("k get ns\r");
    t.spawner.spawned[0]!.exit(0);
    await tick();
    expect(t.spawner.spawned.map((p) => p.req.args)).toEqual([
      ["get", "pods"],
      ["get", "ns"],
    ]);
  });

  it("stops a command at its time limit", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const t = setup({ limits: { timeoutMs: 30_000 } });
    t.session.input("k get pods\r");
    await vi.advanceTimersByTimeAsync(29_999);
    expect(t.spawner.spawned[0]!.killed).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(t.spawner.spawned[0]!.killed).toEqual(["SIGTERM"]);
    await vi.advanceTimersByTimeAsync(0);
    expect(t.screen()).toContain("[stopped: a command may run for at most 30 s here]");
    expect(t.screen().endsWith(PROMPT_TEXT)).toBe(true);
  });

  it("gives streaming commands the long limit", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const t = setup({ limits: { timeoutMs: 1000, longTimeoutMs: 5000 } });
    t.session.input("k logs -f web\r");
    await vi.advanceTimersByTimeAsync(4999);
    expect(t.spawner.spawned[0]!.killed).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(t.spawner.spawned[0]!.killed).toEqual(["SIGTERM"]);
  });

  it("cuts output at the limit and stops the command", async () => {
    const t = setup({ limits: { maxOutputBytes: 100 } });
    t.session.input("k get pods\r");
    const p = t.spawner.spawned[0]!;
    p.emit("x".repeat(60));
    p.emit("y".repeat(60));
    p.emit("z".repeat(60));
    await tick();
    expect(p.killed).toEqual(["SIGTERM"]);
    const s = t.screen();
    expect(s).toContain("x".repeat(60) + "y".repeat(40) + "\r\n[output cut at 0 KiB");
    expect(s).not.toContain("z");
  });

  it("runs `kubectl exec -it` under a pty: raw keys go to it, resizes are forwarded", async () => {
    const t = setup({ cols: 100, rows: 30 });
    t.session.input("k exec -it web -- sh\r");
    const p = t.spawner.spawned[0]!;
    expect(p.req.pty).toEqual({ cols: 100, rows: 30 });
    t.session.input("ls\r\x03\x1b[A");
    t.session.resize(120, 40);
    expect(p.written).toEqual(["ls\r\x03\x1b[A"]);
    expect(p.resized).toEqual([[120, 40]]);
    p.emit("/ # \x1b[6n");
    expect(t.raw()).toContain("/ # \x1b[6n");
    p.exit(0);
    await tick();
    expect(t.screen().endsWith(PROMPT_TEXT)).toBe(true);
  });

  it("forwards backpressure to the running command", () => {
    const t = setup();
    t.session.input("k get pods -w\r");
    t.session.pauseOutput();
    expect(t.spawner.spawned[0]!.paused).toBe(true);
    t.session.resumeOutput();
    expect(t.spawner.spawned[0]!.paused).toBe(false);
  });

  it("keeps history per workspace, recalls it with ↑ and lists it with `history`", async () => {
    const t = setup({}, (p) => p.exit(0));
    t.session.input("k get pods\r");
    await tick();
    t.session.input("help\r");
    const file = join(ws.dir, ".home", ".kubelab_history");
    expect(existsSync(file)).toBe(true);
    expect(readFileSync(file, "utf8").split("\n").slice(-3)).toEqual(["k get pods", "help", ""]);
    const t2 = setup({}, (p) => p.exit(0));
    t2.session.input("\x1b[A\x1b[A\r");
    await tick();
    expect(t2.spawner.spawned[0]!.req.args).toEqual(["get", "pods"]);
    t2.clear();
    t2.session.input("history\r");
    expect(t2.screen()).toMatch(/\d+ {2}k get pods\r\n\s+\d+ {2}help\r\n\s+\d+ {2}k get pods\r\n\s+\d+ {2}history\r\n/);
  });

  it("builtins: help, ls, cat, clear", () => {
    const t = setup();
    t.session.input("help\r");
    expect(t.screen()).toContain("This terminal runs the real kubectl against your own sandbox cluster.");
    expect(
      t.view
        .text()
        .split("\n")
        .every((l) => l.length < 80),
    ).toBe(true);
    t.clear();
    t.session.input("ls\r");
    expect(t.view.text()).toContain(
      "app.env          dangling.yaml    deployment.yaml  dir-out\nkust/            leaky/           link-in.yaml     link-out.yaml\nmanifests/\n",
    );
    expect(t.screen()).not.toContain(".hidden");
    t.clear();
    t.session.input("cat deployment.yaml\r");
    expect(t.screen()).toContain("apiVersion: apps/v1\r\nkind: Deployment\r\n");
    t.clear();
    t.session.input("cat link-out.yaml ../outside/secret.txt /etc/passwd\r");
    expect(t.screen()).not.toContain("top secret");
    expect(t.screen()).toContain("outside your workspace");
    t.clear();
    t.session.input("clear\r");
    expect(t.raw()).toContain("\x1b[2J");
    expect(t.spawner.spawned).toHaveLength(0);
  });

  it("Ctrl-C on the prompt abandons the line; Ctrl-L clears and redraws it", () => {
    const t = setup();
    t.session.input("k get po\x03");
    expect(t.view.text()).toBe(`${PROMPT_TEXT}k get po^C\n${PROMPT_TEXT}`.trimEnd());
    t.clear();
    t.session.input("abc\x0c");
    expect(t.raw()).toContain("\x1b[2J");
    expect(t.line()).toBe(PROMPT_TEXT + "abc");
  });

  it("run() types and runs a lesson command, or queues it behind the running one", async () => {
    const t = setup();
    t.session.input("half-typed");
    t.session.run("kubectl get nodes");
    expect(t.spawner.spawned[0]!.req.args).toEqual(["get", "nodes"]);
    t.session.run("kubectl get pods");
    expect(t.spawner.spawned).toHaveLength(1);
    t.spawner.spawned[0]!.exit(0);
    await tick();
    expect(t.spawner.spawned[1]!.req.args).toEqual(["get", "pods"]);
  });

  it("watch re-runs the command every N seconds until Ctrl-C", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const t = setup({ now: () => new Date(Date.UTC(2026, 0, 1)) }, (p) => {
      p.emit("NAME  STATUS\nweb   Running\n");
      p.exit(0);
    });
    t.session.input("watch -n 5 kubectl get pods\r");
    await vi.advanceTimersByTimeAsync(0);
    expect(t.spawner.spawned).toHaveLength(1);
    expect(t.screen()).toContain("Every 5.0s: kubectl get pods");
    expect(t.screen()).toContain("kubelab: Thu, 01 Jan 2026 00:00:00 GMT");
    expect(t.screen()).toContain("web   Running");
    await vi.advanceTimersByTimeAsync(5000);
    expect(t.spawner.spawned).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(5000);
    expect(t.spawner.spawned).toHaveLength(3);
    t.session.input("\x03");
    await vi.advanceTimersByTimeAsync(20_000);
    expect(t.spawner.spawned).toHaveLength(3);
    expect(t.screen().endsWith(PROMPT_TEXT)).toBe(true);
    expect(t.spawner.spawned.every((p) => p.req.file === KUBECTL && p.req.args.join(" ") === "get pods")).toBe(true);
  });

  it("close() kills the running command", () => {
    const t = setup();
    t.session.input("k get pods -w\r");
    t.session.close();
    expect(t.spawner.spawned[0]!.killed).toEqual(["SIGKILL"]);
    t.session.input("k get pods\r");
    expect(t.spawner.spawned).toHaveLength(1);
  });
});

describe("TerminalSession: Tab completion", () => {
  const names = {
    names: async (type: string) =>
      type === "pods" || type === "po" ? ["web-1", "web-2", "db"] : type === "nodes" || type === "no" ? ["node-1"] : [],
  };

  it("completes commands and subcommands", async () => {
    const t = setup({ completion: names });
    t.session.input("kube\t");
    await tick();
    t.session.input("ge\t");
    await tick();
    t.session.input("pods we\t");
    await tick();
    expect(t.line()).toBe(PROMPT_TEXT + "kubectl get pods web-");
    t.session.input("\x15k logs d\t");
    await tick();
    expect(t.line()).toBe(PROMPT_TEXT + "k logs db");
  });

  it("lists ambiguous candidates and redraws the line", async () => {
    const t = setup({ completion: names });
    t.session.input("k get pods web-\t");
    await tick();
    expect(t.view.text()).toBe(`${PROMPT_TEXT}k get pods web-\nweb-1  web-2\n${PROMPT_TEXT}k get pods web-`);
  });

  it("completes resource types, type/name and workspace files", async () => {
    const t = setup({ completion: names });
    t.session.input("k get deplo\t");
    await tick();
    expect(t.line()).toBe(PROMPT_TEXT + "k get deploy");
    t.session.input("m\t");
    await tick();
    expect(t.line()).toBe(PROMPT_TEXT + "k get deployments ".trimEnd());
    t.session.input("\x15k describe no/n\t");
    await tick();
    expect(t.line()).toBe(PROMPT_TEXT + "k describe no/node-1");
    t.session.input("\x15k apply -f manif\t");
    await tick();
    t.session.input("w\t");
    await tick();
    expect(t.line()).toBe(PROMPT_TEXT + "k apply -f manifests/web.yaml ".trimEnd());
    t.session.input("\x15cat dep\t");
    await tick();
    expect(t.line()).toBe(PROMPT_TEXT + "cat deployment.yaml ".trimEnd());
  });

  it("by default asks kubectl for names (through the spawner, with a checked type)", async () => {
    const t = setup({}, (p) => {
      p.emit("pod/web-1\npod/web-2\n");
      p.exit(0);
    });
    t.session.input("k get pods -n demo w\t");
    await tick();
    await tick();
    expect(t.spawner.spawned.map((p) => p.req.args)).toEqual([["get", "pods", "-o", "name", "-n", "demo"]]);
    expect(t.line()).toBe(PROMPT_TEXT + "k get pods -n demo web-".trimEnd());
    t.session.input("\x15k get --kubeconfig=x x\t");
    await tick();
    expect(t.spawner.spawned).toHaveLength(1);
  });

  it("queues keys typed while completing", async () => {
    let release: () => void = () => {};
    const slow = { names: () => new Promise<string[]>((r) => (release = () => r(["web-1"]))) };
    const t = setup({ completion: slow });
    t.session.input("k logs w\t");
    t.session.input("x");
    release();
    await tick();
    expect(t.line()).toBe(PROMPT_TEXT + "k logs web-1 x".trimEnd());
  });
});
