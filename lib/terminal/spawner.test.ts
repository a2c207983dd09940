/**
 * The default spawner with real processes. Node itself stands in for kubectl here (the session
 * only ever passes the kubectl binary; see session/hostile tests for that guarantee).
 */
import { describe, expect, it } from "vitest";
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { defaultSpawner, findKubectl, type ExitInfo, type SpawnedProcess } from "./spawner";

function collect(p: SpawnedProcess): Promise<{ out: string; exit: ExitInfo }> {
  let out = "";
  p.onOutput((d) => (out += d));
  return new Promise((r) => p.onExit((exit) => r({ out, exit })));
}

const env = { PATH: "/nonexistent", HOME: tmpdir(), TERM: "xterm-256color", MARK: "a b;c" };

describe("defaultSpawner", () => {
  it("pipes: argv reaches the program verbatim (no shell), only the given environment, stdout+stderr", async () => {
    const p = defaultSpawner.spawn({
      file: process.execPath,
      args: [
        "-e",
        "process.stdout.write(JSON.stringify({argv: process.argv.slice(1), env: process.env, tty: !!process.stdout.isTTY})); process.stderr.write('\\nERR')",
        "$(id)",
        "a;b",
        "`x`",
        "*",
      ],
      cwd: tmpdir(),
      env,
    });
    const { out, exit } = await collect(p);
    expect(exit).toEqual({ code: 0, signal: null });
    const json = JSON.parse(out.slice(0, out.indexOf("\nERR"))) as { argv: string[]; env: Record<string, string>; tty: boolean };
    expect(json.argv).toEqual(["$(id)", "a;b", "`x`", "*"]);
    expect(json.env).toEqual(env);
    expect(json.tty).toBe(false);
    expect(out.endsWith("\nERR")).toBe(true);
  });

  it("reports a missing program as an exit with an ENOENT error", async () => {
    const { exit } = await collect(defaultSpawner.spawn({ file: "/nonexistent/kubectl", args: [], cwd: tmpdir(), env }));
    expect((exit.error as NodeJS.ErrnoException).code).toBe("ENOENT");
  });

  it("kills with a signal", async () => {
    const p = defaultSpawner.spawn({ file: process.execPath, args: ["-e", "setTimeout(() => {}, 60000)"], cwd: tmpdir(), env });
    const done = collect(p);
    p.kill("SIGINT");
    expect((await done).exit.signal).toBe("SIGINT");
  });

  it("pty: a real terminal of the given size; keystrokes and resizes reach the program", async () => {
    const script = `
      process.stdout.write('tty=' + process.stdout.isTTY + ' size=' + process.stdout.columns + 'x' + process.stdout.rows + '\\n');
      process.stdout.on('resize', () => process.stdout.write('resized=' + process.stdout.columns + 'x' + process.stdout.rows + '\\n'));
      process.stdin.setRawMode(true);
      process.stdin.on('data', (d) => { process.stdout.write('got=' + JSON.stringify(d.toString()) + '\\n'); if (d.toString().includes('q')) process.exit(3); });
    `;
    const p = defaultSpawner.spawn({ file: process.execPath, args: ["-e", script], cwd: tmpdir(), env, pty: { cols: 90, rows: 20 } });
    let out = "";
    p.onOutput((d) => (out += d));
    const exited = new Promise<ExitInfo>((r) => p.onExit(r));
    const until = async (s: string) => {
      for (let i = 0; i < 400 && !out.includes(s); i++) await new Promise((r) => setTimeout(r, 10));
      expect(out).toContain(s);
    };
    await until("tty=true size=90x20");
    p.resize(100, 30);
    await until("resized=100x30");
    p.write("x");
    await until('got="x"');
    p.write("q");
    expect((await exited).code).toBe(3);
  });
});

describe("findKubectl", () => {
  it("finds nothing on an empty PATH", () => {
    expect(findKubectl("/nonexistent:")).toBeUndefined();
  });

  it("takes the first kubectl on PATH, or its kubectl.1.<minor> sibling when asked and present", () => {
    const root = mkdtempSync(join(tmpdir(), "kubectl-path-"));
    const [a, b] = [join(root, "a"), join(root, "b")];
    for (const d of [a, b]) mkdirSync(d);
    const exe = (p: string) => writeFileSync(p, "#!/bin/sh\n", { mode: 0o755 });
    exe(join(a, "kubectl"));
    exe(join(b, "kubectl"));
    writeFileSync(join(a, "kubectl.1.32"), "not executable", { mode: 0o644 });
    expect(findKubectl(`${a}:${b}`)).toBe(realpathSync(join(a, "kubectl")));
    // a sibling that is not executable, or of another minor, is not taken
    expect(findKubectl(`${a}:${b}`, 32)).toBe(realpathSync(join(a, "kubectl")));
    expect(findKubectl(`${a}:${b}`, 33)).toBe(realpathSync(join(a, "kubectl")));
    exe(join(a, "kubectl.1.33"));
    expect(findKubectl(`${a}:${b}`, 33)).toBe(realpathSync(join(a, "kubectl.1.33")));
    rmSync(root, { recursive: true, force: true });
  });
});
