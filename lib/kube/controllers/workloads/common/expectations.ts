/**
 * ControllerExpectations / UIDTrackingControllerExpectations (pkg/controller/controller_utils.go):
 * before creating or deleting pods a controller records what it expects to observe; it does not
 * act on the key again until its informer has seen those events (or 5 minutes pass), so it never
 * double-creates or double-deletes from a stale cache. Deletions are tracked by UID so a pod seen
 * first as terminating and then as gone counts once.
 */
import type { Clock } from "../../../clock";

export const EXPECTATIONS_TIMEOUT_MS = 5 * 60 * 1000;

interface Expectation {
  add: number;
  dels: Set<string>;
  timestamp: number;
}

export class Expectations {
  private readonly items = new Map<string, Expectation>();
  constructor(private readonly clock: Clock) {}

  /** SatisfiedExpectations: true when nothing is pending, when expired, or when never recorded */
  satisfied(key: string): boolean {
    const e = this.items.get(key);
    if (!e) return true;
    if (e.add <= 0 && e.dels.size === 0) return true;
    return this.clock.now() - e.timestamp > EXPECTATIONS_TIMEOUT_MS;
  }
  /** ExpectCreations / ExpectDeletions (replaces what was recorded) */
  expect(key: string, add: number, deleteUids: string[] = []): void {
    this.items.set(key, { add, dels: new Set(deleteUids), timestamp: this.clock.now() });
  }
  creationObserved(key: string): void {
    const e = this.items.get(key);
    if (e) e.add--;
  }
  deletionObserved(key: string, uid: string): void {
    this.items.get(key)?.dels.delete(uid);
  }
  /** for a create that failed (will never be observed) */
  lowerCreations(key: string, n: number): void {
    const e = this.items.get(key);
    if (e) e.add -= n;
  }
  delete(key: string): void {
    this.items.delete(key);
  }
}
