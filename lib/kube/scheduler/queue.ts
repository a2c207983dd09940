/**
 * The scheduling queue (upstream internal/queue/scheduling_queue.go), simplified:
 * - activeQ: pods ready to be tried, highest priority first, then oldest (PrioritySort);
 * - backoffQ: pods waiting out their backoff (1 s, doubling per attempt, at most 10 s);
 * - unschedulablePods: pods no node fits; a cluster event moves them back only when one of
 *   the plugins that rejected them registered that event (queueing hints, simplified), and
 *   they are flushed after 5 minutes regardless;
 * - gated pods (spec.schedulingGates) wait until their gates are removed.
 *
 * Timers: one clock timer, only while backoffQ or unschedulablePods hold pods; an empty
 * queue holds none.
 */
import type { Clock, TimerHandle } from "../clock";
import type { PodInfo } from "./framework/pod-info";
import type { ClusterEvent } from "./framework/types";
import { KeyedHeap } from "./heap";

export interface QueuedPodInfo {
  info: PodInfo;
  readonly key: string;
  /** when the pod last entered the queue (orders activeQ; starts backoff) */
  timestamp: number;
  initialAttemptTimestamp?: number;
  attempts: number;
  /** arrival order, breaking timestamp ties (the clock may not advance between pods) */
  seq: number;
  /** plugins that rejected it in the last attempt; empty after an error */
  unschedulablePlugins: Set<string>;
}

export interface QueueOptions {
  initialBackoffMs?: number;
  maxBackoffMs?: number;
  maxUnschedulableMs?: number;
}

export type QueueLocation = "active" | "backoff" | "unschedulable" | "gated" | "in-flight";

export class SchedulingQueue {
  private readonly active = new KeyedHeap<QueuedPodInfo>(
    (q) => q.key,
    (a, b) => a.info.priority > b.info.priority || (a.info.priority === b.info.priority && (a.timestamp < b.timestamp || (a.timestamp === b.timestamp && a.seq < b.seq))),
  );
  private readonly backoff = new KeyedHeap<QueuedPodInfo>(
    (q) => q.key,
    (a, b) => this.backoffExpiry(a) < this.backoffExpiry(b),
  );
  private readonly unschedulable = new Map<string, QueuedPodInfo>();
  private readonly gated = new Map<string, QueuedPodInfo>();
  private readonly inFlight = new Map<string, QueuedPodInfo>();
  private schedulingCycle = 0;
  private arrivals = 0;
  private moveRequestCycle = -1;
  private timer: { handle: TimerHandle; due: number } | undefined;
  private readonly initialBackoff: number;
  private readonly maxBackoff: number;
  private readonly maxUnschedulable: number;
  private closed = false;

  constructor(
    private readonly clock: Clock,
    /** plugin name -> events that may help pods it rejected */
    private readonly pluginEvents: ReadonlyMap<string, ReadonlySet<ClusterEvent>>,
    /** called when activeQ becomes non-empty */
    private readonly onActive: () => void,
    opts: QueueOptions = {},
  ) {
    this.initialBackoff = opts.initialBackoffMs ?? 1000;
    this.maxBackoff = opts.maxBackoffMs ?? 10_000;
    this.maxUnschedulable = opts.maxUnschedulableMs ?? 5 * 60_000;
  }

  /** a new pending pod */
  add(info: PodInfo): void {
    if (this.closed || this.where(info.key)) return;
    const q: QueuedPodInfo = { info, key: info.key, timestamp: this.clock.now(), attempts: 0, seq: 0, unschedulablePlugins: new Set() };
    if (info.spec.schedulingGates?.length) this.gated.set(q.key, q);
    else this.toActive(q);
  }

  /** the pending pod was updated; `changed`: more than its status (isPodUpdated) */
  update(info: PodInfo, changed = true): void {
    const key = info.key;
    for (const heap of [this.active, this.backoff]) {
      const q = heap.get(key);
      if (q) {
        q.info = info;
        heap.push(q);
        return;
      }
    }
    const inflight = this.inFlight.get(key);
    if (inflight) {
      inflight.info = info;
      return;
    }
    const gated = this.gated.get(key);
    if (gated) {
      gated.info = info;
      if (!info.spec.schedulingGates?.length) {
        this.gated.delete(key);
        this.toActive(gated);
      }
      return;
    }
    const u = this.unschedulable.get(key);
    if (u) {
      u.info = info;
      if (changed) {
        this.unschedulable.delete(key);
        this.requeue(u);
      }
      return;
    }
    this.add(info);
  }

  delete(key: string): void {
    this.active.delete(key);
    this.backoff.delete(key);
    this.unschedulable.delete(key);
    this.gated.delete(key);
    this.inFlight.delete(key);
    this.rearm();
  }

