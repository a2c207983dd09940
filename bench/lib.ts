/**
 * Shared helpers for benchmarks. Each bench file exports `run(): Promise<BenchResult[]>` and is
 * run in its own process by `bench/run.ts` (so heap figures don't mix). Never imported by tests.
 */
export interface BenchResult {
  /** what was measured, e.g. "create cluster ready to serve (median)" */
  name: string;
  value: number;
  unit: string;
  /** the goal as text, e.g. "< 10 ms" */
  goal?: string;
  /** whether the goal is met (undefined when there is no goal) */
  ok?: boolean;
  note?: string;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

export function summarize(samplesMs: number[]): { p50: number; p99: number; mean: number } {
  const s = [...samplesMs].sort((a, b) => a - b);
  return { p50: percentile(s, 50), p99: percentile(s, 99), mean: s.reduce((a, b) => a + b, 0) / s.length };
}

export function nowMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

export function gc(): void {
  const g = (globalThis as { gc?: () => void }).gc;
  if (!g) throw new Error("run benchmarks with --expose-gc (bench/run.ts does)");
  g();
  g();
}

export function round(n: number, digits = 3): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}
