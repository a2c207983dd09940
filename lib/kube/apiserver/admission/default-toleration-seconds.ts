/**
 * plugin/pkg/admission/defaulttolerationseconds: pods tolerate not-ready and unreachable nodes
 * for 300 s unless they already tolerate those taints.
 */
import type { AdmissionPlugin } from "./types";
import { isPods } from "./util";

interface Toleration {
  key?: string;
  operator?: string;
  value?: string;
  effect?: string;
  tolerationSeconds?: number;
}

const DEFAULT_SECONDS = 300;
const TAINTS = ["node.kubernetes.io/not-ready", "node.kubernetes.io/unreachable"];

export const defaultTolerationSeconds: AdmissionPlugin = {
  name: "DefaultTolerationSeconds",
  phase: "mutating",
  admit(a) {
    if (a.operation !== "CREATE" || !isPods(a) || !a.object) return;
    const spec = (a.object.spec ?? (a.object.spec = {})) as { tolerations?: Toleration[] };
    const tolerations = spec.tolerations ?? [];
    let changed = false;
    for (const key of TAINTS) {
      const tolerated = tolerations.some((t) => (t.effect === "NoExecute" || !t.effect) && (t.key === key || (!t.key && t.operator === "Exists")));
      if (tolerated) continue;
      tolerations.push({ key, operator: "Exists", effect: "NoExecute", tolerationSeconds: DEFAULT_SECONDS });
      changed = true;
    }
    if (changed) spec.tolerations = tolerations;
    return changed;
  },
};
