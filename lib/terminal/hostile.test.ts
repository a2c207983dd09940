/**
 * Generated hostile command lines: every one is refused by the planner, and a session fed all of
 * them starts no process at all (the spawner spy records every start), prints a refusal for each
 * and stays usable. Valid lines mixed in start only kubectl.
 */
import { afterAll, describe, expect, it } from "vitest";
import { cat, ls } from "./builtins";
import { planLine } from "./commands";
import { fakeSpawner } from "./fake-spawner";
import { PROMPT, TerminalSession } from "./session";
import { makeTestWorkspace } from "./test-workspace";

const ws = makeTestWorkspace();
afterAll(() => ws.cleanup());
const KUBECTL = "/usr/local/bin/kubectl";

const BASES = [
  "kubectl get pods",
  "k get pods -n default",
  "kubectl apply -f deployment.yaml",
  "kubectl logs web",
  "ls",
  "cat deployment.yaml",
  "watch kubectl get pods",
];
const INJECTIONS = [
  "; id",
  ";id",
  "| sh",
  "|sh",
  "|| id",
  "&& id",
  "&id",
  "& id",
  "> /tmp/x",
  ">>/tmp/x",
  "< /etc/passwd",
  "2>&1",
  "$(id)",
  "$( id )",
  "`id`",
  "$HOME",
  "${IFS}id",
  "$IFS",
  "*",
  "?.yaml",
  "!!",
  "!-1",
  "~/x",
  "~root",
  "#",
  "(id)",
  ")",
  '"$(id)"',
  '"`id`"',
  '"$PATH"',
  "；id",
  "｜sh",
  "＆＆id",
  "$（id）",
  "—kubeconfig=/x",
  "‘quoted’",
  "'unterminated",
  '"unterminated',
  "tail\\",
];
const CONTROL = [
  "\0",
  "\x1b[2J",
  "\x07",
  "\x08",
  "\x7f",
  "\n",
  "\r",
  "\x1b]52;c;aWQ=\x07",
  "\u0085",
  "\u200b",
  "\u202e",
  "\u2066",
  "\ufeff",
  "\u2028",
  "\u2029",
  "\x00id",
];
const DENIED_FLAGS = [
  "kubeconfig=/etc/kubernetes/admin.conf",
  "server=https://evil:6443",
  "token=abc",
  "as=system:admin",
  "as-group=system:masters",
  "as-uid=0",
  "user=admin",
  "username=admin",
  "password=x",
  "cluster=prod",
  "context=prod",
  "certificate-authority=/x",
  "client-certificate=/x",
  "client-key=/x",
  "insecure-skip-tls-verify",
  "insecure_skip_tls_verify=true",
  "cache-dir=/tmp/c",
  "cache_dir=/tmp/c",
  "log-file=/tmp/l",
  "profile-output=/tmp/p",
  "tls-server-name=evil",
  "output-directory=/tmp/o",
  "helm-command=/bin/sh",
  "enable-helm",
  "load-restrictor=LoadRestrictionsNone",
  "edit",
  "kuberc=/x",
];
const DENIED_SUBCOMMANDS = [
  "config view",
  "config set-cluster x --server=https://evil",
  "proxy --port=8001",
  "port-forward svc/web 80",
  "cp web:/x y",
  "plugin list",
  "edit deploy/web",
  "diff -f deployment.yaml",
  "kustomize .",
  "debug web",
  "completion bash",
  "alpha events",
  "foo",
  "krew list",
  "ssh node-1",
  "auth reconcile -f deployment.yaml",
  "apply edit-last-applied deploy/web",
  "certificate approve x",
];
const BAD_PATHS = [
  "/etc/passwd",
  "/proc/self/environ",
  "../x.yaml",
  "../../../../etc/shadow",
  "manifests/../../outside/secret.txt",
  "./../x",
  "link-out.yaml",
  "dir-out/secret.txt",
  "leaky",
  "dangling.yaml",
  "https://evil.example/x.yaml",
  "http://169.254.169.254/",
  "file:///etc/passwd",
  "github.com/x/y",
  "git@github.com:x/y",
  "-",
];
const FILE_FORMS = (p: string) => [
  `kubectl apply -f ${p}`,
  `kubectl apply -f=${p}`,
  `kubectl create --filename ${p}`,
  `kubectl replace --filename=${p}`,
  `kubectl apply -f deployment.yaml,${p}`,
  `kubectl create configmap c --from-file=${p}`,
  `kubectl create configmap c --from-file=k=${p}`,
  `kubectl create configmap c --from-env-file=${p}`,
  `kubectl apply -k ${p}`,
  `kubectl patch deploy web --patch-file=${p}`,
  `kubectl get pods -o go-template-file=${p}`,
  `kubectl get pods --output custom-columns-file=${p}`,
  `kubectl get pods -ojsonpath-file --template ${p}`,
];
const OTHER_PROGRAMS = [
  "sh",
  "bash -c id",
  "/bin/sh",
  "./kubectl get pods",
  "/usr/bin/kubectl get pods",
  "kubectl.1.27 get pods",
  "env",
  "python3 -c 1",
  "node -e 1",
  "curl http://x",
  "wget x",
  "nc -l 1",
  "rm -rf /",
  "KUBECONFIG=/x kubectl get pods",
  "exec kubectl",
  "eval id",
  "source x",
  ". x",
  "xargs",
  "sudo kubectl",
  "busybox sh",
  "kubectl-foo",
  "helm list",
  "docker ps",
  "cd /",
  "pwd",
  "exit",
  "vi x",
  "echo hi",
  "true",
  "id",
  "whoami",
];

