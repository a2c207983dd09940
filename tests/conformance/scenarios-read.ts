/**
 * Reading scenarios (kubectl 1.33): discovery, explain, get in every output format, selectors,
 * describe, cluster-info, get all, rollout history. Outputs are what kubectl 1.33 prints against a
 * kubeadm 1.33 cluster with no controllers running (pods stay Pending, no ReplicaSets).
 */
import type { Scenario } from "./scenario";
import { deployment } from "./fixtures";

const DESCRIBE_NODE_HEAD = [
  "Name:               control-plane",
  "Roles:              control-plane",
  "Labels:             beta.kubernetes.io/arch=amd64",
  "                    beta.kubernetes.io/os=linux",
  "                    kubernetes.io/arch=amd64",
  "                    kubernetes.io/hostname=control-plane",
  "                    kubernetes.io/os=linux",
  "                    node-role.kubernetes.io/control-plane=",
  "                    node.kubernetes.io/exclude-from-external-load-balancers=",
  "Annotations:        kubeadm.alpha.kubernetes.io/cri-socket: unix:///run/containerd/containerd.sock",
  "                    node.alpha.kubernetes.io/ttl: 0",
  "                    volumes.kubernetes.io/controller-managed-attach-detach: true",
  "CreationTimestamp:  Thu, 01 Jan 2026 12:00:00 +0000",
  "Taints:             node-role.kubernetes.io/control-plane:NoSchedule",
  "Unschedulable:      false",
  "",
].join("\n");

