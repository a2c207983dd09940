/**
 * One learner's terminal session: keystrokes in, terminal output out. It shows the prompt, edits the
 * line, keeps history, completes with Tab, and runs what `planLine` allows — kubectl through the
 * injected `Spawner` (nothing else is ever started), builtins in-process.
 *
 * Guarantees: `input` never throws and accepts any string; while a command runs, keystrokes go to
 * it (interactive commands) or wait as type-ahead (at most 4 KiB; Ctrl-C interrupts and drops
 * them); `close()` kills the running process.
 */
import { cat, columns, HELP_TEXT, historyText, ls } from "./builtins";
import { planLine, type CommandPlan } from "./commands";
import { complete, type CompletionSource } from "./completion";
import { History } from "./history";
import type { KubectlPlan } from "./kubectl-policy";
import { decodeKeys, LineEditor, renderLine, type Key } from "./line-editor";
import { DEFAULT_LIMITS, KUBECTL_MISSING_MESSAGE, outcomeMessage, runKubectl, type RunHandle, type TerminalLimits } from "./run";
import { defaultSpawner, type Spawner } from "./spawner";

/** the prompt as the learner sees it (without colors) */
export const PROMPT_TEXT = "learner@kubelab:~$ ";
export const PROMPT = "\x1b[1;32mlearner@kubelab\x1b[0m:\x1b[1;34m~\x1b[0m$ ";
const CLEAR_SCREEN = "\x1b[H\x1b[2J\x1b[3J";
const MAX_TYPEAHEAD = 4096;
const COMPLETION_WAIT_MS = 3000;

export interface TerminalSessionOptions {
  workspaceDir: string;
  kubeconfigPath: string;
  /** absolute path of kubectl; undefined when it is not installed (the terminal says how to install it) */
  kubectlPath: string | undefined;
  /** terminal output for the client */
  output(data: string): void;
  spawner?: Spawner;
  /** object names for Tab; default: `kubectl get <type> -o name` through the spawner */
  completion?: CompletionSource;
  limits?: Partial<TerminalLimits>;
  cols?: number;
  rows?: number;
  /** clock for `watch`'s header */
  now?: () => Date;
}

type State =
  | { kind: "idle" }
  | { kind: "busy" }
  | { kind: "running"; run: RunHandle; plan: KubectlPlan }
  | { kind: "watching"; stop(): void }
  | { kind: "closed" };

export class TerminalSession {
  private state: State = { kind: "idle" };
  private readonly editor: LineEditor;
  private readonly history: History;
  private readonly limits: TerminalLimits;
  private readonly spawner: Spawner;
  private readonly completion: CompletionSource;
  private cols: number;
  private rows: number;
  private row = 0;
  private typeahead: Key[] = [];
  private typeaheadChars = 0;
  private lastChar = "\n";
  private paused = false;

  constructor(private readonly opts: TerminalSessionOptions) {
    this.limits = { ...DEFAULT_LIMITS, ...opts.limits };
    this.spawner = opts.spawner ?? defaultSpawner;
    this.history = new History(opts.workspaceDir);
    this.editor = new LineEditor(() => this.history.entries());
    this.cols = clampSize(opts.cols ?? 80, 80);
    this.rows = clampSize(opts.rows ?? 24, 24);
    this.completion = opts.completion ?? { names: (type, ns) => this.kubectlNames(type, ns) };
  }

  /** shows the first prompt */
  start(): void {
    this.prompt();
  }

  get busy(): boolean {
    return this.state.kind !== "idle";
  }

  /** keystrokes from the client (any string) */
  input(data: string): void {
    const s = this.state;
    if (s.kind === "closed") return;
    if (s.kind === "running" && s.plan.mode === "pty") {
      s.run.write(data);
      return;
    }
    if (s.kind === "running" || s.kind === "watching" || s.kind === "busy") {
      // (while Tab completes, Ctrl-C waits its turn like any key: it then abandons the line)
      if (s.kind !== "busy" && data.includes("\x03")) {
        this.typeahead = [];
        this.typeaheadChars = 0;
        if (s.kind === "running") s.run.interrupt();
        else if (s.kind === "watching") s.stop();
        return;
      }
      this.queue(decodeKeys(data), data.length);
      return;
    }
    this.handleKeys(decodeKeys(data));
  }

  /** a command sent by a lesson's Command block: runs now, or after the current command */
  run(command: string): void {
    const line = command.replace(/[\r\n]+/g, " ").trim();
    if (!line || this.state.kind === "closed") return;
    const keys: Key[] = [{ type: "ctrl-e" }, { type: "ctrl-u" }, { type: "text", text: line }, { type: "enter" }];
    if (this.state.kind === "idle") this.handleKeys(keys);
    else if (!(this.state.kind === "running" && this.state.plan.mode === "pty")) this.queue(keys, line.length);
  }

