/**
 * What the terminal lets kubectl do. The real kubectl runs on the server, so everything that could
 * point it elsewhere (another server, other credentials), read or write server files, or start other
 * programs is refused before a process starts:
 *
 * - only allowlisted subcommands (no plugins — kubectl would search PATH for `kubectl-<name>`);
 * - flags that change the target or credentials (`--kubeconfig`, `--server`/`-s`, `--token`, `--as*`,
 *   `--context`, …), write or read server files (`--cache-dir`, `--log-file`, `--profile-output`,
 *   `--output-directory`), or run programs (`--helm-command`, `--enable-helm`) are refused;
 * - file arguments (`-f`, `--filename`, `-k`, `--kustomize`, `--from-file`, `--from-env-file`,
 *   `--patch-file`, `--cert`, `--key`, template files) must be in the learner's workspace;
 * - commands that open an editor (`edit`, `--edit`) or run a local program (`diff`) are refused.
 *
 * Flags are matched the way kubectl's pflag parses them: `--name=value`, `--name value`, `-xVALUE`,
 * combined shorthands (`-it`), and `_` normalized to `-` (kubectl's word-separator normalization).
 * Unknown flags before the subcommand make the command unrecognized — the check fails closed.
 */
import { checkWorkspacePath } from "./workspace";

export interface KubectlPlan {
  /** argv for kubectl (without the binary) */
  args: string[];
  subcommand: string | undefined;
  /** "pty" for interactive exec/run/attach (-i/-t) */
  mode: "pipe" | "pty";
  /** streams or waits (logs -f, get -w, rollout status, wait, …): the long time limit applies */
  long: boolean;
}

export type KubectlCheck = { ok: true; plan: KubectlPlan } | { ok: false; message: string };

/** subcommand → allowed sub-subcommands (undefined: any) */
export const ALLOWED_SUBCOMMANDS: ReadonlyMap<string, readonly string[] | undefined> = new Map<string, readonly string[] | undefined>([
  ["get", undefined],
  ["describe", undefined],
  ["create", undefined],
  ["apply", ["view-last-applied", "set-last-applied"]],
  ["delete", undefined],
  ["expose", undefined],
  ["run", undefined],
  ["scale", undefined],
  ["set", undefined],
  ["rollout", undefined],
  ["logs", undefined],
  ["exec", undefined],
  ["attach", undefined],
  ["label", undefined],
  ["annotate", undefined],
  ["taint", undefined],
  ["cordon", undefined],
  ["uncordon", undefined],
  ["drain", undefined],
  ["explain", undefined],
  ["api-resources", undefined],
  ["api-versions", undefined],
  ["version", undefined],
  ["cluster-info", undefined],
  ["top", undefined],
  ["wait", undefined],
  ["patch", undefined],
  ["replace", undefined],
  ["auth", ["can-i", "whoami"]],
  ["events", undefined],
  ["autoscale", undefined],
  ["help", undefined],
  ["options", undefined],
]);

const REFUSED_SUBCOMMANDS: Record<string, string> = {
  config:
    "`kubectl config` is disabled here: this terminal is already set up for your sandbox (download a kubeconfig from the sandbox panel to use your own kubectl)",
  proxy:
    "`kubectl proxy` is disabled here (it would open a port on the server); to reach your sandbox from your machine, download its kubeconfig",
  "port-forward": "`kubectl port-forward` is disabled here (it would open a port on the server)",
  cp: "`kubectl cp` is disabled here (it reads and writes server files)",
  plugin: "kubectl plugins are disabled here",
  edit: "`kubectl edit` needs a text editor, which this terminal doesn't have: open the object in the editor tab, or use `kubectl patch`, `kubectl set` or `kubectl apply -f <file>`",
  diff: "`kubectl diff` is disabled here (it runs a local diff program); use `kubectl apply --dry-run=server -f <file>` to preview",
  kustomize: "`kubectl kustomize` is disabled here; `kubectl apply -k <folder>` works with a folder in your workspace",
  debug: "`kubectl debug` isn't available in this terminal yet",
  completion: "tab completion is built in: press Tab",
  certificate: "`kubectl certificate` isn't available in this terminal",
  alpha: "alpha kubectl commands aren't available in this terminal",
};

