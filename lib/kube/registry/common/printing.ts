/**
 * Helpers shared by the server-side printers (pkg/printers/internalversion/printers.go):
 * durations as `duration.HumanDuration`, `<none>`/`<unknown>`, label and selector formatting, and
 * the standard Name / Age columns. All time math uses the `now` the printer receives (cluster clock).
 */
import type { KubeObject } from "../../api/types";
import type { TableColumnDefinition, TablePrinter } from "../types";
import { swaggerDoc } from "./descriptions";
import type { LabelSelector } from "./objectmeta";

export const NONE = "<none>";
export const UNKNOWN = "<unknown>";

/** duration.HumanDuration: ~2–3 significant figures ("45s", "2m30s", "5h10m", "3d4h", "2y10d"). */
export function humanDuration(ms: number): string {
  const seconds = Math.trunc(ms / 1000);
  if (seconds < -1) return "<invalid>";
  if (seconds < 0) return "0s";
  if (seconds < 60 * 2) return `${seconds}s`;
  const minutes = Math.trunc(seconds / 60);
  if (minutes < 10) {
    const s = seconds % 60;
    return s === 0 ? `${minutes}m` : `${minutes}m${s}s`;
  }
  if (minutes < 60 * 3) return `${minutes}m`;
  const hours = Math.trunc(minutes / 60);
  if (hours < 8) {
    const m = minutes % 60;
    return m === 0 ? `${hours}h` : `${hours}h${m}m`;
  }
  if (hours < 48) return `${hours}h`;
  if (hours < 24 * 8) {
    const h = hours % 24;
    return h === 0 ? `${Math.trunc(hours / 24)}d` : `${Math.trunc(hours / 24)}d${h}h`;
  }
  if (hours < 24 * 365 * 2) return `${Math.trunc(hours / 24)}d`;
  if (hours < 24 * 365 * 8) {
    const dy = Math.trunc(hours / 24) % 365;
    const y = Math.trunc(hours / 24 / 365);
    return dy === 0 ? `${y}y` : `${y}y${dy}d`;
  }
  return `${Math.trunc(hours / 24 / 365)}y`;
}

/** duration.ShortHumanDuration: one unit ("45s", "5m", "3h", "12d", "2y"). */
export function shortHumanDuration(ms: number): string {
  const seconds = Math.trunc(ms / 1000);
  if (seconds < -1) return "<invalid>";
  if (seconds < 0) return "0s";
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.trunc(seconds / 60);
  if (minutes < 60) return `${minutes}m`;
  const hours = Math.trunc(minutes / 60);
  if (hours < 24) return `${hours}h`;
  if (hours < 24 * 365) return `${Math.trunc(hours / 24)}d`;
  return `${Math.trunc(hours / 24 / 365)}y`;
}

/** parses an RFC 3339 timestamp; undefined when missing or unparsable (Go's zero time) */
export function parseTime(ts: string | undefined | null): number | undefined {
  if (!ts) return undefined;
  const t = Date.parse(ts);
  return Number.isNaN(t) ? undefined : t;
}

/** translateTimestampSince: `<unknown>` for a zero timestamp, else HumanDuration(now - ts) */
export function translateTimestampSince(ts: string | undefined | null, now: number): string {
  const t = parseTime(ts);
  return t === undefined ? UNKNOWN : humanDuration(now - t);
}

/** translateTimestampUntil */
export function translateTimestampUntil(ts: string | undefined | null, now: number): string {
  const t = parseTime(ts);
  return t === undefined ? UNKNOWN : humanDuration(t - now);
}

/** labels.FormatLabels: `k=v,k2=v2` sorted by key, `<none>` when empty */
export function formatLabels(labels: Record<string, string> | undefined | null): string {
  const keys = Object.keys(labels ?? {}).sort();
  if (keys.length === 0) return NONE;
  return keys.map((k) => `${k}=${labels![k]}`).join(",");
}

/**
 * labels.Selector.String() of metav1.LabelSelectorAsSelector: requirements sorted by key,
 * `k=v`, `k in (a,b)`, `k notin (a,b)`, `k`, `!k`; "" for an empty or nil selector.
 */
export function labelSelectorString(sel: LabelSelector | undefined | null): string {
  if (!sel) return "";
  const reqs: { key: string; text: string }[] = [];
  for (const [k, v] of Object.entries(sel.matchLabels ?? {})) reqs.push({ key: k, text: `${k}=${v}` });
  for (const e of sel.matchExpressions ?? []) {
    const vals = [...new Set(e.values ?? [])].sort().join(",");
    switch (e.operator) {
      case "In":
        reqs.push({ key: e.key, text: `${e.key} in (${vals})` });
        break;
      case "NotIn":
        reqs.push({ key: e.key, text: `${e.key} notin (${vals})` });
        break;
      case "Exists":
        reqs.push({ key: e.key, text: e.key });
        break;
      case "DoesNotExist":
        reqs.push({ key: e.key, text: `!${e.key}` });
        break;
      default:
        return "<error>";
    }
  }
  reqs.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return reqs.map((r) => r.text).join(",");
}

/** metav1.FormatLabelSelector: the selector string, `<none>` when empty, `<error>` when invalid */
export function formatLabelSelector(sel: LabelSelector | undefined | null): string {
  const s = labelSelectorString(sel);
  return s === "" ? NONE : s;
}

/** layoutContainerCells: comma-joined container names and images */
export function layoutContainerCells(containers: { name?: string; image?: string }[] | undefined): [string, string] {
  const list = containers ?? [];
  return [list.map((c) => c.name ?? "").join(","), list.map((c) => c.image ?? "").join(",")];
}

/** a column with upstream's defaults (format "", priority 0) */
export function column(name: string, type: TableColumnDefinition["type"], description: string, priority = 0, format = ""): TableColumnDefinition {
  return { name, type, format, description, priority };
}

/** the standard `Name` column (format "name", ObjectMeta.name's description) */
export const nameColumn: TableColumnDefinition = column("Name", "string", swaggerDoc["ObjectMeta.name"], 0, "name");
/** the standard `Age` column (ObjectMeta.creationTimestamp's description) */
export const ageColumn: TableColumnDefinition = column("Age", "string", swaggerDoc["ObjectMeta.creationTimestamp"]);

/** the object's name ("" when unset) */
export function nameOf(obj: KubeObject): string {
  return obj.metadata.name ?? "";
}

/** AGE cell of an object */
export function ageOf(obj: KubeObject, now: number): string {
  return translateTimestampSince(obj.metadata.creationTimestamp, now);
}

/**
 * DefaultTableConvertor (resources without a printer): `Name` and `Created At` (type date, the
 * creationTimestamp in RFC 3339 UTC) — kubectl shows NAME and CREATED AT.
 */
export const defaultTablePrinter: TablePrinter = {
  columns: [nameColumn, column("Created At", "date", swaggerDoc["ObjectMeta.creationTimestamp"])],
  cells(obj) {
    const t = parseTime(obj.metadata.creationTimestamp);
    return [nameOf(obj), t === undefined ? "0001-01-01T00:00:00Z" : new Date(t).toISOString().replace(/\.\d{3}Z$/, "Z")];
  },
};

/** small typed accessors for plain-JSON objects */
export function asRecord(v: unknown): Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}
export function asArray<T = unknown>(v: unknown): T[] {
  return Array.isArray(v) ? (v as T[]) : [];
}
export function asString(v: unknown): string {
  return typeof v === "string" ? v : "";
}
export function asNumber(v: unknown): number {
  return typeof v === "number" ? v : 0;
}
