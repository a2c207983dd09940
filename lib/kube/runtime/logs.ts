/**
 * Container logs as containerd's CRI logger keeps them: per container instance, line by line
 * with a timestamp and stream, bounded (oldest lines rotate out past `maxLines`/`maxBytes`).
 * Followers get new lines as they are written and an end when the container stops.
 *
 * `snapshot()`/`restore()` serialize everything (for hibernation); followers are not kept.
 */

export interface LogLine {
  /** cluster ms */
  t: number;
  /** nanoseconds within the ms, so timestamps look like containerd's */
  ns: number;
  stream: "stdout" | "stderr";
  text: string;
}

interface ContainerLog {
  lines: LogLine[];
  bytes: number;
  partial: { stdout: string; stderr: string };
  ended: boolean;
  followers: Set<LogFollower>;
}

export interface LogFollower {
  line(l: LogLine): void;
  end(): void;
}

export interface LogLimits {
  maxLines: number;
  maxBytes: number;
}

export const DEFAULT_LOG_LIMITS: LogLimits = { maxLines: 1000, maxBytes: 256 * 1024 };

export interface LogSnapshot {
  version: 1;
  containers: { id: string; ended: boolean; lines: [number, number, 0 | 1, string][] }[];
}

export class LogStore {
  private readonly logs = new Map<string, ContainerLog>();
  private seq = 0;

  constructor(private readonly limits: LogLimits = DEFAULT_LOG_LIMITS) {}

  private entry(id: string): ContainerLog {
    let e = this.logs.get(id);
    if (!e) this.logs.set(id, (e = { lines: [], bytes: 0, partial: { stdout: "", stderr: "" }, ended: false, followers: new Set() }));
    return e;
  }

  /** appends output (may hold several lines or a partial one) */
  write(id: string, stream: "stdout" | "stderr", text: string, now: number): void {
    const e = this.entry(id);
    if (e.ended) return;
    const buf = e.partial[stream] + text;
    const parts = buf.split("\n");
    e.partial[stream] = parts.pop() ?? "";
    for (const p of parts) this.push(e, { t: now, ns: this.nextNs(), stream, text: p });
  }

  private nextNs(): number {
    this.seq = (this.seq + 1) % 1000;
    return ((this.seq * 7919) % 1000) * 1000 + ((this.seq * 104729) % 1000);
  }

  private push(e: ContainerLog, l: LogLine): void {
    e.lines.push(l);
    e.bytes += l.text.length + 1;
    while (e.lines.length > this.limits.maxLines || e.bytes > this.limits.maxBytes) {
      const old = e.lines.shift();
      if (!old) break;
      e.bytes -= old.text.length + 1;
    }
    for (const f of e.followers) f.line(l);
  }

  /** the container stopped: flushes partial lines and ends followers */
  end(id: string, now: number): void {
    const e = this.entry(id);
    if (e.ended) return;
    for (const s of ["stdout", "stderr"] as const) if (e.partial[s]) this.push(e, { t: now, ns: this.nextNs(), stream: s, text: e.partial[s] });
    e.partial = { stdout: "", stderr: "" };
    e.ended = true;
    for (const f of [...e.followers]) f.end();
    e.followers.clear();
  }

  lines(id: string): LogLine[] {
    return this.logs.get(id)?.lines ?? [];
  }

  ended(id: string): boolean {
    return this.logs.get(id)?.ended ?? true;
  }

  /** follows new lines of `id`; returns the unsubscribe function */
  follow(id: string, f: LogFollower): () => void {
    const e = this.entry(id);
    if (e.ended) {
      f.end();
      return () => undefined;
    }
    e.followers.add(f);
    return () => e.followers.delete(f);
  }

  delete(id: string): void {
    const e = this.logs.get(id);
    if (!e) return;
    for (const f of e.followers) f.end();
    this.logs.delete(id);
  }

  ids(): string[] {
    return [...this.logs.keys()];
  }

  snapshot(): LogSnapshot {
    return {
      version: 1,
      containers: [...this.logs].map(([id, e]) => ({ id, ended: e.ended, lines: e.lines.map((l) => [l.t, l.ns, l.stream === "stdout" ? 0 : 1, l.text] as [number, number, 0 | 1, string]) })),
    };
  }

  restore(s: LogSnapshot): void {
    this.logs.clear();
    for (const c of s.containers) {
      const e = this.entry(c.id);
      e.ended = c.ended;
      for (const [t, ns, st, text] of c.lines) {
        e.lines.push({ t, ns, stream: st === 0 ? "stdout" : "stderr", text });
        e.bytes += text.length + 1;
      }
    }
  }
}

/** RFC 3339 with nanoseconds, as `kubectl logs --timestamps` prints */
export function logTimestamp(l: LogLine): string {
  const iso = new Date(l.t).toISOString();
  return `${iso.slice(0, 23)}${String(l.ns).padStart(6, "0")}Z`;
}