/** normalized long flag → why it is refused */
const DENIED_FLAGS: Record<string, string> = {
  kubeconfig: "this terminal is already configured for your sandbox",
  server: "this terminal only talks to your sandbox",
  "tls-server-name": "this terminal only talks to your sandbox",
  token: "this terminal already carries your sandbox's credentials",
  as: "impersonation isn't available in this terminal",
  "as-group": "impersonation isn't available in this terminal",
  "as-uid": "impersonation isn't available in this terminal",
  user: "this terminal already carries your sandbox's credentials",
  username: "this terminal already carries your sandbox's credentials",
  password: "this terminal already carries your sandbox's credentials",
  cluster: "this terminal only talks to your sandbox",
  context: "this terminal only talks to your sandbox",
  "certificate-authority": "this terminal already trusts your sandbox's certificate",
  "client-certificate": "this terminal already carries your sandbox's credentials",
  "client-key": "this terminal already carries your sandbox's credentials",
  "insecure-skip-tls-verify": "this terminal already trusts your sandbox's certificate",
  "cache-dir": "the cache location is fixed in this terminal",
  kuberc: "kubectl preferences files aren't used in this terminal",
  "log-file": "kubectl can't write files on the server",
  "log-dir": "kubectl can't write files on the server",
  profile: "profiling writes files on the server",
  "profile-output": "profiling writes files on the server",
  "output-directory": "kubectl can't write files on the server",
  "enable-helm": "kustomize's helm support runs another program",
  "helm-command": "kustomize's helm support runs another program",
  "load-restrictor": "kustomize may only read files inside its folder here",
  "enable-alpha-plugins": "kustomize plugins run other programs",
  "enable-exec": "kustomize plugins run other programs",
  edit: "this terminal has no text editor: use the editor tab, or `kubectl apply -f <file>`",
  "edit-last-applied": "this terminal has no text editor",
};

/** long flags whose value is a path (or list of paths) that must stay in the workspace */
const FILE_FLAGS = new Set(["filename", "kustomize", "from-file", "from-env-file", "patch-file", "cert", "key"]);
/** other long flags that always take a value and matter to the checks below */
const VALUE_LONG = new Set(["output", "template", "raw"]);
/** file flags that kubectl parses as a comma-separated list */
const LIST_FILE_FLAGS = new Set(["filename", "from-file", "from-env-file"]);

/** shorthand → long name, for shorthands that take a value */
const SHORT_WITH_VALUE: Record<string, string> = {
  n: "namespace",
  s: "server",
  f: "filename",
  k: "kustomize",
  l: "selector",
  o: "output",
  c: "container",
  L: "label-columns",
  v: "v",
  p: "patch",
  e: "env",
};

/** global long flags that take a value (the next word when no `=` is given) */
const GLOBAL_WITH_VALUE = new Set(["namespace", "request-timeout", "v", "vmodule", "log-flush-frequency"]);
/** global boolean long flags accepted before the subcommand */
const GLOBAL_BOOLEAN = new Set(["match-server-version", "warnings-as-errors", "disable-compression", "help"]);
/** shorthands that are booleans for a subcommand although they take a value elsewhere */
const BOOLEAN_SHORT_FOR: Record<string, string> = { logs: "fp" };

function refuseFlag(name: string): string {
  return `the flag --${name} isn't allowed here: ${DENIED_FLAGS[name] ?? "it isn't available in this terminal"}`;
}

interface ParsedFlag {
  name: string; // normalized long name (shorthands mapped when known)
  value: string | undefined;
}

