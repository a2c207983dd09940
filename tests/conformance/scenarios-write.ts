/**
 * Writing scenarios (kubectl 1.33): replace, label/annotate edge cases, set image/env, rollout
 * pause/resume/restart, multi-document and directory manifests, delete -f and -l, wait, dry runs,
 * finalizers, and the create generators.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Scenario } from "./scenario";
import { configMap, deployment } from "./fixtures";

export const writeScenarios: Scenario[] = [
  {
    name: "replace: succeeds, then a stale resourceVersion is a Conflict",
    namespace: "w-replace",
    files: { "d.yaml": deployment("rep", 1) },
    steps: [
      { args: ["create", "-f", "d.yaml"], stdout: "deployment.apps/rep created\n" },
      { args: ["replace", "-f", "d.yaml"], stdout: "deployment.apps/rep replaced\n" },
    ],
    async run(_c, _v, s) {
      const live = await s.kubectl(["get", "deploy", "rep", "-o", "yaml"]);
      writeFileSync(join(s.dir, "live.yaml"), live.stdout);
      const scaled = await s.kubectl(["scale", "deploy", "rep", "--replicas=3"]);
      if (scaled.stdout !== "deployment.apps/rep scaled\n") throw new Error(`scale: ${scaled.stdout}${scaled.stderr}`);
      const stale = await s.kubectl(["replace", "-f", "live.yaml"]);
      const want = 'Error from server (Conflict): error when replacing "live.yaml": Operation cannot be fulfilled on deployments.apps "rep": the object has been modified; please apply your changes to the latest version and try again\n';
      if (stale.code !== 1 || stale.stderr !== want) throw new Error(`stale replace: exit ${stale.code}\n${stale.stdout}${stale.stderr}`);
      const forced = await s.kubectl(["replace", "--force", "-f", "d.yaml"]);
      if (forced.stdout !== 'deployment.apps "rep" deleted\ndeployment.apps/rep replaced\n') throw new Error(`replace --force: ${forced.stdout}${forced.stderr}`);
      const after = await s.kubectl(["get", "deploy", "rep", "-o", "jsonpath={.spec.replicas} {.metadata.generation}"]);
      if (after.stdout !== "1 1") throw new Error(`after replace --force: ${after.stdout}${after.stderr}`);
    },
  },
  {
    name: "label: --overwrite is needed to change a label, and a label can be removed",
    namespace: "w-label",
    steps: [
      { args: ["create", "configmap", "l", "--from-literal=a=1"], stdout: "configmap/l created\n" },
      { args: ["label", "configmap", "l", "app=x"], stdout: "configmap/l labeled\n" },
      { args: ["label", "configmap", "l", "app=y"], code: 1, stderr: "error: 'app' already has a value (x), and --overwrite is false\n" },
      // the same value is no conflict: kubectl sends nothing
      { args: ["label", "configmap", "l", "app=x"], stdout: "configmap/l not labeled\n" },
      { args: ["label", "configmap", "l", "app=y", "--overwrite"], stdout: "configmap/l labeled\n" },
      { args: ["get", "configmap", "l", "--show-labels"], stdout: "NAME   DATA   AGE   LABELS\nl      1      0s    app=y\n" },
      { args: ["label", "configmap", "l", "app-"], stdout: "configmap/l unlabeled\n" },
      {
        args: ["label", "configmap", "l", "Bad Key=1"],
        code: 1,
        stderr: "The ConfigMap \"l\" is invalid: metadata.labels: Invalid value: \"Bad Key\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')\n",
      },
      // an emptied label map is not serialized (omitempty), as upstream
      {
        args: ["get", "configmap", "l", "-o", "json"],
        check: (r) => {
          const meta = (JSON.parse(r.stdout) as { metadata: Record<string, unknown> }).metadata;
          if ("labels" in meta) throw new Error(`metadata.labels should be gone: ${JSON.stringify(meta)}`);
        },
      },
      // kubectl checks label values itself; a patch leaves it to the server
      { args: ["label", "configmap", "l", "v=-x-"], code: 1, stderr: /^error: invalid label value: "v=-x-": a valid label must be an empty string/ },
      { args: ["patch", "configmap", "l", "--type=merge", "-p", '{"metadata":{"labels":{"v":"-x-"}}}'], code: 1, stderr: /^The ConfigMap "l" is invalid: metadata\.labels: Invalid value: "-x-": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '\.', and must start and end with an alphanumeric character \(e\.g\. 'MyValue', {2}or 'my_value', {2}or '12345', regex used for validation is '\(\(\[A-Za-z0-9\]\[-A-Za-z0-9_\.\]\*\)\?\[A-Za-z0-9\]\)\?'\)\n$/ },
    ],
  },
  {
    name: "annotate: --overwrite, removal and a multi-line value",
    namespace: "w-annotate",
    steps: [
      { args: ["create", "configmap", "a", "--from-literal=a=1"], stdout: "configmap/a created\n" },
      { args: ["annotate", "configmap", "a", "note=first"], stdout: "configmap/a annotated\n" },
      { args: ["annotate", "configmap", "a", "note=second"], code: 1, stderr: "error: --overwrite is false but found the following declared annotation(s): 'note' already has a value (first)\n" },
      { args: ["annotate", "configmap", "a", "note=second", "--overwrite"], stdout: "configmap/a annotated\n" },
      { args: ["get", "configmap", "a", "-o", "jsonpath={.metadata.annotations.note}"], stdout: "second" },
      { args: ["annotate", "configmap", "a", "note-"], stdout: "configmap/a annotated\n" },
      { args: ["get", "configmap", "a", "-o", "jsonpath={.metadata.annotations}"], stdout: "" },
    ],
  },
  {
    name: "set image and set env change the pod template (generation bumps)",
    namespace: "w-set",
    files: { "d.yaml": deployment("web", 1) },
    steps: [
      { args: ["apply", "-f", "d.yaml"], stdout: "deployment.apps/web created\n" },
      { args: ["set", "image", "deployment/web", "nginx=nginx:1.26"], stdout: "deployment.apps/web image updated\n" },
      { args: ["set", "image", "deployment/web", "nginx=nginx:1.26"], stdout: "" },
      { args: ["set", "image", "deployment/web", "nope=nginx:1.27"], code: 1, stderr: 'error: unable to find container named "nope"\n' },
      { args: ["set", "env", "deployment/web", "MODE=fast"], stdout: "deployment.apps/web env updated\n" },
      {
        args: ["get", "deploy", "web", "-o", "jsonpath={.spec.template.spec.containers[0].image} {.spec.template.spec.containers[0].env[0].name}={.spec.template.spec.containers[0].env[0].value} {.metadata.generation}"],
        stdout: "nginx:1.26 MODE=fast 3",
      },
    ],
  },
  {
    name: "rollout pause, resume and restart",
    namespace: "w-rollout",
    files: { "d.yaml": deployment("web", 1) },
    steps: [
      { args: ["apply", "-f", "d.yaml"], stdout: "deployment.apps/web created\n" },
      { args: ["rollout", "pause", "deployment/web"], stdout: "deployment.apps/web paused\n" },
      { args: ["rollout", "pause", "deployment/web"], code: 1, stderr: 'error: deployments.apps "web" is already paused\n' },
      { args: ["rollout", "resume", "deployment/web"], stdout: "deployment.apps/web resumed\n" },
      { args: ["rollout", "restart", "deployment/web"], stdout: "deployment.apps/web restarted\n" },
      { args: ["get", "deploy", "web", "-o", "jsonpath={.spec.paused} {.metadata.generation}"], stdout: " 4" },
      { args: ["get", "deploy", "web", "-o", "jsonpath={.spec.template.metadata.annotations}"], stdout: /^\{"kubectl\.kubernetes\.io\/restartedAt":"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ"\}$/ },
    ],
  },
  {
    name: "apply -f a multi-document file, then delete -f it",
    namespace: "w-multidoc",
    files: {
      "all.yaml": `${configMap("one")}---\n${configMap("two", { x: "y" })}---\n${deployment("three", 1)}`,
    },
    steps: [
      { args: ["apply", "-f", "all.yaml"], stdout: "configmap/one created\nconfigmap/two created\ndeployment.apps/three created\n" },
      { args: ["apply", "-f", "all.yaml"], stdout: "configmap/one unchanged\nconfigmap/two unchanged\ndeployment.apps/three unchanged\n" },
      { args: ["get", "-f", "all.yaml", "-o", "name"], stdout: "configmap/one\nconfigmap/two\ndeployment.apps/three\n" },
      { args: ["delete", "-f", "all.yaml"], stdout: 'configmap "one" deleted\nconfigmap "two" deleted\ndeployment.apps "three" deleted\n' },
      { args: ["delete", "-f", "all.yaml"], code: 1, stderr: 'Error from server (NotFound): error when deleting "all.yaml": configmaps "one" not found\nError from server (NotFound): error when deleting "all.yaml": configmaps "two" not found\nError from server (NotFound): error when deleting "all.yaml": deployments.apps "three" not found\n' },
      { args: ["delete", "-f", "all.yaml", "--ignore-not-found"], stdout: "" },
    ],
  },
  {
    name: "create -f a directory",
    namespace: "w-dir",
    files: {
      "manifests/a-cm.yaml": configMap("dir-a"),
      "manifests/b-cm.yml": configMap("dir-b"),
      "manifests/c-deploy.json": JSON.stringify({ apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "dir-c" }, spec: { selector: { matchLabels: { app: "c" } }, template: { metadata: { labels: { app: "c" } }, spec: { containers: [{ name: "c", image: "nginx" }] } } } }),
      "manifests/notes.txt": "not a manifest",
    },
    steps: [
      { args: ["create", "-f", "manifests"], stdout: "configmap/dir-a created\nconfigmap/dir-b created\ndeployment.apps/dir-c created\n" },
      { args: ["get", "deploy", "dir-c", "-o", "jsonpath={.spec.replicas}"], stdout: "1" },
      { args: ["delete", "-f", "manifests"], stdout: 'configmap "dir-a" deleted\nconfigmap "dir-b" deleted\ndeployment.apps "dir-c" deleted\n' },
    ],
  },
  {
    name: "delete by label selector and --all",
    namespace: "w-delete-selector",
    steps: [
      { args: ["create", "configmap", "d1", "--from-literal=a=1"], stdout: "configmap/d1 created\n" },
      { args: ["create", "configmap", "d2", "--from-literal=a=1"], stdout: "configmap/d2 created\n" },
      { args: ["create", "configmap", "d3", "--from-literal=a=1"], stdout: "configmap/d3 created\n" },
      { args: ["label", "configmap", "d1", "d2", "group=g"], stdout: "configmap/d1 labeled\nconfigmap/d2 labeled\n" },
      { args: ["delete", "configmap", "-l", "group=g"], stdout: 'configmap "d1" deleted\nconfigmap "d2" deleted\n' },
      { args: ["delete", "configmap", "-l", "group=g"], stdout: "No resources found\n" },
      { args: ["get", "configmap", "-o", "name"], stdout: "configmap/d3\nconfigmap/kube-root-ca.crt\n" },
    ],
  },
  {
    name: "wait --for=delete returns when the object goes away",
    namespace: "w-wait",
    steps: [{ args: ["create", "configmap", "doomed", "--from-literal=a=1"], stdout: "configmap/doomed created\n" }],
    async run(c, _v, s) {
      const waiter = s.background(["wait", "--for=delete", "configmap/doomed", "--timeout=60s"]);
      // delete only once the waiter watches, so it sees the object go away
      await c.watchStarted("/api/v1/namespaces/w-wait/configmaps");
      const deleted = await s.kubectl(["delete", "configmap", "doomed", "--wait=false"]);
      if (deleted.stdout !== 'configmap "doomed" deleted\n') throw new Error(`delete: ${deleted.stdout}${deleted.stderr}`);
      await waiter.waitFor(/^configmap\/doomed condition met\n$/);
      if ((await waiter.exited) !== 0) throw new Error(`wait exited non-zero: ${waiter.stderr()}`);
      const again = await s.kubectl(["wait", "--for=delete", "configmap/doomed", "--timeout=5s"]);
      if (again.code !== 0 || again.stdout !== "") throw new Error(`wait on a missing object: exit ${again.code}\n${again.stdout}${again.stderr}`);
    },
  },
  {
    name: "server and client dry runs persist nothing",
    namespace: "w-dryrun",
    files: { "d.yaml": deployment("dry", 2), "d5.yaml": deployment("dry", 5) },
    steps: [
      { args: ["apply", "-f", "d.yaml", "--dry-run=server"], stdout: "deployment.apps/dry created (server dry run)\n" },
      { args: ["get", "deploy", "dry"], code: 1, stderr: 'Error from server (NotFound): deployments.apps "dry" not found\n' },
      { args: ["apply", "-f", "d.yaml"], stdout: "deployment.apps/dry created\n" },
      { args: ["apply", "-f", "d5.yaml", "--dry-run=server"], stdout: "deployment.apps/dry configured (server dry run)\n" },
      { args: ["scale", "deploy", "dry", "--replicas=7", "--dry-run=server"], stdout: "deployment.apps/dry scaled (server dry run)\n" },
      { args: ["delete", "deploy", "dry", "--dry-run=server"], stdout: 'deployment.apps "dry" deleted (server dry run)\n' },
      { args: ["get", "deploy", "dry", "-o", "jsonpath={.spec.replicas} {.metadata.generation}"], stdout: "2 1" },
      { args: ["create", "configmap", "cdry", "--from-literal=k=v", "--dry-run=client", "-o", "yaml"], stdout: "apiVersion: v1\ndata:\n  k: v\nkind: ConfigMap\nmetadata:\n  creationTimestamp: null\n  name: cdry\n" },
      {
        args: ["create", "configmap", "sdry", "--from-literal=k=v", "--dry-run=server", "-o", "jsonpath={.metadata.namespace} {.metadata.creationTimestamp} {.metadata.uid}"],
        stdout: /^w-dryrun 2026-01-01T12:00:00Z [0-9a-f-]{36}$/,
      },
      { args: ["get", "configmap", "sdry"], code: 1, stderr: 'Error from server (NotFound): configmaps "sdry" not found\n' },
    ],
  },
  {
    name: "a finalizer holds a deleted object until it is removed",
    namespace: "w-finalizer",
    files: { "f.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: held\n  finalizers:\n  - example.com/hold\ndata:\n  a: b\n" },
    steps: [
      { args: ["create", "-f", "f.yaml"], stdout: "configmap/held created\n" },
      { args: ["delete", "configmap", "held", "--wait=false"], stdout: 'configmap "held" deleted\n' },
      { args: ["get", "configmap", "held", "-o", "jsonpath={.metadata.deletionTimestamp} {.metadata.finalizers}"], stdout: '2026-01-01T12:00:00Z ["example.com/hold"]' },
      { args: ["label", "configmap", "held", "still=here"], stdout: "configmap/held labeled\n" },
      { args: ["patch", "configmap", "held", "--type=merge", "-p", '{"data":{"a":"c"}}'], stdout: "configmap/held patched\n" },
      { args: ["patch", "configmap", "held", "--type=json", "-p", '[{"op":"remove","path":"/metadata/finalizers"}]'], stdout: "configmap/held patched\n" },
      { args: ["get", "configmap", "held"], code: 1, stderr: 'Error from server (NotFound): configmaps "held" not found\n' },
    ],
  },
  {
    name: "create generators: job, cronjob, service, expose and autoscale",
    namespace: "w-generators",
    files: { "d.yaml": deployment("web", 1) },
    steps: [
      { args: ["create", "job", "once", "--image=busybox", "--", "echo", "hi"], stdout: "job.batch/once created\n" },
      { args: ["create", "cronjob", "tick", "--image=busybox", "--schedule=*/5 * * * *", "--", "date"], stdout: "cronjob.batch/tick created\n" },
      { args: ["get", "cronjob", "tick"], stdout: "NAME   SCHEDULE      TIMEZONE   SUSPEND   ACTIVE   LAST SCHEDULE   AGE\ntick   */5 * * * *   <none>     False     0        <none>          0s\n" },
      { args: ["get", "job", "once", "-o", "jsonpath={.spec.template.spec.restartPolicy} {.spec.backoffLimit} {.spec.completions}"], stdout: "Never 6 1" },
      { args: ["apply", "-f", "d.yaml"], stdout: "deployment.apps/web created\n" },
      { args: ["expose", "deployment", "web", "--port=80", "--target-port=8080"], stdout: "service/web exposed\n" },
      { args: ["get", "svc", "web"], stdout: /^NAME +TYPE +CLUSTER-IP +EXTERNAL-IP +PORT\(S\) +AGE\nweb +ClusterIP +10\.(9[6-9]|1[01]\d)\.\d+\.\d+ +<none> +80\/TCP +0s\n$/ },
      { args: ["get", "svc", "web", "-o", "jsonpath={.spec.selector.app} {.spec.ports[0].targetPort} {.spec.ports[0].protocol}"], stdout: "web 8080 TCP" },
      { args: ["create", "service", "nodeport", "np", "--tcp=80:8080"], stdout: "service/np created\n" },
      { args: ["get", "svc", "np", "-o", "jsonpath={.spec.type} {.spec.ports[0].nodePort}"], stdout: /^NodePort 3\d{4}$/ },
      // kubectl 1.33 sends an autoscaling/v2 HorizontalPodAutoscaler as protobuf
      { args: ["autoscale", "deployment", "web", "--min=1", "--max=3", "--cpu-percent=50"], stdout: "horizontalpodautoscaler.autoscaling/web autoscaled\n" },
      { args: ["get", "hpa", "web", "-o", "jsonpath={.spec.maxReplicas} {.spec.scaleTargetRef.name} {.spec.metrics[0].resource.target.averageUtilization}"], stdout: "3 web 50" },
      { args: ["get", "hpa", "web"], stdout: "NAME   REFERENCE        TARGETS              MINPODS   MAXPODS   REPLICAS   AGE\nweb    Deployment/web   cpu: <unknown>/50%   1         3         0          0s\n" },
    ],
  },
  {
    name: "a ResourceQuota rejects the pod over the limit",
    namespace: "w-quota",
    steps: [
      { args: ["create", "quota", "pods", "--hard=pods=1"], stdout: "resourcequota/pods created\n" },
      { args: ["run", "p1", "--image=nginx"], stdout: "pod/p1 created\n" },
      { args: ["run", "p2", "--image=nginx"], code: 1, stderr: 'Error from server (Forbidden): pods "p2" is forbidden: exceeded quota: pods, requested: pods=1, used: pods=1, limited: pods=1\n' },
    ],
  },
];