export const readScenarios: Scenario[] = [
  {
    name: "api-resources -o wide and -o name",
    steps: [
      {
        args: ["api-resources", "--api-group=batch", "-o", "wide"],
        stdout: [
          "NAME       SHORTNAMES   APIVERSION   NAMESPACED   KIND      VERBS                                                        CATEGORIES",
          "cronjobs   cj           batch/v1     true         CronJob   create,delete,deletecollection,get,list,patch,update,watch   all",
          "jobs                    batch/v1     true         Job       create,delete,deletecollection,get,list,patch,update,watch   all",
          "",
        ].join("\n"),
      },
      { args: ["api-resources", "--api-group=apps", "-o", "name"], stdout: "controllerrevisions.apps\ndaemonsets.apps\ndeployments.apps\nreplicasets.apps\nstatefulsets.apps\n" },
      { args: ["api-resources", "--api-group=apps", "--verbs=list", "--namespaced=true", "--no-headers", "-o", "name"], stdout: "controllerrevisions.apps\ndaemonsets.apps\ndeployments.apps\nreplicasets.apps\nstatefulsets.apps\n" },
    ],
  },
  {
    name: "get --raw serves the health endpoints and discovery documents",
    steps: [
      { args: ["get", "--raw", "/healthz"], stdout: "ok" },
      { args: ["get", "--raw", "/livez"], stdout: "ok" },
      { args: ["get", "--raw", "/readyz"], stdout: "ok" },
      {
        args: ["get", "--raw", "/api"],
        check: (r) => {
          const d = JSON.parse(r.stdout) as { kind: string; versions: string[] };
          if (d.kind !== "APIVersions" || d.versions.join() !== "v1") throw new Error(`unexpected /api: ${r.stdout}`);
        },
      },
      {
        args: ["get", "--raw", "/apis/apps/v1"],
        check: (r) => {
          const d = JSON.parse(r.stdout) as { kind: string; groupVersion: string; resources: { name: string }[] };
          const names = d.resources.map((x) => x.name);
          if (d.kind !== "APIResourceList" || d.groupVersion !== "apps/v1" || !names.includes("deployments/scale")) throw new Error(`unexpected /apis/apps/v1: ${r.stdout}`);
        },
      },
    ],
  },
  {
    name: "explain a kind and a nested field with enum values",
    steps: [
      {
        args: ["explain", "deployment.spec.strategy.type"],
        stdout: [
          "GROUP:      apps",
          "KIND:       Deployment",
          "VERSION:    v1",
          "",
          "FIELD: type <string>",
          "ENUM:",
          "    Recreate",
          "    RollingUpdate",
          "",
          "DESCRIPTION:",
          '    Type of deployment. Can be "Recreate" or "RollingUpdate". Default is',
          "    RollingUpdate.",
          "    ",
          "    Possible enum values:",
          '     - `"Recreate"` Kill all existing pods before creating new ones.',
          '     - `"RollingUpdate"` Replace the old ReplicaSets by new one using rolling',
          "    update i.e gradually scale down the old ReplicaSets and scale up the new",
          "    one.",
          "    ",
          "",
          "",
        ].join("\n"),
      },
      { args: ["explain", "pods"], stdout: /^KIND: {7}Pod\nVERSION: {4}v1\n\nDESCRIPTION:\n {4}Pod is a collection of containers that can run on a host\. This resource is\n {4}created by clients and scheduled onto hosts\.\n {4}\nFIELDS:\n {2}apiVersion\t<string>\n(.*\n)* {2}spec\t<PodSpec>\n(.*\n)* {2}status\t<PodStatus>\n/ },
      { args: ["explain", "deployment.spec.foo"], code: 1, stderr: 'error: field "foo" does not exist\n' },
      // explain reports a NoMatch error through cmdutil.CheckErr, which adds no "error: " prefix
      { args: ["explain", "foos"], code: 1, stderr: 'the server doesn\'t have a resource type "foos"\n' },
    ],
  },
  {
    name: "get -o wide and custom-columns on a deployment",
    namespace: "r-wide",
    files: { "wide.yaml": deployment("wide", 2) },
    steps: [
      { args: ["apply", "-f", "wide.yaml"], stdout: "deployment.apps/wide created\n" },
      {
        args: ["get", "deploy", "-o", "wide"],
        stdout: "NAME   READY   UP-TO-DATE   AVAILABLE   AGE   CONTAINERS   IMAGES       SELECTOR\nwide   0/2     0            0           0s    nginx        nginx:1.25   app=wide\n",
      },
      {
        args: ["get", "deploy", "-o", "custom-columns=NAME:.metadata.name,REPLICAS:.spec.replicas,IMAGE:.spec.template.spec.containers[0].image,MISSING:.spec.nothing"],
        stdout: "NAME   REPLICAS   IMAGE        MISSING\nwide   2          nginx:1.25   <none>\n",
      },
      { args: ["get", "deploy", "wide", "--no-headers"], stdout: "wide   0/2   0     0     0s\n" },
      { args: ["get", "deploy", "wide", "-o", "jsonpath={range .spec.template.spec.containers[*]}{.name}={.image}{\"\\n\"}{end}"], stdout: "nginx=nginx:1.25\n" },
      { args: ["get", "deploy", "wide", "-o", "go-template={{.metadata.name}} {{.spec.replicas}}"], stdout: "wide 2" },
    ],
  },
  {
    name: "label selectors: equality, set-based, existence and a bad selector",
    namespace: "r-selectors",
    steps: [
      { args: ["create", "configmap", "red", "--from-literal=a=1"], stdout: "configmap/red created\n" },
      { args: ["create", "configmap", "blue", "--from-literal=a=1"], stdout: "configmap/blue created\n" },
      { args: ["create", "configmap", "plain", "--from-literal=a=1"], stdout: "configmap/plain created\n" },
      { args: ["label", "configmap", "red", "color=red", "size=s"], stdout: "configmap/red labeled\n" },
      { args: ["label", "configmap", "blue", "color=blue"], stdout: "configmap/blue labeled\n" },
      { args: ["get", "cm", "-l", "color=red", "-o", "name"], stdout: "configmap/red\n" },
      { args: ["get", "cm", "-l", "color!=red", "-o", "name"], stdout: "configmap/blue\nconfigmap/kube-root-ca.crt\nconfigmap/plain\n" },
      { args: ["get", "cm", "-l", "color in (red,blue)", "-o", "name"], stdout: "configmap/blue\nconfigmap/red\n" },
      { args: ["get", "cm", "-l", "color notin (red),color", "-o", "name"], stdout: "configmap/blue\n" },
      { args: ["get", "cm", "-l", "!color", "-o", "name"], stdout: "configmap/kube-root-ca.crt\nconfigmap/plain\n" },
      { args: ["get", "cm", "-l", "color=green"], stdout: "", stderr: "No resources found in r-selectors namespace.\n" },
      {
        args: ["get", "cm", "-l", "color in (red"],
        code: 1,
        stderr: 'Error from server (BadRequest): Unable to find "/v1, Resource=configmaps" that match label selector "color in (red", field selector "": unable to parse requirement: found \'\', expected: \',\' or \')\'\n',
      },
      {
        args: ["get", "cm", "-l", "color red"],
        code: 1,
        stderr: 'Error from server (BadRequest): Unable to find "/v1, Resource=configmaps" that match label selector "color red", field selector "": unable to parse requirement: found \'red\', expected: in, notin, =, ==, !=, gt, lt\n',
      },
    ],
  },
  {
    name: "field selectors, and an unsupported field label",
    namespace: "r-fields",
    steps: [
      { args: ["run", "fa", "--image=nginx"], stdout: "pod/fa created\n" },
      { args: ["run", "fb", "--image=nginx"], stdout: "pod/fb created\n" },
      { args: ["get", "pods", "--field-selector", "metadata.name=fb", "-o", "name"], stdout: "pod/fb\n" },
      { args: ["get", "pods", "--field-selector", "status.phase=Pending,metadata.name!=fb", "-o", "name"], stdout: "pod/fa\n" },
      { args: ["get", "pods", "--field-selector", "status.phase=Running"], stdout: "", stderr: "No resources found in r-fields namespace.\n" },
      {
        args: ["get", "pods", "--field-selector", "spec.foo=bar"],
        code: 1,
        stderr: 'Error from server (BadRequest): Unable to find "/v1, Resource=pods" that match label selector "", field selector "spec.foo=bar": field label not supported: spec.foo\n',
      },
    ],
  },
  {
    name: "describe a configmap and a secret",
    namespace: "r-describe-cm",
    steps: [
      // one key: kubectl 1.33 prints the data keys in Go map order
      { args: ["create", "configmap", "settings", "--from-literal=mode=fast"], stdout: "configmap/settings created\n" },
      {
        args: ["describe", "configmap", "settings"],
        stdout: "Name:         settings\nNamespace:    r-describe-cm\nLabels:       <none>\nAnnotations:  <none>\n\nData\n====\nmode:\n----\nfast\n\n\nBinaryData\n====\n\nEvents:  <none>\n",
      },
      { args: ["create", "secret", "generic", "creds", "--from-literal=password=hunter2"], stdout: "secret/creds created\n" },
      { args: ["describe", "secret", "creds"], stdout: "Name:         creds\nNamespace:    r-describe-cm\nLabels:       <none>\nAnnotations:  <none>\n\nType:  Opaque\n\nData\n====\npassword:  7 bytes\n" },
    ],
  },
  {
    name: "describe a namespace",
    namespace: "r-describe-ns",
    steps: [
      {
        args: ["describe", "namespace", "r-describe-ns"],
        stdout: "Name:         r-describe-ns\nLabels:       kubernetes.io/metadata.name=r-describe-ns\nAnnotations:  <none>\nStatus:       Active\n\nNo resource quota.\n\nNo LimitRange resource.\n",
      },
    ],
  },
  {
    name: "describe a node",
    steps: [{ args: ["describe", "node", "control-plane"], stdout: new RegExp(`^${DESCRIBE_NODE_HEAD.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}Lease:\\n  HolderIdentity:  control-plane\\n(.*\\n)*Conditions:\\n(.*\\n)*  Ready            True    .*KubeletReady                 kubelet is posting ready status\\nAddresses:\\n  InternalIP:  172\\.18\\.0\\.2\\n  Hostname:    control-plane\\n(.*\\n)*Events:              <none>\\n$`) }],
  },
  {
    name: "describe a deployment (no ReplicaSets without controllers)",
    namespace: "r-describe-deploy",
    files: { "d.yaml": deployment("web", 2) },
    steps: [
      { args: ["apply", "-f", "d.yaml"], stdout: "deployment.apps/web created\n" },
      {
        args: ["describe", "deployment", "web"],
        stdout: [
          "Name:                   web",
          "Namespace:              r-describe-deploy",
          "CreationTimestamp:      Thu, 01 Jan 2026 12:00:00 +0000",
          "Labels:                 <none>",
          "Annotations:            <none>",
          "Selector:               app=web",
          "Replicas:               2 desired | 0 updated | 0 total | 0 available | 0 unavailable",
          "StrategyType:           RollingUpdate",
          "MinReadySeconds:        0",
          "RollingUpdateStrategy:  25% max unavailable, 25% max surge",
          "Pod Template:",
          "  Labels:  app=web",
          "  Containers:",
          "   nginx:",
          "    Image:         nginx:1.25",
          "    Port:          <none>",
          "    Host Port:     <none>",
          "    Environment:   <none>",
          "    Mounts:        <none>",
          "  Volumes:         <none>",
          "  Node-Selectors:  <none>",
          "  Tolerations:     <none>",
          "Events:            <none>",
          "",
        ].join("\n"),
      },
    ],
  },
  {
    name: "cluster-info names the control plane",
    steps: [{ args: ["cluster-info"], stdout: /^Kubernetes control plane is running at https:\/\/127\.0\.0\.1:\d+\n\nTo further debug and diagnose cluster problems, use 'kubectl cluster-info dump'\.\n$/ }],
  },
  {
    name: "get all lists services and deployments",
    namespace: "r-all",
    files: { "d.yaml": deployment("web", 1) },
    steps: [
      { args: ["get", "all"], stdout: "", stderr: "No resources found in r-all namespace.\n" },
      { args: ["apply", "-f", "d.yaml"], stdout: "deployment.apps/web created\n" },
      { args: ["run", "solo", "--image=nginx"], stdout: "pod/solo created\n" },
      {
        args: ["get", "all"],
        stdout: "NAME       READY   STATUS    RESTARTS   AGE\npod/solo   0/1     Pending   0          0s\n\nNAME                  READY   UP-TO-DATE   AVAILABLE   AGE\ndeployment.apps/web   0/1     0            0           0s\n",
      },
      { args: ["get", "all", "-o", "name"], stdout: "pod/solo\ndeployment.apps/web\n" },
    ],
  },
  {
    name: "rollout history of a deployment without ReplicaSets",
    namespace: "r-history",
    files: { "d.yaml": deployment("web", 1) },
    steps: [
      { args: ["apply", "-f", "d.yaml"], stdout: "deployment.apps/web created\n" },
      { args: ["rollout", "history", "deployment/web"], stdout: "deployment.apps/web \nNo rollout history found.\n" },
      { args: ["rollout", "history", "deployment/nope"], code: 1, stderr: 'Error from server (NotFound): deployments.apps "nope" not found\n' },
    ],
  },
  {
    name: "get -w --output-watch-events and a named watch",
    namespace: "r-watch",
    steps: [{ args: ["create", "configmap", "seen", "--from-literal=a=1"], stdout: "configmap/seen created\n" }],
    async run(_c, _v, s) {
      const watch = s.background(["get", "configmap", "seen", "-w", "--output-watch-events"]);
      await watch.waitFor(/^EVENT +NAME +DATA +AGE\nADDED +seen +1 +0s\n$/);
      const patched = await s.kubectl(["patch", "configmap", "seen", "--type=merge", "-p", '{"data":{"b":"2"}}']);
      if (patched.stdout !== "configmap/seen patched\n") throw new Error(`patch: ${patched.stdout}${patched.stderr}`);
      await watch.waitFor(/\nMODIFIED +seen +2 +0s\n$/);
      const other = await s.kubectl(["create", "configmap", "other", "--from-literal=a=1"]);
      if (other.code !== 0) throw new Error(other.stderr);
      const deleted = await s.kubectl(["delete", "configmap", "seen"]);
      if (deleted.stdout !== 'configmap "seen" deleted\n') throw new Error(`delete: ${deleted.stdout}${deleted.stderr}`);
      await watch.waitFor(/\nDELETED +seen +2 +0s\n$/);
      // the field selector keeps "other" out of the stream
      if (/other/.test(watch.stdout())) throw new Error(`watch saw another object:\n${watch.stdout()}`);
      await watch.stop();
    },
  },
  {
    name: "get several kinds at once and -o yaml of a list",
    namespace: "r-multi",
    steps: [
      { args: ["create", "configmap", "m1", "--from-literal=a=1"], stdout: "configmap/m1 created\n" },
      { args: ["create", "secret", "generic", "m2", "--from-literal=a=1"], stdout: "secret/m2 created\n" },
      { args: ["get", "cm/m1", "secret/m2"], stdout: "NAME           DATA   AGE\nconfigmap/m1   1      0s\n\nNAME        TYPE     DATA   AGE\nsecret/m2   Opaque   1      0s\n" },
      { args: ["get", "cm", "m1", "--show-kind"], stdout: "NAME           DATA   AGE\nconfigmap/m1   1      0s\n" },
      { args: ["get", "cm", "-l", "none=here", "-o", "yaml"], stdout: "apiVersion: v1\nitems: []\nkind: List\nmetadata:\n  resourceVersion: \"\"\n" },
      { args: ["get", "cm", "m1", "-o", "jsonpath={.kind} {.apiVersion} {.data}"], stdout: 'ConfigMap v1 {"a":"1"}' },
    ],
  },
];
