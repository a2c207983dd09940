/**
 * Plays a process generator (shell/types.ts) on the injectable clock: a `sleep` effect sets one
 * timer, `block` sets none (an idle nginx costs nothing). Signals: SIGTERM runs the handler the
 * program registered (nginx's graceful stop, a shell `trap`) in place of its code, or is ignored
 * (PID 1 without a handler, like `sleep`); `kill()` ends it at once (SIGKILL, OOM).
 *
 * Guarantees: `onExit` is called exactly once; after it, no timer of this process remains.
 */
import type { Clock, TimerHandle } from "../clock";
import { ShellExit, ShellInterrupt, type Gen, type InputStream } from "./shell/types";

export interface ProcessOptions {
  clock: Clock;
  onExit(code: number, reason?: string): void;
}

export class Process {
  private gen: Gen | undefined;
  private timer: TimerHandle | undefined;
  private stepping = false;
  private pendingKill: { code: number; reason?: string } | undefined;
  /** the input stream the process waits on, if any */
  private waitingOn: InputStream | undefined;
  termHandler: (() => Gen) | undefined;
  exited = false;
  exitCode: number | undefined;

  constructor(private readonly opts: ProcessOptions) {}

  /** runs `gen` until its first wait */
  start(gen: Gen): void {
    this.gen = gen;
    this.step();
  }

  private step(interrupt = false): void {
    if (this.exited || !this.gen) return;
    this.timer = undefined;
    this.waitingOn?.onData(undefined);
    this.waitingOn = undefined;
    this.stepping = true;
    let r: IteratorResult<unknown, number>;
    try {
      r = interrupt ? this.gen.throw(new ShellInterrupt()) : this.gen.next();
    } catch (e) {
      this.stepping = false;
      if (e instanceof ShellExit) return this.finish(e.code);
      if (e instanceof ShellInterrupt) return this.finish(130);
      return this.finish(1, "Error");
    }
    this.stepping = false;
    if (this.pendingKill) return this.finish(this.pendingKill.code, this.pendingKill.reason);
    if (r.done) return this.finish(r.value ?? 0);
    const eff = r.value as { sleep?: number; block?: boolean; wait?: InputStream };
    if (eff.sleep !== undefined) this.timer = this.opts.clock.setTimer(Math.max(0, eff.sleep), () => this.step());
    else if (eff.wait) {
      this.waitingOn = eff.wait;
      eff.wait.onData(() => this.step());
    }
  }

  /**
   * SIGINT (Ctrl-C on the process's terminal): a `ShellInterrupt` is thrown into the program
   * where it waits (an interactive shell catches it and prompts again); uncaught, the process
   * ends with 130. Ignored while the program runs a step.
   */
  interrupt(): void {
    if (this.exited || this.stepping || !this.gen) return;
    this.timer?.cancel();
    this.step(true);
  }

  /** SIGTERM (or the image's stop signal): the handler if any; returns false when ignored */
  terminate(): boolean {
    if (this.exited) return true;
    const h = this.termHandler;
    if (!h) return false;
    this.termHandler = undefined;
    this.timer?.cancel();
    this.timer = undefined;
    this.gen = h();
    if (!this.stepping) this.step();
    return true;
  }

  /** SIGKILL (137) or an OOM kill: ends the process now (after the current step, if inside one) */
  kill(code = 137, reason?: string): void {
    if (this.exited) return;
    if (this.stepping) {
      this.pendingKill = { code, reason };
      return;
    }
    this.finish(code, reason);
  }

  private finish(code: number, reason?: string): void {
    if (this.exited) return;
    this.exited = true;
    this.exitCode = code;
    this.timer?.cancel();
    this.timer = undefined;
    this.waitingOn?.onData(undefined);
    this.waitingOn = undefined;
    this.gen = undefined;
    this.opts.onExit(code, reason);
  }
}
