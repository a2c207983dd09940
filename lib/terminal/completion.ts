/**
 * Tab completion: commands, kubectl subcommands, resource types, object names (from a
 * `CompletionSource`) and workspace file names.
 */
import { readdirSync } from "node:fs";
import { BUILTINS } from "./commands";
import { ALLOWED_SUBCOMMANDS } from "./kubectl-policy";
import { checkWorkspacePath } from "./workspace";

/**
 * Where object names come from. Implementations must answer for the learner's own sandbox only and
 * resolve (possibly to []) rather than reject; the session caps the wait.
 */
export interface CompletionSource {
  /** names (without the `type/` prefix) of `resource` (as typed: "pods", "deploy", "no", …) */
  names(resource: string, namespace: string | undefined): Promise<string[]>;
}

export const RESOURCE_TYPES = [
  "all",
  "pods",
  "po",
  "deployments",
  "deploy",
  "replicasets",
  "rs",
  "services",
  "svc",
  "nodes",
  "no",
  "namespaces",
  "ns",
  "configmaps",
  "cm",
  "secrets",
  "events",
  "ev",
  "daemonsets",
  "ds",
  "statefulsets",
  "sts",
  "jobs",
  "cronjobs",
  "cj",
  "ingresses",
  "ing",
  "serviceaccounts",
  "sa",
  "endpoints",
  "ep",
  "endpointslices",
  "persistentvolumeclaims",
  "pvc",
  "persistentvolumes",
  "pv",
  "storageclasses",
  "sc",
  "roles",
  "rolebindings",
  "clusterroles",
  "clusterrolebindings",
  "networkpolicies",
  "netpol",
  "horizontalpodautoscalers",
  "hpa",
  "poddisruptionbudgets",
  "pdb",
  "resourcequotas",
  "quota",
  "limitranges",
  "limits",
  "leases",
  "priorityclasses",
  "pc",
  "replicationcontrollers",
  "rc",
  "customresourcedefinitions",
  "crd",
];

const SUBS: Record<string, string[]> = {
  rollout: ["history", "pause", "restart", "resume", "status", "undo"],
  set: ["env", "image", "resources", "selector", "serviceaccount", "subject"],
  create: [
    "clusterrole",
    "clusterrolebinding",
    "configmap",
    "cronjob",
    "deployment",
    "ingress",
    "job",
    "namespace",
    "poddisruptionbudget",
    "priorityclass",
    "quota",
    "role",
    "rolebinding",
    "secret",
    "service",
    "serviceaccount",
    "token",
  ],
  auth: ["can-i", "whoami"],
  top: ["node", "pod"],
  apply: ["view-last-applied", "set-last-applied"],
};

const POD_ARG = new Set(["logs", "exec", "attach"]);
const NODE_ARG = new Set(["cordon", "uncordon", "drain"]);
const TYPED = new Set([
  "get",
  "describe",
  "delete",
  "label",
  "annotate",
  "scale",
  "expose",
  "patch",
  "wait",
  "explain",
  "autoscale",
  "taint",
  "rollout",
  "set",
  "top",
  "events",
]);

export interface CompletionResult {
  /** index in the line where the word being completed starts */
  start: number;
  candidates: string[];
}

export interface CompletionContext {
  workspaceDir: string;
  source: CompletionSource;
}

