/**
 * From a typed line to what the terminal will do: run kubectl (checked by the kubectl policy), run a
 * builtin, re-run kubectl under `watch`, or refuse with a message. Pure apart from the workspace
 * path checks; never starts anything.
 */
import { checkKubectl, type KubectlPlan } from "./kubectl-policy";
import { tokenize } from "./tokenize";

export const BUILTINS = ["clear", "help", "ls", "cat", "history", "watch"] as const;
export type BuiltinName = (typeof BUILTINS)[number];

export type CommandPlan =
  | { kind: "empty" }
  | { kind: "refused"; message: string }
  | { kind: "kubectl"; plan: KubectlPlan }
  | { kind: "watch"; intervalSeconds: number; plan: KubectlPlan; line: string }
  | { kind: "builtin"; name: Exclude<BuiltinName, "watch">; args: string[] };

export const WATCH_MIN_SECONDS = 1;
export const WATCH_MAX_SECONDS = 60;
export const WATCH_DEFAULT_SECONDS = 2;

const NOT_HERE: Record<string, string> = {
  cd: "there is one folder here, your workspace: use relative paths such as `ls manifests` or `cat manifests/web.yaml`",
  pwd: "you are in your workspace (the files the editor shows); paths are relative to it",
  sudo: "there is no sudo here (and no need: kubectl already talks to your own sandbox)",
  exit: "this terminal stays open; close the panel to leave",
  logout: "this terminal stays open; close the panel to leave",
  vi: "there is no text editor in the terminal: use the editor tab",
  vim: "there is no text editor in the terminal: use the editor tab",
  nano: "there is no text editor in the terminal: use the editor tab",
  kubeadm: "kubeadm isn't needed here: your sandbox cluster is already set up",
  minikube: "minikube isn't needed here: your sandbox cluster is already running",
  kind: "kind isn't needed here: your sandbox cluster is already running",
  helm: "helm isn't available in this terminal; only kubectl and a few builtins run here (try `help`)",
  docker: "docker isn't available here; the sandbox's nodes run your pods (try `kubectl run`)",
};

export function refusalForUnknown(name: string): string {
  if (/=/.test(name))
    return "environment variable assignments (NAME=value) aren't supported here: only kubectl and a few builtins run here; try `help`";
  const hint = NOT_HERE[name];
  if (hint) return `${name}: ${hint}`;
  return `${name}: command not available. Only kubectl (alias k) and a few builtins run here; try \`help\``;
}

/** Plans one typed line. */
export function planLine(line: string, workspaceDir: string): CommandPlan {
  const t = tokenize(line);
  if (!t.ok) return { kind: "refused", message: t.message };
  return planWords(t.words, workspaceDir);
}

function planWords(words: string[], workspaceDir: string): CommandPlan {
  const [cmd, ...rest] = words;
  if (cmd === undefined) return { kind: "empty" };
  if (cmd === "kubectl" || cmd === "k") {
    const c = checkKubectl(rest, workspaceDir);
    return c.ok ? { kind: "kubectl", plan: c.plan } : { kind: "refused", message: c.message };
  }
  if (cmd === "watch") return planWatch(rest, workspaceDir);
  if ((BUILTINS as readonly string[]).includes(cmd)) return { kind: "builtin", name: cmd as Exclude<BuiltinName, "watch">, args: rest };
  return { kind: "refused", message: refusalForUnknown(cmd) };
}

function planWatch(args: string[], workspaceDir: string): CommandPlan {
  let interval = WATCH_DEFAULT_SECONDS;
  let i = 0;
  for (; i < args.length; i++) {
    const a = args[i]!;
    let value: string | undefined;
    if (a === "-n" || a === "--interval") value = args[++i];
    else if (a.startsWith("--interval=")) value = a.slice("--interval=".length);
    else if (/^-n\d/.test(a)) value = a.slice(2);
    else if (a.startsWith("-")) return { kind: "refused", message: `watch: only -n <seconds> is supported here (got ${a})` };
    else break;
    const n = Number(value);
    if (value === undefined || !Number.isFinite(n))
      return { kind: "refused", message: "watch: -n needs a number of seconds, e.g. `watch -n 5 kubectl get pods`" };
    interval = Math.min(WATCH_MAX_SECONDS, Math.max(WATCH_MIN_SECONDS, n));
  }
  const inner = args.slice(i);
  if (inner.length === 0) return { kind: "refused", message: "watch: which command? e.g. `watch kubectl get pods`" };
  if (inner[0] !== "kubectl" && inner[0] !== "k")
    return { kind: "refused", message: "watch runs kubectl commands only, e.g. `watch kubectl get pods`" };
  const c = checkKubectl(inner.slice(1), workspaceDir);
  if (!c.ok) return { kind: "refused", message: c.message };
  if (c.plan.mode === "pty" || c.plan.long)
    return {
      kind: "refused",
      message: "watch re-runs a command that finishes; run streaming or interactive commands (-w, -f, -it) on their own",
    };
  return { kind: "watch", intervalSeconds: interval, plan: c.plan, line: inner.join(" ") };
}
