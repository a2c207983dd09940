/**
 * The bounded window of recent events (etcd's MVCC history, compacted to the last N writes).
 * Revisions are contiguous, so the event of revision r sits at a computed index.
 */
import type { StoreEvent } from "./types";

export class History {
  private events: StoreEvent[] = [];
  private start = 0;
  /** every event with revision > compacted is retained */
  compacted: number;

  constructor(
    private readonly limit: number,
    compacted: number,
  ) {
    this.compacted = compacted;
  }

  push(event: StoreEvent): void {
    this.events.push(event);
    if (this.events.length - this.start > this.limit) {
      this.events[this.start] = undefined as unknown as StoreEvent; // release for GC
      this.start++;
      this.compacted++;
      // drop the dead head in amortised O(1)
      if (this.start >= 1024 && this.start * 2 >= this.events.length) {
        this.events = this.events.slice(this.start);
        this.start = 0;
      }
    }
  }

  /** the event of `revision`, or undefined if compacted or not yet written */
  at(revision: number): StoreEvent | undefined {
    if (revision <= this.compacted) return undefined;
    return this.events[this.start + (revision - this.compacted - 1)];
  }

  /** retained events with revision > `after`, newest first */
  *newestFirst(after: number): Generator<StoreEvent> {
    for (let i = this.events.length - 1; i >= this.start; i--) {
      const e = this.events[i]!;
      if (e.revision <= after) return;
      yield e;
    }
  }
}