/** Checks and plans a kubectl invocation (`args` excludes the word `kubectl`/`k`). */
export function checkKubectl(args: readonly string[], workspaceDir: string): KubectlCheck {
  const flags: ParsedFlag[] = [];
  const positionals: string[] = [];
  let subcommand: string | undefined;
  let dashdash = false;
  let shortI = false;
  let shortT = false;
  // belt and braces: a denied long flag anywhere before `--` is refused, even where kubectl would
  // take it as another flag's value
  for (const a of args) {
    if (a === "--") break;
    if (!a.startsWith("--")) continue;
    const eq = a.indexOf("=");
    const name = (eq < 0 ? a.slice(2) : a.slice(2, eq)).replace(/_/g, "-");
    if (name in DENIED_FLAGS || /^(client-|helm-)/.test(name)) return { ok: false, message: refuseFlag(name) };
  }
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (dashdash) continue; // the container's command: runs in the sandbox, not here
    if (a === "--") {
      if (subcommand === undefined) return { ok: false, message: "put the subcommand first, e.g. `kubectl exec web -- sh`" };
      dashdash = true;
      continue;
    }
    if (a.startsWith("--")) {
      const eq = a.indexOf("=");
      const name = (eq < 0 ? a.slice(2) : a.slice(2, eq)).replace(/_/g, "-");
      if (name === "") return { ok: false, message: `invalid flag ${a}` };
      if (name in DENIED_FLAGS) return { ok: false, message: refuseFlag(name) };
      if (/^(client-|helm-)/.test(name)) return { ok: false, message: refuseFlag(name) };
      if (subcommand === undefined && !GLOBAL_WITH_VALUE.has(name) && !GLOBAL_BOOLEAN.has(name)) {
        // kubectl can't tell either whether an unknown flag here takes a value: fail closed
        return { ok: false, message: `put the subcommand first, e.g. \`kubectl get pods --${name}…\`` };
      }
      let value = eq < 0 ? undefined : a.slice(eq + 1);
      // pflag takes the next word as the value of a flag that needs one, whatever it looks like
      if (value === undefined && (FILE_FLAGS.has(name) || VALUE_LONG.has(name) || GLOBAL_WITH_VALUE.has(name))) {
        value = args[i + 1] ?? "";
        i++;
      }
      flags.push({ name, value });
      if (name === "stdin") shortI = true;
      if (name === "tty") shortT = true;
      continue;
    }
    if (a.startsWith("-") && a.length > 1) {
      // a cluster of shorthands: bools until one that takes a value (the rest, or the next word)
      for (let j = 1; j < a.length; j++) {
        const ch = a[j]!;
        if (ch === "=") return { ok: false, message: `invalid flag ${a}` };
        if (subcommand === undefined && ch !== "n" && ch !== "v" && ch !== "h" && ch !== "s") {
          return { ok: false, message: `put the subcommand first, e.g. \`kubectl get pods -${ch} …\`` };
        }
        const long = (BOOLEAN_SHORT_FOR[subcommand ?? ""] ?? "").includes(ch) ? undefined : SHORT_WITH_VALUE[ch];
        if (long) {
          let value = a.slice(j + 1);
          if (value.startsWith("=")) value = value.slice(1);
          if (value === "" && j === a.length - 1) {
            const next = args[i + 1];
            if (next !== undefined) {
              value = next;
              i++;
            }
          }
          if (long === "server") return { ok: false, message: refuseFlag("server") + " (-s is --server)" };
          flags.push({ name: long, value });
          break;
        }
        if (!/[a-zA-Z]/.test(ch)) return { ok: false, message: `invalid flag ${a}` };
        if (ch === "i") shortI = true;
        if (ch === "t") shortT = true;
        flags.push({ name: ch, value: undefined });
      }
      continue;
    }
    if (subcommand === undefined) subcommand = a;
    else positionals.push(a);
  }

  if (subcommand !== undefined) {
    const refused = REFUSED_SUBCOMMANDS[subcommand];
    if (refused) return { ok: false, message: refused };
    if (!ALLOWED_SUBCOMMANDS.has(subcommand)) {
      return {
        ok: false,
        message: `\`kubectl ${subcommand}\` isn't available here (unknown subcommand or plugin). Try \`kubectl help\` or \`help\``,
      };
    }
    const subs = ALLOWED_SUBCOMMANDS.get(subcommand);
    const second = positionals[0];
    if (subs && second !== undefined && subcommand !== "help" && !subs.includes(second)) {
      return {
        ok: false,
        message: `\`kubectl ${subcommand} ${second}\` isn't available here; available: ${subs.map((s) => `${subcommand} ${s}`).join(", ")}`,
      };
    }
    if (subs && second === undefined && subcommand === "auth") {
      return { ok: false, message: "try `kubectl auth can-i <verb> <resource>` or `kubectl auth whoami`" };
    }
  }

  // file arguments and templates
  const outputs = flags.filter((f) => f.name === "output").map((f) => f.value ?? "");
  for (const o of outputs) {
    const m = /^(go-template-file|jsonpath-file|templatefile|custom-columns-file)=(.*)$/.exec(o);
    if (m) {
      const c = checkWorkspacePath(workspaceDir, m[2]!, `-o ${m[1]}`);
      if (!c.ok) return c;
    }
  }
  const templateIsFile = outputs.some((o) => /^(go-template-file|jsonpath-file|templatefile)/.test(o));
  for (const f of flags) {
    if (f.name === "template" && templateIsFile && f.value !== undefined) {
      const c = checkWorkspacePath(workspaceDir, f.value, "--template");
      if (!c.ok) return c;
    }
    if (f.name === "raw" && f.value !== undefined && (f.value.includes("://") || !f.value.startsWith("/"))) {
      return { ok: false, message: "--raw takes a path on your sandbox's API server, e.g. --raw /api/v1/namespaces" };
    }
    if (!FILE_FLAGS.has(f.name)) continue;
    const label = f.name === "filename" ? "-f" : f.name === "kustomize" ? "-k" : `--${f.name}`;
    if (f.value === undefined || f.value === "") return { ok: false, message: `${label} needs a file name from your workspace` };
    let parts = [f.value];
    if (LIST_FILE_FLAGS.has(f.name)) {
      if (f.value.includes('"')) return { ok: false, message: `${label}: quotes inside file names aren't supported here` };
      parts = f.value.split(",");
    }
    for (let p of parts) {
      // --from-file=[key=]path
      if (f.name === "from-file") {
        const eq = p.indexOf("=");
        if (eq >= 0) p = p.slice(eq + 1);
      }
      const c = checkWorkspacePath(workspaceDir, p, label);
      if (!c.ok) return c;
      if (f.name === "kustomize" && !(c.exists && c.isDir))
        return { ok: false, message: `-k: ${p} isn't a folder in your workspace (kustomize needs a folder with a kustomization.yaml)` };
    }
  }

  const interactive = subcommand === "exec" || subcommand === "run" || subcommand === "attach";
  const mode: KubectlPlan["mode"] = interactive && (shortI || shortT) ? "pty" : "pipe";
  const has = (...names: string[]) => flags.some((f) => names.includes(f.name) && f.value !== "false");
  const long =
    mode === "pty" ||
    (subcommand === "logs" && has("follow", "f")) ||
    ((subcommand === "get" || subcommand === "events") && has("watch", "watch-only", "w")) ||
    (subcommand === "rollout" && positionals[0] === "status") ||
    subcommand === "wait" ||
    subcommand === "drain" ||
    subcommand === "delete";
  return { ok: true, plan: { args: [...args], subcommand, mode, long } };
}