  resize(cols: number, rows: number): void {
    this.cols = clampSize(cols, this.cols);
    this.rows = clampSize(rows, this.rows);
    if (this.state.kind === "running") this.state.run.resize(this.cols, this.rows);
  }

  /** backpressure from the connection: stop reading the running command's output, or read again */
  pauseOutput(): void {
    this.paused = true;
    if (this.state.kind === "running") this.state.run.pause();
  }

  resumeOutput(): void {
    this.paused = false;
    if (this.state.kind === "running") this.state.run.resume();
  }

  close(): void {
    const s = this.state;
    this.state = { kind: "closed" };
    if (s.kind === "running") s.run.kill();
    if (s.kind === "watching") s.stop();
  }

  private write(data: string): void {
    if (!data || this.state.kind === "closed") return;
    this.lastChar = data[data.length - 1]!;
    this.opts.output(data);
  }

  private print(text: string): void {
    this.write(text.replace(/\r?\n/g, "\r\n"));
  }

  private prompt(): void {
    if (this.state.kind === "closed") return;
    if (this.lastChar !== "\n") this.write("\r\n");
    this.state = { kind: "idle" };
    this.editor.reset();
    this.row = 0;
    this.write(PROMPT);
    if (this.typeahead.length > 0) {
      const keys = this.typeahead;
      this.typeahead = [];
      this.typeaheadChars = 0;
      this.handleKeys(keys);
    }
  }

  private queue(keys: Key[], chars: number): void {
    if (this.typeaheadChars + chars > MAX_TYPEAHEAD) return;
    this.typeahead.push(...keys);
    this.typeaheadChars += chars;
  }

  private redraw(): void {
    const r = renderLine(PROMPT, this.editor.buffer, this.editor.cursor, this.cols, this.row);
    this.row = r.row;
    this.write(r.out);
  }

  private handleKeys(keys: Key[]): void {
    let dirty = false;
    for (let i = 0; i < keys.length; i++) {
      if (this.state.kind !== "idle") {
        // a command started (or Tab is completing): the rest is type-ahead
        this.queue(keys.slice(i), keys.length - i);
        break;
      }
      const key = keys[i]!;
      if (this.editor.apply(key)) {
        dirty = true;
        continue;
      }
      if (dirty) this.redraw();
      dirty = false;
      switch (key.type) {
        case "enter":
          this.enter();
          break;
        case "tab":
          this.tab();
          break;
        case "ctrl-c":
          this.editor.cursor = this.editor.buffer.length;
          this.redraw();
          this.write("^C\r\n");
          this.prompt();
          break;
        case "ctrl-d":
          if (this.editor.buffer.length > 0) dirty = this.editor.apply({ type: "delete" });
          break;
        case "ctrl-l":
          this.write(CLEAR_SCREEN);
          this.row = 0;
          dirty = true;
          break;
        default:
          break;
      }
    }
    if (dirty && this.state.kind === "idle") this.redraw();
  }

  private enter(): void {
    const line = this.editor.buffer;
    this.editor.cursor = line.length;
    this.redraw();
    this.write("\r\n");
    this.history.add(line);
    this.state = { kind: "busy" };
    this.execute(planLine(line, this.opts.workspaceDir));
  }

  private execute(plan: CommandPlan): void {
    switch (plan.kind) {
      case "empty":
        return this.prompt();
      case "refused":
        this.print(plan.message + "\n");
        return this.prompt();
      case "builtin":
        return this.builtin(plan.name, plan.args);
      case "kubectl":
        return this.kubectl(plan.plan);
      case "watch":
        return this.watch(plan.intervalSeconds, plan.plan, plan.line);
    }
  }

  private builtin(name: "clear" | "help" | "ls" | "cat" | "history", args: string[]): void {
    switch (name) {
      case "clear":
        this.write(CLEAR_SCREEN);
        break;
      case "help":
        this.print(HELP_TEXT);
        break;
      case "ls":
        this.print(ls(this.opts.workspaceDir, args, this.cols).out);
        break;
      case "cat":
        this.print(cat(this.opts.workspaceDir, args).out);
        break;
      case "history":
        this.print(historyText(this.history.entries()));
        break;
    }
    this.prompt();
  }

  private start_(plan: KubectlPlan, onOutput: (d: string) => void): RunHandle | undefined {
    if (!this.opts.kubectlPath) return undefined;
    return runKubectl({
      spawner: this.spawner,
      kubectlPath: this.opts.kubectlPath,
      plan,
      workspaceDir: this.opts.workspaceDir,
      kubeconfigPath: this.opts.kubeconfigPath,
      limits: this.limits,
      cols: this.cols,
      rows: this.rows,
      onOutput,
    });
  }

