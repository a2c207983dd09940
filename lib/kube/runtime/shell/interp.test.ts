import { describe, expect, it } from "vitest";
import { FakeClock } from "../../clock";
import { MemFs } from "../fs";
import { Process } from "../process";
import { programsFor } from "../programs";
import { applets } from "./applets";
import { Shell } from "./interp";
import { parseScript, ShellSyntaxError } from "./parse";
import type { ProcessHost } from "./types";

function run(argv: string[], opts: { flavor?: "busybox" | "gnu"; env?: Record<string, string>; advance?: number } = {}) {
  const clock = new FakeClock(Date.UTC(2026, 10, 27, 13, 48, 55));
  const lines: string[] = [];
  let code: number | undefined;
  const proc = new Process({ clock, onExit: (c) => (code = c) });
  const programs = programsFor({ stress: "" }, {});
  const host: ProcessHost = {
    fs: new MemFs({}, ["/tmp"]),
    now: () => clock.now(),
    hostname: "web",
    flavor: opts.flavor ?? "busybox",
    ip: "10.244.1.2",
    has: (n) => n === "sh" || n in applets || n === "stress",
    program: programs,
    http: () => undefined,
    listen: () => undefined,
    setMemory: () => undefined,
    onTerm: (h) => (proc.termHandler = h),
  };
  const env = new Map(Object.entries(opts.env ?? { PATH: "/bin" }));
  const at = (t: string) => `${(clock.now() - Date.UTC(2026, 10, 27, 13, 48, 55)) / 1000}s ${t}`;
  proc.start(new Shell(host, env).run(argv, env, { out: (t) => lines.push(at(t)), err: (t) => lines.push(at("ERR " + t)), stdin: null }));
  clock.advance(opts.advance ?? 0);
  return { lines, code: () => code, clock, proc, host };
}

describe("shell", () => {
  it("echo completes with 0", () => {
    const r = run(["echo", "hi"]);
    expect(r.lines).toEqual(["0s hi\n"]);
    expect(r.code()).toBe(0);
  });

  it("sh -c exit 1", () => {
    expect(run(["sh", "-c", "exit 1"]).code()).toBe(1);
  });

  it("sleep runs on the clock", () => {
    const r = run(["sleep", "5"], { advance: 4999 });
    expect(r.code()).toBeUndefined();
    r.clock.advance(1);
    expect(r.code()).toBe(0);
  });

  it("a while loop prints the date every 5 s", () => {
    const r = run(["sh", "-c", "while true; do echo $(date); sleep 5; done"], { advance: 10_000 });
    expect(r.lines).toEqual(["0s Fri Nov 27 13:48:55 UTC 2026\n", "5s Fri Nov 27 13:49:00 UTC 2026\n", "10s Fri Nov 27 13:49:05 UTC 2026\n"]);
    expect(r.code()).toBeUndefined();
  });

  it("the liveness example manages /tmp/healthy", () => {
    const r = run(["/bin/sh", "-c", "touch /tmp/healthy; sleep 30; rm -f /tmp/healthy; sleep 600"], { advance: 29_000 });
    expect(r.host.fs.exists("/tmp/healthy")).toBe(true);
    r.clock.advance(1000);
    expect(r.host.fs.exists("/tmp/healthy")).toBe(false);
    expect(r.code()).toBeUndefined();
  });

  it("expands variables, defaults, arithmetic and quotes", () => {
    const r = run(["sh", "-c", 'A="a b"; for x in $A; do echo "<$x>"; done; echo ${B:-dflt} $((2*3+1)) \'$A\'; i=0; while [ $i -lt 3 ]; do i=$((i+1)); done; echo $i'], { env: {} });
    expect(r.lines.join("")).toBe("0s <a>\n0s <b>\n0s dflt 7 $A\n0s 3\n");
  });

  it("reports unknown commands like busybox and dash", () => {
    expect(run(["sh", "-c", "foo"]).lines).toEqual(["0s ERR sh: foo: not found\n"]);
    const gnu = run(["sh", "-c", "foo; echo $?"], { flavor: "gnu" });
    expect(gnu.lines).toEqual(["0s ERR sh: 1: foo: not found\n", "0s 127\n"]);
  });

  it("cat of a missing file uses the flavour's message", () => {
    expect(run(["cat", "/tmp/healthy"]).lines).toEqual(["0s ERR cat: can't open '/tmp/healthy': No such file or directory\n"]);
    expect(run(["cat", "/tmp/healthy"], { flavor: "gnu" }).lines).toEqual(["0s ERR cat: /tmp/healthy: No such file or directory\n"]);
  });

  it("redirections and pipes", () => {
    const r = run(["sh", "-c", "echo one > /tmp/f; echo two >> /tmp/f; cat /tmp/f | grep tw; seq 3 | tail -n 1"]);
    expect(r.lines.join("")).toBe("0s two\n0s 3\n");
  });

  it("trap runs on SIGTERM, otherwise PID 1 ignores it", () => {
    const r = run(["sh", "-c", "trap 'echo bye; exit 3' TERM; sleep 100"]);
    expect(r.proc.terminate()).toBe(true);
    expect(r.lines).toEqual(["0s bye\n"]);
    expect(r.code()).toBe(3);
    const s = run(["sleep", "100"]);
    expect(s.proc.terminate()).toBe(false);
    expect(s.code()).toBeUndefined();
  });

  it("stress prints its banner", () => {
    const r = run(["stress", "--vm", "1", "--vm-bytes", "250M", "--vm-hang", "1"], { advance: 100 });
    expect(r.lines).toEqual(["0s ERR stress: info: [1] dispatching hogs: 0 cpu, 0 io, 1 vm, 0 hdd\n"]);
  });

  it("parses compound commands and rejects bad syntax", () => {
    expect(parseScript("if true; then echo a; elif false; then echo b; else echo c; fi").k).toBe("if");
    expect(() => parseScript("do echo")).toThrow(ShellSyntaxError);
    expect(run(["sh", "-c", "if [ 1 -eq 2 ]; then echo y; else echo n; fi"]).lines).toEqual(["0s n\n"]);
  });
});