  /** the next pod to try, or undefined; the pod is in flight until `done`/`addUnschedulable` */
  pop(): QueuedPodInfo | undefined {
    const q = this.active.pop();
    if (!q) return undefined;
    q.attempts++;
    q.initialAttemptTimestamp ??= this.clock.now();
    this.schedulingCycle++;
    this.inFlight.set(q.key, q);
    return q;
  }

  /** the current cycle number (pop increments it) */
  cycle(): number {
    return this.schedulingCycle;
  }

  /** the pod was scheduled (assumed) or dropped */
  done(key: string): void {
    this.inFlight.delete(key);
  }

  /**
   * AddUnschedulableIfNotPresent: after a failed attempt in `podCycle`. Pods that failed with
   * an error, or while a cluster event arrived mid-attempt, go to backoffQ; others wait in
   * unschedulablePods for an event.
   */
  addUnschedulable(q: QueuedPodInfo, podCycle: number): void {
    this.inFlight.delete(q.key);
    if (this.closed || this.where(q.key)) return;
    q.timestamp = this.clock.now();
    if (q.unschedulablePlugins.size === 0 || this.moveRequestCycle >= podCycle) this.backoff.push(q);
    else this.unschedulable.set(q.key, q);
    this.rearm();
  }

  /** MoveAllToActiveOrBackoffQueue for one cluster event */
  onEvent(event: ClusterEvent): void {
    this.moveRequestCycle = this.schedulingCycle;
    if (this.unschedulable.size === 0) return;
    for (const [key, q] of this.unschedulable) {
      if (!this.helps(q, event)) continue;
      this.unschedulable.delete(key);
      this.requeue(q);
    }
    this.rearm();
  }

  where(key: string): QueueLocation | undefined {
    if (this.active.has(key)) return "active";
    if (this.backoff.has(key)) return "backoff";
    if (this.unschedulable.has(key)) return "unschedulable";
    if (this.gated.has(key)) return "gated";
    if (this.inFlight.has(key)) return "in-flight";
    return undefined;
  }

  /** pending pods per sub-queue (for the inspector and tests) */
  stats(): Record<QueueLocation, number> {
    return { active: this.active.size, backoff: this.backoff.size, unschedulable: this.unschedulable.size, gated: this.gated.size, "in-flight": this.inFlight.size };
  }

  activeLen(): number {
    return this.active.size;
  }

  backoffExpiry(q: QueuedPodInfo): number {
    let d = this.initialBackoff;
    for (let i = 1; i < q.attempts && d < this.maxBackoff; i++) d *= 2;
    return q.timestamp + Math.min(d, this.maxBackoff);
  }

  close(): void {
    this.closed = true;
    this.timer?.handle.cancel();
    this.timer = undefined;
  }

  private helps(q: QueuedPodInfo, event: ClusterEvent): boolean {
    if (event === "UnschedulableTimeout" || q.unschedulablePlugins.size === 0) return true;
    for (const p of q.unschedulablePlugins) if (this.pluginEvents.get(p)?.has(event)) return true;
    return false;
  }

  private requeue(q: QueuedPodInfo): void {
    if (this.backoffExpiry(q) > this.clock.now()) this.backoff.push(q);
    else this.toActive(q);
  }

  private toActive(q: QueuedPodInfo): void {
    q.seq = ++this.arrivals;
    const wasEmpty = this.active.size === 0;
    this.active.push(q);
    if (wasEmpty) this.onActive();
  }

  /** flushBackoffQCompleted + flushUnschedulablePodsLeftover */
  private flush(): void {
    const now = this.clock.now();
    for (let q = this.backoff.peek(); q && this.backoffExpiry(q) <= now; q = this.backoff.peek()) {
      this.backoff.pop();
      this.toActive(q);
    }
    for (const [key, q] of this.unschedulable) {
      if (now - q.timestamp < this.maxUnschedulable) break; // insertion order is timestamp order
      this.unschedulable.delete(key);
      this.requeue(q);
    }
  }

  /** one timer at the earliest backoff expiry or unschedulable timeout; none when idle */
  private rearm(): void {
    if (this.closed) return;
    let due = Infinity;
    const head = this.backoff.peek();
    if (head) due = this.backoffExpiry(head);
    const oldest = this.unschedulable.values().next();
    if (!oldest.done) due = Math.min(due, oldest.value.timestamp + this.maxUnschedulable);
    if (due === Infinity) {
      this.timer?.handle.cancel();
      this.timer = undefined;
      return;
    }
    if (this.timer && this.timer.due <= due) return;
    this.timer?.handle.cancel();
    const handle = this.clock.setTimer(Math.max(0, due - this.clock.now()), () => {
      this.timer = undefined;
      this.flush();
      this.rearm();
    });
    this.timer = { handle, due };
  }
}