  private kubectl(plan: KubectlPlan): void {
    const run = this.start_(plan, (d) => this.write(d));
    if (!run) {
      this.print(KUBECTL_MISSING_MESSAGE);
      return this.prompt();
    }
    this.state = { kind: "running", run, plan };
    if (this.paused) run.pause();
    void run.done.then((outcome) => {
      if (this.state.kind === "closed") return;
      if (outcome.kind === "interrupted" && plan.mode === "pipe") this.write(this.lastChar === "\n" ? "^C\r\n" : "^C");
      const msg = outcomeMessage(outcome, this.limits, plan.long);
      if (msg) {
        if (this.lastChar !== "\n") this.write("\r\n");
        this.print(msg);
      }
      this.prompt();
    });
  }

  private watch(seconds: number, plan: KubectlPlan, line: string): void {
    if (!this.opts.kubectlPath) {
      this.print(KUBECTL_MISSING_MESSAGE);
      return this.prompt();
    }
    let current: RunHandle | undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    const deadline = setTimeout(
      () => finish(`[watch stopped after ${Math.round(this.limits.longTimeoutMs / 1000)} s]\n`),
      this.limits.longTimeoutMs,
    );
    const finish = (message: string) => {
      if (stopped) return;
      stopped = true;
      clearTimeout(timer);
      clearTimeout(deadline);
      current?.kill();
      if (this.state.kind === "closed") return;
      this.write(this.lastChar === "\n" ? "" : "\r\n");
      if (message) this.print(message);
      this.prompt();
    };
    const header = `Every ${seconds.toFixed(1)}s: kubectl ${line.replace(/^(kubectl|k) /, "")}`;
    const once = () => {
      let out = "";
      current = this.start_(plan, (d) => (out += d));
      void current!.done.then((outcome) => {
        if (stopped) return;
        const date = (this.opts.now ?? (() => new Date()))().toUTCString();
        const pad = Math.max(1, this.cols - header.length - date.length - 9);
        const lines = (out + outcomeMessage(outcome, this.limits, false).replace(/\n/g, "\r\n"))
          .split("\r\n")
          .slice(0, Math.max(1, this.rows - 2));
        this.write(`${CLEAR_SCREEN}${header}${" ".repeat(pad)}kubelab: ${date}\r\n\r\n${lines.join("\r\n")}`);
        timer = setTimeout(once, seconds * 1000);
      });
    };
    this.state = { kind: "watching", stop: () => finish("") };
    once();
  }

  private tab(): void {
    const before = this.editor.buffer.slice(0, this.editor.cursor);
    this.state = { kind: "busy" };
    const timeout = new Promise<null>((r) => setTimeout(() => r(null), COMPLETION_WAIT_MS).unref?.());
    void Promise.race([complete(before, { workspaceDir: this.opts.workspaceDir, source: this.completion }), timeout])
      .catch(() => null)
      .then((result) => {
        if (this.state.kind === "closed") return;
        this.state = { kind: "idle" };
        if (result && result.candidates.length > 0) {
          const word = before.slice(result.start);
          const common = commonPrefix(result.candidates);
          if (result.candidates.length === 1) {
            const c = result.candidates[0]!;
            this.editor.insert(c.slice(word.length) + (c.endsWith("/") ? "" : " "));
          } else if (common.length > word.length) {
            this.editor.insert(common.slice(word.length));
          } else {
            this.editor.cursor = this.editor.buffer.length;
            this.redraw();
            this.print("\n" + columns(result.candidates, this.cols));
            this.row = 0;
            this.editor.cursor = before.length;
          }
        }
        this.redraw();
        const keys = this.typeahead;
        this.typeahead = [];
        this.typeaheadChars = 0;
        if (keys.length > 0) this.handleKeys(keys);
      });
  }

  /** default completion source: `kubectl get <type> -o name` in the sandbox */
  private async kubectlNames(type: string, namespace: string | undefined): Promise<string[]> {
    const NAME = /^[a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?$/i;
    if (!NAME.test(type) || (namespace !== undefined && !NAME.test(namespace)) || !this.opts.kubectlPath) return [];
    const args = ["get", type, "-o", "name", ...(namespace ? ["-n", namespace] : [])];
    let out = "";
    const run = this.start_({ args, subcommand: "get", mode: "pipe", long: false }, (d) => (out += d));
    const outcome = await run!.done;
    if (outcome.kind !== "exit" || outcome.code !== 0) return [];
    return out
      .split(/\r?\n/)
      .map((l) => l.slice(l.indexOf("/") + 1).trim())
      .filter(Boolean);
  }
}

function clampSize(n: number, fallback: number): number {
  return Number.isInteger(n) && n >= 2 && n <= 1000 ? n : fallback;
}

function commonPrefix(list: string[]): string {
  let p = list[0] ?? "";
  for (const s of list) while (!s.startsWith(p)) p = p.slice(0, -1);
  return p;
}
