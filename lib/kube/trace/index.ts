/**
 * A bounded, per-cluster record of what each component did: the raw material for the
 * "behind the scenes" views. Appending is O(1); the oldest entries fall off past `capacity`.
 */
export interface TraceObjectRef {
  kind: string;
  namespace?: string;
  name: string;
}

export interface TraceEntry {
  /** increasing sequence number, unique per cluster */
  seq: number;
  /** cluster-clock milliseconds */
  time: number;
  /** e.g. "kube-apiserver", "kube-scheduler", "kubelet/worker-1" */
  component: string;
  /** e.g. "authentication", "admission:NamespaceLifecycle", "storage", "bind" */
  action: string;
  object?: TraceObjectRef;
  resourceVersion?: string;
  /** what triggered it: a request id, a watch event, a timer */
  cause?: string;
  /** "allowed" | "denied" | "mutated" | "written" | ... */
  verdict?: string;
  detail?: string;
}

export class Trace {
  private buf: TraceEntry[] = [];
  private head = 0;
  private nextSeq = 1;
  constructor(
    private readonly now: () => number,
    readonly capacity = 2000,
  ) {}

  record(entry: Omit<TraceEntry, "seq" | "time"> & { time?: number }): TraceEntry {
    const e: TraceEntry = { ...entry, seq: this.nextSeq++, time: entry.time ?? this.now() };
    if (this.buf.length < this.capacity) this.buf.push(e);
    else {
      this.buf[this.head] = e;
      this.head = (this.head + 1) % this.capacity;
    }
    return e;
  }

  /** entries in order, optionally only those after `afterSeq` */
  entries(afterSeq = 0): TraceEntry[] {
    const ordered = this.buf.length < this.capacity ? this.buf : [...this.buf.slice(this.head), ...this.buf.slice(0, this.head)];
    return afterSeq ? ordered.filter((e) => e.seq > afterSeq) : ordered.slice();
  }

  get size(): number {
    return this.buf.length;
  }
}