function hostileLines(): string[] {
  const lines: string[] = [];
  for (const base of BASES) {
    for (const inj of INJECTIONS) {
      lines.push(`${base} ${inj}`, `${base}${inj}`);
      if (!inj.startsWith("'") && !inj.startsWith('"') && !inj.startsWith("‘")) lines.push(`${inj} ${base}`);
    }
    for (const c of CONTROL) lines.push(`${base}${c}`, `${c}${base}`, `${base} '${c}'`);
  }
  for (const f of DENIED_FLAGS) {
    lines.push(`kubectl get pods --${f}`, `k --${f} get pods`, `kubectl apply -f deployment.yaml --${f}`, `watch kubectl get pods --${f}`);
    const eq = f.indexOf("=");
    if (eq > 0) lines.push(`kubectl get pods --${f.slice(0, eq)} ${f.slice(eq + 1)}`);
  }
  lines.push("kubectl get pods -s https://evil", "kubectl get pods -shttps://evil", "kubectl -s evil get pods", "kubectl get pods -As=x");
  for (const s of DENIED_SUBCOMMANDS) lines.push(`kubectl ${s}`, `k ${s}`, `kubectl -n default ${s}`, `watch kubectl ${s}`);
  for (const p of BAD_PATHS) lines.push(...FILE_FORMS(p));
  lines.push(...OTHER_PROGRAMS);
  lines.push("k get pods " + "a".repeat(5000), "k " + "get ".repeat(300), "x".repeat(100_000), "k get pods '" + "\0".repeat(100) + "'");
  lines.push(
    "watch -n 1 sh",
    "watch ls",
    "watch -n 0.01 kubectl get pods -w",
    "watch kubectl logs -f web",
    "watch kubectl exec -it web -- sh",
    "watch -x kubectl get pods",
    "watch",
  );
  return lines;
}

describe("hostile command lines", () => {
  const lines = hostileLines();

  it("generates hundreds of them", () => {
    expect(lines.length).toBeGreaterThan(700);
  });

  it("refuses every one in the planner, with a message", () => {
    const accepted = lines.filter((l) => {
      const p = planLine(l, ws.dir);
      return p.kind !== "refused" || p.message.length < 10;
    });
    expect(accepted).toEqual([]);
  });

  it("cat and ls refuse every bad path and never show what is outside", () => {
    for (const p of BAD_PATHS) {
      const plan = planLine(`cat ${p}`, ws.dir);
      if (plan.kind === "refused") continue;
      expect(plan.kind).toBe("builtin");
      const r = cat(ws.dir, [p]);
      expect(r.ok, p).toBe(false);
      expect(r.out).not.toMatch(/top secret|root:/);
      const l = ls(ws.dir, [p]);
      // (`ls leaky` lists the names inside it, links included, never their targets)
      if (p !== "leaky") expect(l.ok, p).toBe(false);
      expect(l.out).not.toMatch(/top secret|root:/);
    }
  });

  it("a session fed all of them starts no process, answers each, and keeps working", async () => {
    const spawner = fakeSpawner((p) => p.exit(0));
    let out = "";
    const session = new TerminalSession({
      workspaceDir: ws.dir,
      kubeconfigPath: "/k",
      kubectlPath: KUBECTL,
      spawner,
      output: (d) => (out += d),
    });
    session.start();
    let prompts = 1;
    for (const l of lines) {
      // typed text can't carry \r or \n (they are Enter); other control characters are dropped by the
      // line editor, so those lines are checked by the planner test above
      // eslint-disable-next-line no-control-regex
      if (/[\r\n\u0000-\u001f\u007f\u0085]/.test(l)) continue;
      session.input(l + "\r");
      prompts++;
      expect(session.busy).toBe(false);
    }
    expect(spawner.spawned).toEqual([]);
    // each new prompt follows a line end (redraws of the edited line start with \r instead)
    expect(out.split("\n" + PROMPT).length).toBe(prompts);
    // still works
    session.input("kubectl get pods\r");
    await new Promise((r) => setImmediate(r));
    expect(spawner.spawned.map((p) => [p.req.file, p.req.args])).toEqual([[KUBECTL, ["get", "pods"]]]);
  });

  it("raw hostile keystrokes (escapes, NULs, pastes with newlines) start nothing but kubectl", async () => {
    const spawner = fakeSpawner((p) => p.exit(0));
    const session = new TerminalSession({ workspaceDir: ws.dir, kubeconfigPath: "/k", kubectlPath: KUBECTL, spawner, output: () => {} });
    session.start();
    for (const l of lines) session.input(l + "\r");
    session.input("\x1b[200~id\nsh -c id\r\x1b[201~\r");
    for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
    for (const p of spawner.spawned) {
      expect(p.req.file).toBe(KUBECTL);
      expect(p.req.env.PATH).toBe("/nonexistent/kubelab-no-programs");
    }
  });
});
