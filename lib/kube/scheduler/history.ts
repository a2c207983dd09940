/**
 * The last N scheduling cycles, kept for the "behind the scenes" inspector: which plugin
 * rejected each node and why, and every plugin's raw, normalized and weighted score. Records
 * hold references to the cycle's arrays; tables are built only when asked for.
 */
import { codeName, type CodeName } from "./framework/status";
import type { ScheduleResult } from "./framework/runtime";

export interface FilterRow {
  node: string;
  /** "Success" when every filter passed */
  code: CodeName;
  plugin?: string;
  reasons: string[];
  /** every filter plugin's verdict on this node (small clusters): "Success", "Skip", or the rejection */
  plugins?: { plugin: string; code: CodeName; reasons: string[] }[];
}

export interface ScoreRow {
  node: string;
  /** plugin -> raw, normalized (0-100) and weighted score; absent when the plugin skipped */
  plugins: Record<string, { raw: number; normalized: number; weight: number; weighted: number }>;
  total: number;
}

export interface CycleRecord {
  cycle: number;
  time: number;
  pod: { namespace: string; name: string; uid?: string };
  attempt: number;
  numAllNodes: number;
  /** the chosen node, or undefined when unschedulable */
  selected?: string;
  /** FailedScheduling message when unschedulable */
  message?: string;
  preFilterSkipped: string[];
  preScoreSkipped: string[];
  filter(): FilterRow[];
  scores(): ScoreRow[];
}

export function cycleRecord(cycle: number, time: number, pod: CycleRecord["pod"], attempt: number, r: ScheduleResult, message?: string): CycleRecord {
  return {
    cycle,
    time,
    pod,
    attempt,
    numAllNodes: r.numAllNodes,
    ...(r.node ? { selected: r.node.name } : {}),
    ...(message ? { message } : {}),
    preFilterSkipped: r.preFilterSkipped,
    preScoreSkipped: r.preScoreSkipped,
    filter() {
      const nodes = r.numEvaluated ? r.evaluated : [...r.diagnosis.nodeToStatus.keys()].map((name) => ({ name }));
      return nodes.map((n): FilterRow => {
        const st = r.diagnosis.nodeToStatus.get(n.name);
        const all = r.allVerdicts?.get(n.name);
        const plugins = all ? { plugins: all.map((v) => ({ plugin: v.plugin, code: v.status ? codeName(v.status.code) : ("Success" as const), reasons: v.status ? [...v.status.reasons] : [] })) } : {};
        return st ? { node: n.name, code: codeName(st.code), ...(st.plugin ? { plugin: st.plugin } : {}), reasons: [...st.reasons], ...plugins } : { node: n.name, code: "Success", reasons: [], ...plugins };
      });
    },
    scores() {
      return r.feasible.map((n, i) => {
        const plugins: ScoreRow["plugins"] = {};
        for (const s of r.scores) {
          if (!s.raw || !s.normalized) continue;
          const normalized = s.normalized[i]!;
          plugins[s.plugin] = { raw: s.raw[i]!, normalized, weight: s.weight, weighted: normalized * s.weight };
        }
        return { node: n.name, plugins, total: r.totals[i] ?? 0 };
      });
    },
  };
}

/** a ring of the last `capacity` records (a record holds its cycle's score arrays: keep no more) */
export class CycleHistory {
  private readonly buf: CycleRecord[] = [];
  private head = 0;
  constructor(readonly capacity = 50) {}
  push(r: CycleRecord): void {
    if (this.capacity <= 0) return;
    if (this.buf.length < this.capacity) this.buf.push(r);
    else {
      this.buf[this.head] = r;
      this.head = (this.head + 1) % this.capacity;
    }
  }
  /** most recent last */
  list(): CycleRecord[] {
    return [...this.buf.slice(this.head), ...this.buf.slice(0, this.head)];
  }
}
