/**
 * The failed-daemon-pod backoff (client-go flowcontrol.Backoff, 1 s doubling to 15 min) keyed
 * by DaemonSet uid, observed generation and node, as daemon_controller.go keys it: a pod that
 * keeps failing on a node is not killed and recreated in a hot loop.
 */
export const INITIAL_MS = 1000;
export const MAX_MS = 15 * 60 * 1000;

export class FailedPodBackoff {
  private readonly entries = new Map<string, { backoff: number; last: number }>();

  private expired(now: number, last: number): boolean {
    return now - last > 2 * MAX_MS;
  }

  /** IsInBackOffSinceUpdate */
  inBackoff(id: string, now: number): boolean {
    const e = this.entries.get(id);
    return !!e && !this.expired(now, e.last) && now - e.last < e.backoff;
  }

  /** Get: the current backoff of `id` */
  get(id: string): number {
    return this.entries.get(id)?.backoff ?? 0;
  }

  /** Next: starts at 1 s, doubles up to 15 min */
  next(id: string, now: number): void {
    const e = this.entries.get(id);
    if (!e || this.expired(now, e.last)) this.entries.set(id, { backoff: INITIAL_MS, last: now });
    else this.entries.set(id, { backoff: Math.min(e.backoff * 2, MAX_MS), last: now });
  }
}