/** Completes the word that ends at the end of `beforeCursor`. */
export async function complete(beforeCursor: string, ctx: CompletionContext): Promise<CompletionResult> {
  const start = beforeCursor.lastIndexOf(" ") + 1;
  const current = beforeCursor.slice(start);
  let words = beforeCursor.slice(0, start).split(/\s+/).filter(Boolean);
  const none = { start, candidates: [] };
  if (/["'\\]/.test(current)) return none;
  const pick = (list: readonly string[]) => ({ start, candidates: [...new Set(list.filter((c) => c.startsWith(current)))].sort() });
  if (words.length === 0) return pick(["kubectl", "k", ...BUILTINS]);
  if (words[0] === "watch") {
    words = words.slice(1);
    if (words[0] === "-n") words = words.slice(2);
    if (words.length === 0) return pick(["kubectl", "k"]);
  }
  const cmd = words[0]!;
  if (cmd === "ls" || cmd === "cat") return { start, candidates: files(ctx.workspaceDir, current) };
  if (cmd !== "kubectl" && cmd !== "k") return none;

  const prev = words[words.length - 1];
  if (prev === "-f" || prev === "--filename" || prev === "-k" || prev === "--kustomize")
    return { start, candidates: files(ctx.workspaceDir, current) };
  if (prev === "-n" || prev === "--namespace") return pick(await names(ctx.source, "namespaces", undefined));
  if (current.startsWith("-")) return none;

  // subcommand, namespace and positionals (skipping flags and the values of -n/-f/…)
  let sub: string | undefined;
  let namespace: string | undefined;
  const positionals: string[] = [];
  for (let i = 1; i < words.length; i++) {
    const w = words[i]!;
    if (w === "-n" || w === "--namespace") {
      namespace = words[++i];
      continue;
    }
    if (w.startsWith("--namespace=")) {
      namespace = w.slice("--namespace=".length);
      continue;
    }
    if (/^-n[a-z0-9]/.test(w)) {
      namespace = w.slice(2);
      continue;
    }
    if (["-f", "--filename", "-k", "--kustomize", "-l", "--selector", "-o", "--output", "-c", "--container"].includes(w)) {
      i++;
      continue;
    }
    if (w === "--") return none;
    if (w.startsWith("-")) continue;
    if (sub === undefined) sub = w;
    else positionals.push(w);
  }
  if (sub === undefined) return pick([...ALLOWED_SUBCOMMANDS.keys()]);
  const subs = SUBS[sub];
  if (subs && positionals.length === 0) return pick(subs);
  if (sub === "top")
    return positionals.length === 1 ? pick(await names(ctx.source, positionals[0] === "node" ? "nodes" : "pods", namespace)) : none;
  if (POD_ARG.has(sub)) return positionals.length === 0 ? pick(await names(ctx.source, "pods", namespace)) : none;
  if (NODE_ARG.has(sub)) return pick(await names(ctx.source, "nodes", undefined));
  if (!TYPED.has(sub)) return none;
  const typed = sub === "rollout" || sub === "set" ? positionals.slice(1) : positionals;
  if (sub === "taint" && typed.length === 0) return pick(["nodes", "node", "no"]);
  if (typed.length === 0) {
    const slash = current.indexOf("/");
    if (slash > 0) {
      const type = current.slice(0, slash);
      return pick((await names(ctx.source, type, namespace)).map((n) => `${type}/${n}`));
    }
    return pick(RESOURCE_TYPES);
  }
  if (sub === "explain" || sub === "events") return none;
  const type = typed[0]!;
  if (type.includes("/") || type.includes(",")) return none;
  return pick(await names(ctx.source, type, namespace));
}

async function names(source: CompletionSource, resource: string, namespace: string | undefined): Promise<string[]> {
  try {
    return await source.names(resource, namespace);
  } catch {
    return [];
  }
}

/** workspace entries matching `partial` (directories end with "/"; dotfiles only when asked for) */
export function files(workspaceDir: string, partial: string): string[] {
  const slash = partial.lastIndexOf("/");
  const dir = slash >= 0 ? partial.slice(0, slash + 1) : "";
  const base = partial.slice(slash + 1);
  const check = checkWorkspacePath(workspaceDir, dir === "" ? "." : dir, "completion", false);
  if (!check.ok || !check.isDir) return [];
  try {
    return readdirSync(check.abs, { withFileTypes: true })
      .filter((e) => e.name.startsWith(base) && (base.startsWith(".") || !e.name.startsWith(".")))
      .map((e) => dir + e.name + (e.isDirectory() ? "/" : ""))
      .sort();
  } catch {
    return [];
  }
}
