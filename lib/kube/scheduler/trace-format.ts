/** Short, learner-readable trace details for a scheduling cycle (bounded for large clusters). */
import type { ScheduleResult } from "./framework/runtime";

const MAX_NODES_IN_DETAIL = 5;

export function filterDetail(r: ScheduleResult): string {
  const parts: string[] = [];
  if (r.diagnosis.preFilterMsg) parts.push(`prefilter rejected: ${r.diagnosis.preFilterMsg}`);
  let shown = 0;
  for (const [node, st] of r.diagnosis.nodeToStatus) {
    if (shown++ === MAX_NODES_IN_DETAIL) {
      parts.push(`… ${r.diagnosis.nodeToStatus.size - MAX_NODES_IN_DETAIL} more rejected`);
      break;
    }
    parts.push(`${node}: ${st.plugin ?? "?"} rejected (${st.reasons.join(", ")})`);
  }
  if (r.feasible.length <= MAX_NODES_IN_DETAIL) for (const n of r.feasible) parts.push(`${n.name}: passed`);
  else parts.push(`${r.feasible.length} node(s) passed`);
  if (r.preFilterSkipped.length) parts.push(`skipped: ${r.preFilterSkipped.join(", ")}`);
  return parts.join("; ");
}

/** the best few nodes with each plugin's normalized score × weight (one pass, no sort) */
export function scoreDetail(r: ScheduleResult): string {
  const totals = r.totals;
  const top: number[] = [];
  for (let i = 0; i < totals.length; i++) {
    const t = totals[i]!;
    if (top.length === MAX_NODES_IN_DETAIL && t <= totals[top[MAX_NODES_IN_DETAIL - 1]!]!) continue;
    let j = Math.min(top.length, MAX_NODES_IN_DETAIL - 1);
    while (j > 0 && totals[top[j - 1]!]! < t) j--;
    top.splice(j, 0, i);
    if (top.length > MAX_NODES_IN_DETAIL) top.pop();
  }
  const parts = top.map((i) => {
    let per = "";
    for (const s of r.scores) if (s.normalized) per += `${per ? ", " : ""}${s.plugin} ${s.normalized[i]}×${s.weight}`;
    return `${r.feasible[i]!.name}=${totals[i]} (${per})`;
  });
  if (totals.length > MAX_NODES_IN_DETAIL) parts.push(`… ${totals.length - MAX_NODES_IN_DETAIL} more node(s)`);
  return parts.join("; ");
}
