/**
 * The conformance scenarios: real kubectl commands and the exact output a kubeadm cluster gives.
 * Each runs on every client version of conformance.test.ts (against a fresh cluster per version,
 * on a fake clock, so AGE is always "0s"). Add a scenario with a few lines; see ./scenario.ts.
 */
import type { Scenario } from "./scenario";

const deployment = (name: string, replicas: number | string, extra = "") => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
spec:
  replicas: ${replicas}
${extra}  selector:
    matchLabels:
      app: ${name}
  template:
    metadata:
      labels:
        app: ${name}
    spec:
      containers:
      - name: nginx
        image: nginx:1.25
`;

export const scenarios: Scenario[] = [
  {
    name: "version reports the server's v1.33",
    steps: [
      {
        args: ["version"],
        stdout: {
          default: /^Client Version: v1\.\d+\.\d+\nKustomize Version: v[\d.]+\nServer Version: v1\.33\.1\n$/,
          // 1.27 prints the whole version.Info struct
          "1.27": /\nServer Version: version\.Info\{Major:"1", Minor:"33", GitVersion:"v1\.33\.1", GitCommit:"[0-9a-f]{40}", GitTreeState:"clean", BuildDate:"[^"]+", GoVersion:"go[\d.]+", Compiler:"gc", Platform:"linux\/amd64"\}\n$/,
        },
      },
    ],
  },
  {
    name: "api-versions lists the served group versions",
    steps: [{ args: ["api-versions"], stdout: /^apps\/v1\n(.+\n)*batch\/v1\n(.+\n)*v1\n$/ }],
  },
  {
    name: "api-resources shows short names",
    steps: [
      {
        args: ["api-resources"],
        stdout: /^NAME +SHORTNAMES +APIVERSION +NAMESPACED +KIND\n(.*\n)*pods +po +v1 +true +Pod\n(.*\n)*deployments +deploy +apps\/v1 +true +Deployment\n/,
      },
    ],
  },
  {
    name: "get ns shows the kubeadm namespaces Active",
    steps: [
      {
        args: ["get", "ns"],
        stdout: "NAME              STATUS   AGE\ndefault           Active   0s\nkube-node-lease   Active   0s\nkube-public       Active   0s\nkube-system       Active   0s\n",
      },
    ],
  },
  {
    name: "get nodes -o wide shows Ready nodes with internal IPs",
    steps: [
      {
        args: ["get", "nodes", "-o", "wide"],
        stdout: [
          "NAME            STATUS   ROLES           AGE   VERSION   INTERNAL-IP   EXTERNAL-IP   OS-IMAGE                         KERNEL-VERSION   CONTAINER-RUNTIME",
          "control-plane   Ready    control-plane   0s    v1.33.1   172.18.0.2    <none>        Debian GNU/Linux 12 (bookworm)   6.8.0-1017-gcp   containerd://2.1.1",
          "worker-1        Ready    <none>          0s    v1.33.1   172.18.0.3    <none>        Debian GNU/Linux 12 (bookworm)   6.8.0-1017-gcp   containerd://2.1.1",
          "worker-2        Ready    <none>          0s    v1.33.1   172.18.0.4    <none>        Debian GNU/Linux 12 (bookworm)   6.8.0-1017-gcp   containerd://2.1.1",
          "",
        ].join("\n"),
      },
    ],
  },
  {
    name: "create -f twice: created, then AlreadyExists",
    files: { "create.yaml": deployment("created", 2) },
    steps: [
      { args: ["create", "-f", "create.yaml"], stdout: "deployment.apps/created created\n" },
      { args: ["create", "-f", "create.yaml"], code: 1, stderr: 'Error from server (AlreadyExists): error when creating "create.yaml": deployments.apps "created" already exists\n' },
    ],
  },
  {
    name: "apply: created, unchanged, configured",
    files: { "apply.yaml": deployment("applied", 2), "apply-edited.yaml": deployment("applied", 3) },
    steps: [
      { args: ["apply", "-f", "apply.yaml"], stdout: "deployment.apps/applied created\n" },
      { args: ["apply", "-f", "apply.yaml"], stdout: "deployment.apps/applied unchanged\n" },
      { args: ["apply", "-f", "apply-edited.yaml"], stdout: "deployment.apps/applied configured\n" },
      { args: ["get", "deploy", "applied", "-o", "jsonpath={.spec.replicas} {.metadata.generation}"], stdout: "3 2" },
    ],
  },
  {
    name: "get pod nope is NotFound",
    steps: [{ args: ["get", "pod", "nope"], code: 1, stdout: "", stderr: 'Error from server (NotFound): pods "nope" not found\n' }],
  },
  {
    name: "get foos is an unknown resource type",
    steps: [{ args: ["get", "foos"], code: 1, stderr: 'error: the server doesn\'t have a resource type "foos"\n' }],
  },
  {
    name: "invalid replicas are rejected with the field error",
    files: { "bad.yaml": deployment("bad", -1) },
    steps: [{ args: ["apply", "-f", "bad.yaml"], code: 1, stderr: 'The Deployment "bad" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0\n' }],
  },
  {
    name: "an unknown field is a strict decoding error",
    files: { "unknown-field.yaml": deployment("unk", 2, "  foo: bar\n") },
    steps: [
      { args: ["apply", "-f", "unknown-field.yaml"], code: 1, stderr: 'Error from server (BadRequest): error when creating "unknown-field.yaml": strict decoding error: unknown field "spec.foo"\n' },
      { args: ["get", "deploy", "unk"], code: 1, stderr: 'Error from server (NotFound): deployments.apps "unk" not found\n' },
    ],
  },
  {
    name: "create configmap, secret and namespace (protobuf bodies on 1.32+)",
    steps: [
      { args: ["create", "configmap", "cm1", "--from-literal=a=b"], stdout: "configmap/cm1 created\n" },
      { args: ["get", "configmap", "cm1", "-o", "jsonpath={.data.a}"], stdout: "b" },
      { args: ["create", "secret", "generic", "s1", "--from-literal=a=b"], stdout: "secret/s1 created\n" },
      { args: ["get", "secret", "s1", "-o", "jsonpath={.data.a}"], stdout: "Yg==" },
      { args: ["create", "namespace", "ns1"], stdout: "namespace/ns1 created\n" },
      { args: ["get", "sa", "-n", "ns1", "-o", "name"], stdout: "serviceaccount/default\n" },
    ],
  },
  {
    name: "run creates a Pending pod",
    steps: [
      { args: ["run", "nginx", "--image=nginx"], stdout: "pod/nginx created\n" },
      { args: ["get", "pods"], stdout: "NAME    READY   STATUS    RESTARTS   AGE\nnginx   0/1     Pending   0          0s\n" },
      { args: ["get", "pod", "nginx", "-o", "jsonpath={.spec.serviceAccountName} {.spec.tolerations[0].tolerationSeconds}"], stdout: "default 300" },
    ],
  },
  {
    name: "label and annotate",
    files: { "labels.yaml": deployment("lbl", 1) },
    steps: [
      { args: ["apply", "-f", "labels.yaml"], stdout: "deployment.apps/lbl created\n" },
      { args: ["label", "deploy", "lbl", "tier=fe"], stdout: "deployment.apps/lbl labeled\n" },
      // kubectl 1.27 itself prints "annotate" (a client-side wording fixed later)
      { args: ["annotate", "deploy", "lbl", "note=x"], stdout: { default: "deployment.apps/lbl annotated\n", "1.27": "deployment.apps/lbl annotate\n" } },
      { args: ["get", "deploy", "lbl", "--show-labels"], stdout: "NAME   READY   UP-TO-DATE   AVAILABLE   AGE   LABELS\nlbl    0/1     0            0           0s    tier=fe\n" },
      { args: ["get", "deploy", "lbl", "-o", "jsonpath={.metadata.annotations.note}"], stdout: "x" },
    ],
  },
  {
    name: "scale, with and without --current-replicas",
    files: { "scale.yaml": deployment("scl", 2) },
    steps: [
      { args: ["apply", "-f", "scale.yaml"], stdout: "deployment.apps/scl created\n" },
      { args: ["scale", "deploy", "scl", "--replicas=5"], stdout: "deployment.apps/scl scaled\n" },
      { args: ["scale", "deploy", "scl", "--replicas=3", "--current-replicas=5"], stdout: "deployment.apps/scl scaled\n" },
      { args: ["scale", "deploy", "scl", "--replicas=4", "--current-replicas=5"], code: 1, stderr: "error: Expected replicas to be 5, was 3\n" },
      { args: ["get", "deploy", "scl", "-o", "jsonpath={.spec.replicas}"], stdout: "3" },
    ],
  },
  {
    name: "patch: json, merge and strategic",
    files: { "patch.yaml": deployment("pat", 2) },
    steps: [
      { args: ["apply", "-f", "patch.yaml"], stdout: "deployment.apps/pat created\n" },
      { args: ["patch", "deploy", "pat", "--type=json", "-p", '[{"op":"replace","path":"/spec/replicas","value":4}]'], stdout: "deployment.apps/pat patched\n" },
      { args: ["patch", "deploy", "pat", "--type=merge", "-p", '{"spec":{"replicas":2}}'], stdout: "deployment.apps/pat patched\n" },
      { args: ["patch", "deploy", "pat", "-p", '{"spec":{"template":{"spec":{"containers":[{"name":"sidecar","image":"busybox"}]}}}}'], stdout: "deployment.apps/pat patched\n" },
      { args: ["patch", "deploy", "pat", "--type=merge", "-p", '{"spec":{"replicas":2}}'], stdout: "deployment.apps/pat patched (no change)\n" },
      {
        args: ["get", "deploy", "pat", "-o", "jsonpath={.spec.replicas} {.spec.template.spec.containers[*].name} {.metadata.generation}"],
        stdout: "2 sidecar nginx 4",
      },
    ],
  },
  {
    name: "delete, and --ignore-not-found",
    files: { "delete.yaml": deployment("del", 1) },
    steps: [
      { args: ["apply", "-f", "delete.yaml"], stdout: "deployment.apps/del created\n" },
      { args: ["delete", "deploy", "del"], stdout: 'deployment.apps "del" deleted\n' },
      { args: ["get", "deploy", "del"], code: 1, stderr: 'Error from server (NotFound): deployments.apps "del" not found\n' },
      { args: ["delete", "pod", "nope", "--ignore-not-found"], stdout: "" },
      { args: ["delete", "pod", "nope"], code: 1, stderr: 'Error from server (NotFound): pods "nope" not found\n' },
    ],
  },
  {
    name: "get -o json, yaml, name and jsonpath",
    files: { "out.yaml": deployment("out", 2) },
    steps: [
      { args: ["apply", "-f", "out.yaml"], stdout: "deployment.apps/out created\n" },
      { args: ["get", "deploy", "out", "-o", "name"], stdout: "deployment.apps/out\n" },
      { args: ["get", "deploy", "out", "-o", "jsonpath={.metadata.name}:{.spec.template.spec.containers[0].image}"], stdout: "out:nginx:1.25" },
      { args: ["get", "deploy", "out", "-o", "yaml"], stdout: /^apiVersion: apps\/v1\nkind: Deployment\nmetadata:\n(.*\n)* {2}generation: 1\n(.*\n)* {2}name: out\n {2}namespace: default\n {2}resourceVersion: "\d+"\n {2}uid: [0-9a-f-]{36}\nspec:\n(.*\n)*status: \{\}\n$/ },
      {
        args: ["get", "deploy", "out", "-o", "json"],
        check: (r) => {
          const d = JSON.parse(r.stdout) as { kind: string; metadata: { name: string; creationTimestamp: string }; spec: { strategy: { type: string } } };
          if (d.kind !== "Deployment" || d.metadata.name !== "out" || d.metadata.creationTimestamp !== "2026-01-01T12:00:00Z" || d.spec.strategy.type !== "RollingUpdate") {
            throw new Error(`unexpected -o json: ${r.stdout}`);
          }
        },
      },
    ],
  },
  {
    name: "auth can-i",
    steps: [
      { args: ["auth", "can-i", "create", "pods"], stdout: "yes\n" },
      { args: ["auth", "can-i", "delete", "nodes", "--all-namespaces"], stdout: "yes\n" },
    ],
  },
  {
    // kubectl 1.27 asks for authentication.k8s.io/v1alpha1|v1beta1, which 1.33 no longer serves
    name: "auth whoami",
    only: ["default"],
    steps: [{ args: ["auth", "whoami"], stdout: "ATTRIBUTE   VALUE\nUsername    kubernetes-admin\nGroups      [kubeadm:cluster-admins system:authenticated]\n" }],
  },
];

scenarios.push(
  {
    name: "get -w prints the header once, then streamed rows, and stays open",
    steps: [{ args: ["run", "w1", "--image=nginx"], stdout: "pod/w1 created\n" }],
    async run(c, version) {
      const watch = c.background(version, ["get", "pods", "-w"]);
      await watch.waitFor(/^NAME +READY +STATUS +RESTARTS +AGE\n(.*\n)*w1 +0\/1 +Pending +0 +0s\n/);
      const created = await c.kubectl(version, ["run", "w2", "--image=nginx", "--labels=app=w2"]);
      if (created.stdout !== "pod/w2 created\n") throw new Error(`run w2: ${created.stdout}${created.stderr}`);
      await watch.waitFor(/\nw2 +0\/1 +Pending +0 +0s\n/);
      const lines = watch.stdout().trimEnd().split("\n");
      const headers = lines.filter((l) => l.startsWith("NAME "));
      if (headers.length !== 1) throw new Error(`expected one header, got:\n${watch.stdout()}`);
      // still streaming: the deletion arrives as one more row
      const deleted = await c.kubectl(version, ["delete", "pod", "w2"]);
      if (deleted.stdout !== 'pod "w2" deleted\n') throw new Error(`delete w2: ${deleted.stdout}${deleted.stderr}`);
      await watch.waitFor(/\nw2 +0\/1 +Pending +0 +0s\n(.*\n)*w2 +0\/1 +Pending +0 +0s\n/);
      await watch.stop();
    },
  },
  {
    name: "get pods -A, --show-labels, -L and --sort-by",
    steps: [
      { args: ["run", "sort-b", "--image=nginx", "--labels=app=s,tier=b"], stdout: "pod/sort-b created\n" },
      { args: ["run", "sort-a", "--image=nginx", "--labels=app=s,tier=a"], stdout: "pod/sort-a created\n" },
      { args: ["get", "pods", "-l", "app=s", "--sort-by=.metadata.name", "-o", "name"], stdout: "pod/sort-a\npod/sort-b\n" },
      { args: ["get", "pods", "-l", "app=s", "--show-labels"], stdout: "NAME     READY   STATUS    RESTARTS   AGE   LABELS\nsort-a   0/1     Pending   0          0s    app=s,tier=a\nsort-b   0/1     Pending   0          0s    app=s,tier=b\n" },
      { args: ["get", "pods", "-l", "app=s", "-L", "tier"], stdout: "NAME     READY   STATUS    RESTARTS   AGE   TIER\nsort-a   0/1     Pending   0          0s    a\nsort-b   0/1     Pending   0          0s    b\n" },
      { args: ["get", "pods", "-A", "-l", "app=s"], stdout: "NAMESPACE   NAME     READY   STATUS    RESTARTS   AGE\ndefault     sort-a   0/1     Pending   0          0s\ndefault     sort-b   0/1     Pending   0          0s\n" },
      { args: ["get", "pods", "-l", "app=s", "--sort-by=.metadata.labels.tier", "-o", "custom-columns=N:.metadata.name"], stdout: "N\nsort-a\nsort-b\n" },
    ],
  },
  {
    name: "logs of a pod that is not running yet",
    steps: [
      { args: ["run", "logpod", "--image=nginx"], stdout: "pod/logpod created\n" },
      { args: ["logs", "logpod"], stdout: "" },
    ],
  },
  {
    name: "create deployment (protobuf on 1.32+) and delete a namespace",
    steps: [
      { args: ["create", "deployment", "web2", "--image=nginx", "--replicas=2"], stdout: "deployment.apps/web2 created\n" },
      { args: ["get", "deploy", "web2", "-o", "jsonpath={.spec.replicas} {.spec.template.spec.containers[0].image}"], stdout: "2 nginx" },
      { args: ["create", "namespace", "doomed"], stdout: "namespace/doomed created\n" },
      { args: ["create", "configmap", "c", "-n", "doomed", "--from-literal=a=b"], stdout: "configmap/c created\n" },
      { args: ["delete", "namespace", "doomed"], stdout: 'namespace "doomed" deleted\n' },
      { args: ["get", "namespace", "doomed"], code: 1, stderr: 'Error from server (NotFound): namespaces "doomed" not found\n' },
      { args: ["delete", "namespace", "kube-system"], code: 1, stderr: 'Error from server (Forbidden): namespaces "kube-system" is forbidden: this namespace may not be deleted\n' },
    ],
  },
  {
    name: "force-deleting a pod warns and deletes",
    steps: [
      { args: ["run", "gone", "--image=nginx"], stdout: "pod/gone created\n" },
      {
        args: ["delete", "pod", "gone", "--grace-period=0", "--force"],
        stdout: 'pod "gone" force deleted\n',
        stderr: "Warning: Immediate deletion does not wait for confirmation that the running resource has been terminated. The resource may continue to run on the cluster indefinitely.\n",
      },
      { args: ["wait", "--for=delete", "pod/gone", "--timeout=10s"], code: 0 },
    ],
  },
);
