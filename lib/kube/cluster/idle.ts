/**
 * Parking idle clusters (issue #4, "idle clusters cost ~0 CPU"). A platform holds one live
 * cluster per learner, and most of them are idle most of the time: the learner reads a lesson,
 * or has left. A live cluster does periodic work even when idle (every kubelet renews its Lease
 * every 10 s, as upstream), so 1,000 idle clusters cost a sizeable share of a core.
 *
 * An idle cluster does no work: after `after` ms of cluster time with no external API traffic
 * (requests through `cluster.handle`/`upgrade`; the components' own loopback traffic does not
 * count), with no external request or stream open (watch, exec, attach, `logs -f`) and with its
 * components settled, the cluster *parks*: its ParkableClock cancels every component timer
 * (heartbeats, lease renewals, node monitoring, probes, back-offs, resyncs), so a parked
 * cluster arms no timers at all, and the idle check itself is not re-armed.
 *
 * The next external request unparks it BEFORE it is served: the clock resumes (kubelets
 * heartbeat and report node status at once, the node-lifecycle controller restarts its grace
 * periods as a restarted kube-controller-manager does, then the timers that came due fire in due
 * order), the components settle, and only then is the request handled, so a learner sees a
 * consistent cluster in which time went on. While parked, `now()` keeps moving; nothing that was
 * due is lost, it only runs late (once).
 *
 * What parking does not cover: writes through the in-process loopback client while parked (a
 * lesson's setup) are served, and components react to them through their watches, but any timer
 * they set waits for the resume. Call `unpark()` before driving a parked cluster from inside.
 */
import type { Clock, ParkableClock, TimerHandle } from "../clock";
import type { Trace } from "../trace";

export interface IdleOptions {
  /** ms of cluster time without external API traffic before the cluster parks (default 60 s) */
  after: number;
}

export const DEFAULT_IDLE_AFTER_MS = 60_000;

export interface ParkingArgs {
  /** the cluster's own clock (the idle check is armed here, not on the parkable one) */
  clock: Clock;
  /** the clock the components wait on */
  parkable: ParkableClock;
  /** undefined: never park by itself (only through `park()`) */
  afterMs: number | undefined;
  /** resolves when the components have no work queued or running */
  settle(): Promise<void>;
  /** synchronously: no work queued or running */
  settled(): boolean;
  trace: Trace;
}

/** an external request or stream in progress; `done()` when it has ended (idempotent) */
export interface ExternalActivity {
  /** undefined when the cluster was running; otherwise resolves once unparked and settled */
  ready: Promise<void> | undefined;
  done(): void;
}

export class ClusterParking {
  private open = 0;
  private lastActivity: number;
  private timer: TimerHandle | undefined;
  /** a park attempt is settling the components */
  private checking = false;
  private resuming: Promise<void> | undefined;
  private closed = false;
  private parkedSince: number | undefined;

  constructor(private readonly a: ParkingArgs) {
    this.lastActivity = a.clock.now();
    this.arm();
  }

  get parked(): boolean {
    return this.a.parkable.parked;
  }

  /** open external requests and streams */
  get active(): number {
    return this.open;
  }

  /** an external request begins: it keeps the cluster awake until `done()` */
  enter(): ExternalActivity {
    this.open++;
    this.lastActivity = this.a.clock.now();
    const ready = this.parked ? this.unpark() : this.resuming;
    let ended = false;
    return {
      ready,
      done: () => {
        if (ended) return;
        ended = true;
        this.open--;
        this.lastActivity = this.a.clock.now();
        this.arm();
      },
    };
  }

  /**
   * Resumes a parked cluster; resolves when its components have settled (at once when it was
   * not parked, or with the pending resume). The idle period starts again.
   */
  unpark(): Promise<void> {
    if (this.resuming) return this.resuming;
    if (!this.parked || this.closed) return Promise.resolve();
    const now = this.a.clock.now();
    const parkedFor = Math.max(0, now - (this.parkedSince ?? now));
    // recorded first: what the components do on resume follows it in the trace
    this.a.trace.record({
      component: "kubelab",
      action: "resume",
      verdict: "resumed",
      detail: `parked for ${Math.round(parkedFor / 1000)}s; ${this.a.parkable.overdue()} timer(s) that came due meanwhile fire now, kubelets renew their Leases`,
    });
    this.a.parkable.resume();
    this.lastActivity = now;
    const p = this.a
      .settle()
      .catch(() => undefined)
      .finally(() => {
        this.resuming = undefined;
        this.arm();
      });
    this.resuming = p;
    return p;
  }

  /**
   * Parks now, after letting the components settle, unless an external request or stream is
   * open (or the cluster is closed). Resolves whether the cluster is parked.
   */
  async park(): Promise<boolean> {
    if (this.parked) return true;
    for (let i = 0; i < 3 && !this.closed; i++) {
      await this.a.settle().catch(() => undefined);
      if (this.open > 0 || this.resuming || this.closed) return this.parked;
      if (this.parked) return true;
      if (this.a.settled()) {
        this.doPark("requested");
        return true;
      }
    }
    return this.parked;
  }

  close(): void {
    this.closed = true;
    this.timer?.cancel();
    this.timer = undefined;
  }

  private doPark(why: string): void {
    this.timer?.cancel();
    this.timer = undefined;
    const held = this.a.parkable.pending();
    this.a.parkable.park();
    this.parkedSince = this.a.clock.now();
    this.a.trace.record({ component: "kubelab", action: "park", verdict: "parked", detail: `${why}: ${held} timer(s) suspended until the next API request` });
  }

  /** one timer, on the cluster's clock, for the end of the idle period (none while parked, busy or disabled) */
  private arm(minDelay = 0): void {
    if (this.a.afterMs === undefined || this.closed || this.timer || this.checking || this.resuming || this.parked || this.open > 0) return;
    const delay = Math.max(minDelay, this.lastActivity + this.a.afterMs - this.a.clock.now());
    this.timer = this.a.clock.setTimer(delay, () => {
      this.timer = undefined;
      void this.check();
    });
  }

  private async check(): Promise<void> {
    const due = () => this.lastActivity + (this.a.afterMs ?? Infinity);
    if (this.open > 0 || this.parked || this.closed) return;
    if (this.a.clock.now() < due()) return this.arm();
    this.checking = true;
    let parked = false;
    try {
      // components settled: nothing queued or running (timers that are merely pending may wait)
      for (let i = 0; i < 3 && !parked; i++) {
        await this.a.settle();
        if (this.open > 0 || this.closed || this.parked || this.a.clock.now() < due()) break;
        if (this.a.settled()) {
          this.doPark(`no API requests for ${Math.round((this.a.clock.now() - this.lastActivity) / 1000)}s`);
          parked = true;
        }
      }
    } catch {
      // did not settle: try again after another idle period
    } finally {
      this.checking = false;
    }
    if (!parked) this.arm(this.a.clock.now() >= due() ? (this.a.afterMs ?? 0) : 0);
  }
}
