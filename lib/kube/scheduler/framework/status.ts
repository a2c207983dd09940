/**
 * A plugin's verdict, as upstream's framework.Status: a code plus reasons. The reasons are the
 * exact strings `FailedScheduling` events count and sort ("Insufficient cpu",
 * "node(s) had untolerated taint {…}"), so plugins must use upstream's wording.
 */
export const Code = {
  Success: 0,
  Error: 1,
  /** the pod does not fit now; preemption might help */
  Unschedulable: 2,
  /** the pod does not fit and preemption cannot help (a taint, a selector) */
  UnschedulableAndUnresolvable: 3,
  Wait: 4,
  /** the plugin has nothing to do for this pod (PreFilter/PreScore): its Filter/Score are skipped */
  Skip: 5,
} as const;
export type Code = (typeof Code)[keyof typeof Code];

const codeNames = ["Success", "Error", "Unschedulable", "UnschedulableAndUnresolvable", "Wait", "Skip"] as const;
export type CodeName = (typeof codeNames)[number];

export function codeName(c: Code): CodeName {
  return codeNames[c]!;
}

export interface Status {
  readonly code: Code;
  readonly reasons: readonly string[];
  /** the plugin that returned it (set by the framework) */
  plugin?: string;
}

/** `null` is success everywhere a Status is returned: the hot path allocates nothing for a fit */
export type Result = Status | null;

export function status(code: Code, ...reasons: string[]): Status {
  return { code, reasons };
}
export const unschedulable = (...reasons: string[]): Status => status(Code.Unschedulable, ...reasons);
export const unresolvable = (...reasons: string[]): Status => status(Code.UnschedulableAndUnresolvable, ...reasons);
export const SKIP: Status = Object.freeze({ code: Code.Skip, reasons: [] as string[] });

export function isRejected(s: Result): boolean {
  return !!s && (s.code === Code.Unschedulable || s.code === Code.UnschedulableAndUnresolvable);
}

export function statusMessage(s: Result): string {
  return s ? s.reasons.join(", ") : "";
}
