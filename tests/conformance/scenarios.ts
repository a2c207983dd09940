/**
 * The conformance scenarios: real kubectl commands and the exact output a kubeadm cluster gives
 * (a fresh cluster per client version, on a fake clock, so AGE is always "0s"). `core` ones run
 * on every installed kubectl, the rest (./scenarios-*.ts) on 1.33. Add a scenario with a few
 * lines; see ./scenario.ts. Give it a namespace of its own unless it reads cluster-wide state.
 */
import type { Scenario } from "./scenario";
import { deployment, SSA_CONFLICT_ADVICE } from "./fixtures";
import { readScenarios } from "./scenarios-read";
import { writeScenarios } from "./scenarios-write";
import { errorScenarios } from "./scenarios-errors";

const NS_HEADER = "NAME              STATUS   AGE\n";

/** run on every installed kubectl */
const coreScenarios: Scenario[] = [
  {
    name: "version reports the server's v1.33",
    steps: [
      {
        args: ["version"],
        stdout: {
          default: /^Client Version: v1\.\d+\.\d+\nKustomize Version: v[\w.-]+\nServer Version: v1\.33\.1\n$/,
          // 1.27 prints the whole version.Info struct
          "1.27": /\nServer Version: version\.Info\{Major:"1", Minor:"33", GitVersion:"v1\.33\.1", GitCommit:"[0-9a-f]{40}", GitTreeState:"clean", BuildDate:"[^"]+", GoVersion:"go[\d.]+", Compiler:"gc", Platform:"linux\/amd64"\}\n$/,
        },
        // clients more than one minor behind warn about the skew
        stderr: {
          default: "",
          "1.27": /^WARNING: This version information is deprecated and will be replaced with the output from kubectl version --short\. {2}Use --output=yaml\|json to get the full version\.\nWARNING: version difference between client \(1\.27\) and server \(1\.33\) exceeds the supported minor version skew of \+\/-1\n$/,
          "<=1.31": /^WARNING: version difference between client \(1\.\d+\) and server \(1\.33\) exceeds the supported minor version skew of \+\/-1\n$/,
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
      {
        args: ["api-resources", "--api-group=apps"],
        stdout: [
          "NAME                  SHORTNAMES   APIVERSION   NAMESPACED   KIND",
          "controllerrevisions                apps/v1      true         ControllerRevision",
          "daemonsets            ds           apps/v1      true         DaemonSet",
          "deployments           deploy       apps/v1      true         Deployment",
          "replicasets           rs           apps/v1      true         ReplicaSet",
          "statefulsets          sts          apps/v1      true         StatefulSet",
          "",
        ].join("\n"),
      },
    ],
  },
  {
    name: "get ns shows the kubeadm namespaces Active",
    steps: [
      {
        args: ["get", "ns"],
        stdout: `${NS_HEADER}default           Active   0s\nkube-node-lease   Active   0s\nkube-public       Active   0s\nkube-system       Active   0s\n`,
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
    name: "explain a field (OpenAPI v3)",
    steps: [
      {
        args: ["explain", "deployment.spec.replicas"],
        // 1.30 reworked the template: one more blank line after FIELD
        stdout: {
          default: "GROUP:      apps\nKIND:       Deployment\nVERSION:    v1\n\nFIELD: replicas <integer>\n\n\nDESCRIPTION:\n    Number of desired pods. This is a pointer to distinguish between explicit\n    zero and not specified. Defaults to 1.\n    \n\n",
          "<=1.29": "GROUP:      apps\nKIND:       Deployment\nVERSION:    v1\n\nFIELD: replicas <integer>\n\nDESCRIPTION:\n    Number of desired pods. This is a pointer to distinguish between explicit\n    zero and not specified. Defaults to 1.\n    \n\n",
        },
      },
    ],
  },
  {
    name: "create -f twice: created, then AlreadyExists",
    namespace: "c-create",
    files: { "create.yaml": deployment("created", 2) },
    steps: [
      { args: ["create", "-f", "create.yaml"], stdout: "deployment.apps/created created\n" },
      { args: ["create", "-f", "create.yaml"], code: 1, stderr: 'Error from server (AlreadyExists): error when creating "create.yaml": deployments.apps "created" already exists\n' },
    ],
  },
  {
    name: "apply: created, unchanged, configured",
    namespace: "c-apply",
    files: { "apply.yaml": deployment("applied", 2), "apply-edited.yaml": deployment("applied", 3) },
    steps: [
      { args: ["apply", "-f", "apply.yaml"], stdout: "deployment.apps/applied created\n" },
      { args: ["apply", "-f", "apply.yaml"], stdout: "deployment.apps/applied unchanged\n" },
      { args: ["apply", "-f", "apply-edited.yaml"], stdout: "deployment.apps/applied configured\n" },
      { args: ["get", "deploy", "applied", "-o", "jsonpath={.spec.replicas} {.metadata.generation}"], stdout: "3 2" },
    ],
  },
  {
    name: "server-side apply: a conflict, then --force-conflicts",
    namespace: "c-ssa",
    files: { "ssa.yaml": deployment("ssa", 2) },
    steps: [
      { args: ["apply", "--server-side", "-f", "ssa.yaml"], stdout: "deployment.apps/ssa serverside-applied\n" },
      { args: ["patch", "deploy", "ssa", "--type=merge", "-p", '{"spec":{"replicas":5}}'], stdout: "deployment.apps/ssa patched\n" },
      {
        args: ["apply", "--server-side", "-f", "ssa.yaml"],
        code: 1,
        stderr: `error: Apply failed with 1 conflict: conflict with "kubectl-patch" using apps/v1: .spec.replicas\n${SSA_CONFLICT_ADVICE}`,
      },
      { args: ["apply", "--server-side", "--force-conflicts", "-f", "ssa.yaml"], stdout: "deployment.apps/ssa serverside-applied\n" },
      {
        args: ["get", "deploy", "ssa", "-o", "jsonpath={.spec.replicas}{range .metadata.managedFields[*]} {.manager}/{.operation}{end}"],
        stdout: "2 kubectl/Apply",
      },
    ],
  },
  {
    name: "get pod nope is NotFound",
    namespace: "c-notfound",
    steps: [
      { args: ["get", "pod", "nope"], code: 1, stdout: "", stderr: 'Error from server (NotFound): pods "nope" not found\n' },
      { args: ["get", "pods"], stdout: "", stderr: "No resources found in c-notfound namespace.\n" },
    ],
  },
  {
    name: "get foos is an unknown resource type",
    steps: [{ args: ["get", "foos"], code: 1, stderr: 'error: the server doesn\'t have a resource type "foos"\n' }],
  },
  {
    name: "invalid replicas are rejected with the field error",
    namespace: "c-invalid",
    files: { "bad.yaml": deployment("bad", -1) },
    steps: [{ args: ["apply", "-f", "bad.yaml"], code: 1, stderr: 'The Deployment "bad" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0\n' }],
  },
  {
    name: "an unknown field is a strict decoding error",
    namespace: "c-strict",
    files: { "unknown-field.yaml": deployment("unk", 2, "  foo: bar\n") },
    steps: [
      { args: ["apply", "-f", "unknown-field.yaml"], code: 1, stderr: 'Error from server (BadRequest): error when creating "unknown-field.yaml": strict decoding error: unknown field "spec.foo"\n' },
      { args: ["get", "deploy", "unk"], code: 1, stderr: 'Error from server (NotFound): deployments.apps "unk" not found\n' },
    ],
  },
  {
    name: "create configmap, secret and namespace (protobuf bodies on 1.32+)",
    namespace: "c-literal",
    steps: [
      { args: ["create", "configmap", "cm1", "--from-literal=a=b"], stdout: "configmap/cm1 created\n" },
      { args: ["create", "secret", "generic", "s1", "--from-literal=a=b"], stdout: "secret/s1 created\n" },
      { args: ["get", "configmap/cm1", "secret/s1", "-o", "jsonpath={.items[*].data.a}"], stdout: "b Yg==" },
      { args: ["create", "namespace", "c-literal-ns1"], stdout: "namespace/c-literal-ns1 created\n" },
    ],
  },
  {
    name: "run creates a Pending pod",
    namespace: "c-run",
    steps: [
      { args: ["run", "nginx", "--image=nginx"], stdout: "pod/nginx created\n" },
      { args: ["get", "pods"], stdout: "NAME    READY   STATUS    RESTARTS   AGE\nnginx   0/1     Pending   0          0s\n" },
      {
        args: ["get", "pods", "-o", "wide"],
        stdout: "NAME    READY   STATUS    RESTARTS   AGE   IP       NODE     NOMINATED NODE   READINESS GATES\nnginx   0/1     Pending   0          0s    <none>   <none>   <none>           <none>\n",
      },
      { args: ["get", "pod", "nginx", "-o", "jsonpath={.spec.serviceAccountName} {.spec.tolerations[0].tolerationSeconds}"], stdout: "default 300" },
    ],
  },
  {
    name: "label and annotate",
    namespace: "c-label",
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
    namespace: "c-scale",
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
    namespace: "c-patch",
    files: { "patch.yaml": deployment("pat", 2) },
    steps: [
      { args: ["apply", "-f", "patch.yaml"], stdout: "deployment.apps/pat created\n" },
      { args: ["patch", "deploy", "pat", "--type=json", "-p", '[{"op":"replace","path":"/spec/replicas","value":4}]'], stdout: "deployment.apps/pat patched\n" },
      { args: ["patch", "deploy", "pat", "--type=merge", "-p", '{"spec":{"replicas":2}}'], stdout: "deployment.apps/pat patched\n" },
      { args: ["patch", "deploy", "pat", "-p", '{"spec":{"template":{"spec":{"containers":[{"name":"sidecar","image":"busybox"}]}}}}'], stdout: "deployment.apps/pat patched\n" },
      {
        args: ["get", "deploy", "pat", "-o", "jsonpath={.spec.replicas} {.spec.template.spec.containers[*].name} {.metadata.generation}"],
        stdout: "2 sidecar nginx 4",
      },
    ],
  },
  {
    name: "get -o json, yaml, name and jsonpath",
    namespace: "c-output",
    files: { "out.yaml": deployment("out", 2) },
    steps: [
      { args: ["apply", "-f", "out.yaml"], stdout: "deployment.apps/out created\n" },
      { args: ["get", "deploy", "out", "-o", "jsonpath={.metadata.name}:{.spec.template.spec.containers[0].image}"], stdout: "out:nginx:1.25" },
      { args: ["get", "deploy", "out", "-o", "yaml"], stdout: /^apiVersion: apps\/v1\nkind: Deployment\nmetadata:\n(.*\n)* {2}generation: 1\n(.*\n)* {2}name: out\n {2}namespace: c-output\n {2}resourceVersion: "\d+"\n {2}uid: [0-9a-f-]{36}\nspec:\n(.*\n)*status: \{\}\n$/ },
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
    namespace: "c-authz",
    steps: [
      { args: ["auth", "can-i", "create", "pods"], stdout: "yes\n" },
      { args: ["auth", "can-i", "delete", "nodes", "--all-namespaces"], stdout: "yes\n" },
    ],
  },
  {
    name: "get -w prints the header once, then streamed rows, and stays open",
    namespace: "c-watch",
    steps: [{ args: ["run", "w1", "--image=nginx"], stdout: "pod/w1 created\n" }],
    async run(_c, _version, s) {
      const watch = s.background(["get", "pods", "-w"]);
      await watch.waitFor(/^NAME +READY +STATUS +RESTARTS +AGE\n(.*\n)*w1 +0\/1 +Pending +0 +0s\n/);
      const created = await s.kubectl(["run", "w2", "--image=nginx", "--labels=app=w2"]);
      if (created.stdout !== "pod/w2 created\n") throw new Error(`run w2: ${created.stdout}${created.stderr}`);
      await watch.waitFor(/\nw2 +0\/1 +Pending +0 +0s\n/);
      const lines = watch.stdout().trimEnd().split("\n");
      const headers = lines.filter((l) => l.startsWith("NAME "));
      if (headers.length !== 1) throw new Error(`expected one header, got:\n${watch.stdout()}`);
      // still streaming: the deletion arrives as one more row
      const deleted = await s.kubectl(["delete", "pod", "w2"]);
      if (deleted.stdout !== 'pod "w2" deleted\n') throw new Error(`delete w2: ${deleted.stdout}${deleted.stderr}`);
      await watch.waitFor(/\nw2 +0\/1 +Pending +0 +0s\n(.*\n)*w2 +0\/1 +Pending +0 +0s\n/);
      await watch.stop();
    },
  },
  {
    name: "get pods -A, --show-labels, -L and --sort-by",
    namespace: "c-sort",
    steps: [
      { args: ["run", "sort-b", "--image=nginx", "--labels=app=c-sort,tier=b"], stdout: "pod/sort-b created\n" },
      { args: ["run", "sort-a", "--image=nginx", "--labels=app=c-sort,tier=a"], stdout: "pod/sort-a created\n" },
      { args: ["get", "pods", "--sort-by=.metadata.name", "-o", "name"], stdout: "pod/sort-a\npod/sort-b\n" },
      { args: ["get", "pods", "--show-labels"], stdout: "NAME     READY   STATUS    RESTARTS   AGE   LABELS\nsort-a   0/1     Pending   0          0s    app=c-sort,tier=a\nsort-b   0/1     Pending   0          0s    app=c-sort,tier=b\n" },
      { args: ["get", "pods", "-A", "-l", "app=c-sort"], stdout: "NAMESPACE   NAME     READY   STATUS    RESTARTS   AGE\nc-sort      sort-a   0/1     Pending   0          0s\nc-sort      sort-b   0/1     Pending   0          0s\n" },
    ],
  },
  {
    name: "create deployment (protobuf on 1.32+)",
    namespace: "c-deploy",
    steps: [
      { args: ["create", "deployment", "web2", "--image=nginx", "--replicas=2"], stdout: "deployment.apps/web2 created\n" },
      { args: ["get", "deploy", "web2", "-o", "jsonpath={.spec.replicas} {.spec.template.spec.containers[0].image}"], stdout: "2 nginx" },
    ],
  },
  {
    name: "diff shows the change, exits 1 and persists nothing",
    namespace: "c-diff",
    files: { "diff.yaml": deployment("dif", 2), "diff-changed.yaml": deployment("dif", 5) },
    steps: [
      { args: ["apply", "-f", "diff.yaml"], stdout: "deployment.apps/dif created\n" },
      { args: ["diff", "-f", "diff.yaml"], stdout: "" },
      {
        args: ["diff", "-f", "diff-changed.yaml"],
        code: 1,
        stdout: /^diff -u -N \/tmp\/LIVE-\d+\/apps\.v1\.Deployment\.c-diff\.dif \/tmp\/MERGED-\d+\/apps\.v1\.Deployment\.c-diff\.dif\n--- \/tmp\/LIVE-.*\n\+\+\+ \/tmp\/MERGED-.*\n@@ -5,14 \+5,14 @@\n {5}kubectl\.kubernetes\.io\/last-applied-configuration: \|\n {7}\{.*"replicas":2,.*\n {3}creationTimestamp: "2026-01-01T12:00:00Z"\n- {2}generation: 1\n\+ {2}generation: 2\n {3}name: dif\n {3}namespace: c-diff\n {3}resourceVersion: "\d+"\n {3}uid: [0-9a-f-]{36}\n spec:\n {3}progressDeadlineSeconds: 600\n- {2}replicas: 2\n\+ {2}replicas: 5\n {3}revisionHistoryLimit: 10\n {3}selector:\n {5}matchLabels:\n$/,
      },
      { args: ["get", "deploy", "dif", "-o", "jsonpath={.spec.replicas} {.metadata.generation}"], stdout: "2 1" },
    ],
  },
];

export const scenarios: Scenario[] = [
  ...coreScenarios.map((s) => ({ ...s, core: true })),
  {
    name: "auth whoami",
    steps: [{ args: ["auth", "whoami"], stdout: "ATTRIBUTE   VALUE\nUsername    kubernetes-admin\nGroups      [kubeadm:cluster-admins system:authenticated]\n" }],
  },
  {
    name: "logs of a pod that is not scheduled yet",
    namespace: "x-logs",
    steps: [
      { args: ["run", "logpod", "--image=nginx"], stdout: "pod/logpod created\n" },
      { args: ["logs", "logpod"], stdout: "" },
    ],
  },
  {
    name: "force-deleting a pod warns and deletes",
    namespace: "x-force",
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
  {
    name: "delete, and --ignore-not-found",
    namespace: "x-delete",
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
    name: "get -L and custom-columns with --sort-by",
    namespace: "x-columns",
    steps: [
      { args: ["run", "col-b", "--image=nginx", "--labels=tier=b"], stdout: "pod/col-b created\n" },
      { args: ["run", "col-a", "--image=nginx", "--labels=tier=a"], stdout: "pod/col-a created\n" },
      { args: ["get", "pods", "-L", "tier"], stdout: "NAME    READY   STATUS    RESTARTS   AGE   TIER\ncol-a   0/1     Pending   0          0s    a\ncol-b   0/1     Pending   0          0s    b\n" },
      { args: ["get", "pods", "--sort-by=.metadata.labels.tier", "-o", "custom-columns=N:.metadata.name,T:.metadata.labels.tier"], stdout: "N       T\ncol-a   a\ncol-b   b\n" },
    ],
  },
  {
    name: "delete a namespace and its content; kube-system may not be deleted",
    namespace: "x-namespaces",
    steps: [
      { args: ["create", "namespace", "x-namespaces-doomed"], stdout: "namespace/x-namespaces-doomed created\n" },
      { args: ["create", "configmap", "c", "-n", "x-namespaces-doomed", "--from-literal=a=b"], stdout: "configmap/c created\n" },
      { args: ["delete", "namespace", "x-namespaces-doomed"], stdout: 'namespace "x-namespaces-doomed" deleted\n' },
      { args: ["get", "namespace", "x-namespaces-doomed"], code: 1, stderr: 'Error from server (NotFound): namespaces "x-namespaces-doomed" not found\n' },
      { args: ["delete", "namespace", "kube-system"], code: 1, stderr: 'Error from server (Forbidden): namespaces "kube-system" is forbidden: this namespace may not be deleted\n' },
    ],
  },
  {
    name: "server-side apply: idempotent, and a conflict between two appliers",
    namespace: "x-ssa",
    files: { "ssa.yaml": deployment("ssa", 2), "ssa-4.yaml": deployment("ssa", 4) },
    steps: [
      { args: ["apply", "--server-side", "-f", "ssa.yaml"], stdout: "deployment.apps/ssa serverside-applied\n" },
      { args: ["apply", "--server-side", "-f", "ssa.yaml"], stdout: "deployment.apps/ssa serverside-applied\n" },
      { args: ["get", "deploy", "ssa", "-o", "jsonpath={.metadata.generation}"], stdout: "1" },
      {
        args: ["apply", "--server-side", "--field-manager=other", "-f", "ssa-4.yaml"],
        code: 1,
        stderr: `error: Apply failed with 1 conflict: conflict with "kubectl": .spec.replicas\n${SSA_CONFLICT_ADVICE}`,
      },
      { args: ["apply", "--server-side", "--field-manager=other", "-f", "ssa.yaml"], stdout: "deployment.apps/ssa serverside-applied\n" },
      {
        args: ["get", "deploy", "ssa", "-o", "jsonpath={.spec.replicas}{range .metadata.managedFields[*]} {.manager}/{.operation}{end}"],
        // "other" changed nothing, so upstream's managedFieldsUpdater stamps no time on its entry,
        // and sortEncodedManagedFields puts the time-less entry first
        stdout: "2 other/Apply kubectl/Apply",
      },
    ],
  },
  ...readScenarios,
  ...writeScenarios,
  ...errorScenarios,
];
