import { describe, expect, it } from "vitest";
import type { KubeObject } from "../../api/types";
import { seededRandom } from "../../client";
import { SchedulerCache } from "../cache";
import { Framework, type ScheduleResult } from "../framework/runtime";
import { podInfoOf } from "../framework/pod-info";
import { Code } from "../framework/status";
import { inTreeRegistry } from "./registry";

interface NodeOpts {
  labels?: Record<string, string>;
  taints?: { key: string; value?: string; effect: string }[];
  unschedulable?: boolean;
  cpu?: string;
  memory?: string;
  pods?: string;
  images?: { names: string[]; sizeBytes: number }[];
}
const node = (name: string, o: NodeOpts = {}): KubeObject => ({
  apiVersion: "v1",
  kind: "Node",
  metadata: { name, labels: { "kubernetes.io/hostname": name, ...(o.labels ?? {}) } },
  spec: { ...(o.taints ? { taints: o.taints } : {}), ...(o.unschedulable ? { unschedulable: true } : {}) },
  status: { allocatable: { cpu: o.cpu ?? "4", memory: o.memory ?? "8Gi", pods: o.pods ?? "110" }, images: o.images ?? [] },
});
let seq = 0;
const pod = (spec: Record<string, unknown> = {}, labels: Record<string, string> = {}, requests?: Record<string, string>, name = `p${++seq}`): KubeObject => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name, namespace: "default", labels },
  spec: { containers: [{ name: "c", image: "nginx:1.27", ...(requests ? { resources: { requests } } : {}) }], ...spec },
});

/** a cache with `nodes` and `bound` pods, and a framework of just `plugin` */
function setup(plugin: string, nodes: KubeObject[], bound: [KubeObject, string][] = []) {
  const cache = new SchedulerCache();
  for (const n of nodes) cache.addOrUpdateNode(n);
  for (const [p, n] of bound) cache.assume(podInfoOf(p), n);
  const fw = new Framework(inTreeRegistry, [{ name: plugin, weight: 1 }], { nodes: () => cache.nodeList(), namespaceLabels: () => ({}), affinityPods: () => cache.affinityPods() });
  return (p: KubeObject): ScheduleResult => fw.schedule(podInfoOf(p), cache.nodeList(), seededRandom(1));
}
const verdicts = (r: ScheduleResult) => Object.fromEntries([...r.diagnosis.nodeToStatus].map(([n, s]) => [n, [s.code, ...s.reasons]]));
const normalized = (r: ScheduleResult, plugin: string) => Object.fromEntries(r.feasible.map((n, i) => [n.name, r.scores.find((s) => s.plugin === plugin)?.normalized?.[i]]));
const raw = (r: ScheduleResult, plugin: string) => Object.fromEntries(r.feasible.map((n, i) => [n.name, r.scores.find((s) => s.plugin === plugin)?.raw?.[i]]));

describe("NodeName", () => {
  it("fits only the named node", () => {
    const r = setup("NodeName", [node("a"), node("b")])(pod({ nodeName: "b" }));
    expect(verdicts(r)).toEqual({ a: [Code.UnschedulableAndUnresolvable, "node(s) didn't match the requested node name"] });
    expect(r.node?.name).toBe("b");
  });
});

describe("NodeUnschedulable", () => {
  it("rejects cordoned nodes unless the pod tolerates node.kubernetes.io/unschedulable", () => {
    const run = setup("NodeUnschedulable", [node("a", { unschedulable: true }), node("b")]);
    expect(verdicts(run(pod()))).toEqual({ a: [Code.UnschedulableAndUnresolvable, "node(s) were unschedulable"] });
    expect(verdicts(run(pod({ tolerations: [{ key: "node.kubernetes.io/unschedulable", operator: "Exists", effect: "NoSchedule" }] })))).toEqual({});
  });
});

describe("NodeResourcesFit", () => {
  it("subtracts bound and assumed pods' requests and lists every missing resource", () => {
    const run = setup("NodeResourcesFit", [node("a", { cpu: "2", memory: "4Gi", pods: "2" }), node("b", { cpu: "1", memory: "1Gi" })], [
      [pod({}, {}, { cpu: "1500m", memory: "1Gi" }), "a"],
      [pod({}, {}, { cpu: "100m" }), "a"],
    ]);
    const r = run(pod({}, {}, { cpu: "500m", memory: "2Gi" }));
    expect(verdicts(r)).toEqual({
      a: [Code.Unschedulable, "Too many pods", "Insufficient cpu"],
      // 2Gi > 1Gi allocatable: preemption could never help
      b: [Code.UnschedulableAndUnresolvable, "Insufficient memory"],
    });
  });

  it("checks extended resources against allocatable", () => {
    const gpuNode = node("gpu");
    (gpuNode.status as { allocatable: Record<string, string> }).allocatable["nvidia.com/gpu"] = "1";
    const run = setup("NodeResourcesFit", [gpuNode, node("cpu")]);
    const r = run(pod({ containers: [{ name: "c", resources: { limits: { "nvidia.com/gpu": "1" } } }] }));
    expect(verdicts(r)).toEqual({ cpu: [Code.UnschedulableAndUnresolvable, "Insufficient nvidia.com/gpu"] });
  });

  it("scores LeastAllocated on non-zero requests", () => {
    const run = setup("NodeResourcesFit", [node("a"), node("b")], [[pod({}, {}, { cpu: "2", memory: "4Gi" }), "a"]]);
    const r = run(pod({}, {}, { cpu: "1", memory: "2Gi" }));
    // a: cpu (4000-3000)*100/4000 = 25, mem (8-6)/8 = 25; b: 75 and 75
    expect(raw(r, "NodeResourcesFit")).toEqual({ a: 25, b: 75 });
    expect(r.node?.name).toBe("b");
    // a best-effort pod counts as 100m / 200Mi
    const be = run(pod());
    expect(raw(be, "NodeResourcesFit")).toEqual({ a: Math.trunc((Math.trunc(((4000 - 2100) * 100) / 4000) + Math.trunc(((8192 - 4096 - 200) * 100) / 8192)) / 2), b: Math.trunc((Math.trunc((3900 * 100) / 4000) + Math.trunc(((8192 - 200) * 100) / 8192)) / 2) });
  });
});

describe("NodeResourcesBalancedAllocation", () => {
  it("favours balanced CPU/memory fractions and skips best-effort pods", () => {
    const run = setup("NodeResourcesBalancedAllocation", [node("a"), node("b")], [[pod({}, {}, { cpu: "2" }), "a"]]);
    const r = run(pod({}, {}, { cpu: "1", memory: "1Gi" }));
    // a: cpu 3/4, mem 1/8 -> std 0.3125 -> 68; b: 1/4, 1/8 -> 0.0625 -> 93
    expect(raw(r, "NodeResourcesBalancedAllocation")).toEqual({ a: 68, b: 93 });
    expect(run(pod()).preScoreSkipped).toEqual(["NodeResourcesBalancedAllocation"]);
  });
});

describe("NodeAffinity", () => {
  const nodes = [node("a", { labels: { disk: "ssd", zone: "z1" } }), node("b", { labels: { disk: "hdd", zone: "z2" } }), node("c")];
  it("filters on nodeSelector and required terms", () => {
    const run = setup("NodeAffinity", nodes);
    const reason = [Code.UnschedulableAndUnresolvable, "node(s) didn't match Pod's node affinity/selector"];
    expect(verdicts(run(pod({ nodeSelector: { disk: "ssd" } })))).toEqual({ b: reason, c: reason });
    const terms = { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: "disk", operator: "NotIn", values: ["ssd"] }, { key: "zone", operator: "Exists" }] }, { matchFields: [{ key: "metadata.name", operator: "In", values: ["c"] }] }] } };
    expect(verdicts(run(pod({ affinity: { nodeAffinity: terms } })))).toEqual({ a: reason });
  });
  it("scores preferred terms by weight", () => {
    const prefs = { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 10, preference: { matchExpressions: [{ key: "disk", operator: "In", values: ["ssd"] }] } }, { weight: 30, preference: { matchExpressions: [{ key: "zone", operator: "In", values: ["z2"] }] } }] };
    const r = setup("NodeAffinity", nodes)(pod({ affinity: { nodeAffinity: prefs } }));
    expect(raw(r, "NodeAffinity")).toEqual({ a: 10, b: 30, c: 0 });
    expect(normalized(r, "NodeAffinity")).toEqual({ a: 33, b: 100, c: 0 });
  });
});

describe("TaintToleration", () => {
  const nodes = [node("cp", { taints: [{ key: "node-role.kubernetes.io/control-plane", effect: "NoSchedule" }] }), node("gpu", { taints: [{ key: "dedicated", value: "gpu", effect: "NoExecute" }] }), node("soft", { taints: [{ key: "spot", effect: "PreferNoSchedule" }] }), node("plain")];
  it("rejects untolerated NoSchedule/NoExecute taints with upstream's message", () => {
    const run = setup("TaintToleration", nodes);
    expect(verdicts(run(pod()))).toEqual({
      cp: [Code.UnschedulableAndUnresolvable, "node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }"],
      gpu: [Code.UnschedulableAndUnresolvable, "node(s) had untolerated taint {dedicated: gpu}"],
    });
    expect(verdicts(run(pod({ tolerations: [{ key: "dedicated", operator: "Equal", value: "gpu" }, { operator: "Exists", effect: "NoSchedule" }] })))).toEqual({});
  });
  it("prefers nodes with fewer untolerated PreferNoSchedule taints", () => {
    const r = setup("TaintToleration", nodes)(pod({ tolerations: [{ operator: "Exists", effect: "NoSchedule" }, { operator: "Exists", effect: "NoExecute" }] }));
    expect(raw(r, "TaintToleration")).toEqual({ cp: 0, gpu: 0, soft: 1, plain: 0 });
    expect(normalized(r, "TaintToleration")).toEqual({ cp: 100, gpu: 100, soft: 0, plain: 100 });
  });
});

describe("NodePorts", () => {
  it("rejects nodes where the host port is taken", () => {
    const withPort = (port: number, protocol = "TCP", hostIP?: string) => pod({ containers: [{ name: "c", image: "x", ports: [{ containerPort: 80, hostPort: port, protocol, ...(hostIP ? { hostIP } : {}) }] }] });
    const run = setup("NodePorts", [node("a"), node("b")], [[withPort(8080), "a"], [withPort(9090, "TCP", "10.0.0.1"), "b"]]);
    const reason = [Code.Unschedulable, "node(s) didn't have free ports for the requested pod ports"];
    expect(verdicts(run(withPort(8080)))).toEqual({ a: reason });
    expect(verdicts(run(withPort(8080, "UDP")))).toEqual({});
    expect(verdicts(run(withPort(9090)))).toEqual({ b: reason });
    expect(verdicts(run(withPort(9090, "TCP", "10.0.0.2")))).toEqual({});
    expect(run(pod()).preFilterSkipped).toContain("NodePorts");
  });
});

describe("InterPodAffinity", () => {
  const zones = [node("a1", { labels: { zone: "a" } }), node("a2", { labels: { zone: "a" } }), node("b1", { labels: { zone: "b" } })];
  const term = (labels: Record<string, string>, key = "zone") => ({ labelSelector: { matchLabels: labels }, topologyKey: key });
  it("required anti-affinity keeps the pod out of domains with matching pods", () => {
    const run = setup("InterPodAffinity", zones, [[pod({}, { app: "db" }), "a1"]]);
    const r = run(pod({ affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term({ app: "db" })] } } }, { app: "db" }));
    const reason = [Code.Unschedulable, "node(s) didn't match pod anti-affinity rules"];
    expect(verdicts(r)).toEqual({ a1: reason, a2: reason });
  });
  it("required affinity needs a matching pod in the domain, except for the first of a group", () => {
    const aff = (labels: Record<string, string>) => ({ affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term(labels)] } } });
    const run = setup("InterPodAffinity", zones, [[pod({}, { app: "cache" }), "b1"]]);
    const reason = [Code.UnschedulableAndUnresolvable, "node(s) didn't match pod affinity rules"];
    expect(verdicts(run(pod(aff({ app: "cache" }))))).toEqual({ a1: reason, a2: reason });
    // nothing matches anywhere, but the pod matches its own term: allowed anywhere
    expect(verdicts(run(pod(aff({ app: "web" }), { app: "web" })))).toEqual({});
    expect(verdicts(run(pod(aff({ app: "web" }))))).toEqual({ a1: reason, a2: reason, b1: reason });
  });
  it("existing pods' anti-affinity repels the incoming pod", () => {
    const run = setup("InterPodAffinity", zones, [[pod({ affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term({ app: "web" }, "kubernetes.io/hostname")] } } }), "a2"]]);
    expect(verdicts(run(pod({}, { app: "web" })))).toEqual({ a2: [Code.Unschedulable, "node(s) didn't satisfy existing pods anti-affinity rules"] });
  });
  it("scores preferred affinity and anti-affinity by domain", () => {
    const run = setup("InterPodAffinity", zones, [[pod({}, { app: "cache" }), "a1"], [pod({}, { app: "noisy" }), "b1"]]);
    const r = run(pod({ affinity: { podAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 50, podAffinityTerm: term({ app: "cache" }) }] }, podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 20, podAffinityTerm: term({ app: "noisy" }) }] } } }));
    expect(raw(r, "InterPodAffinity")).toEqual({ a1: 50, a2: 50, b1: -20 });
    expect(normalized(r, "InterPodAffinity")).toEqual({ a1: 100, a2: 100, b1: 0 });
  });
});

describe("PodTopologySpread", () => {
  const zones = [node("a1", { labels: { zone: "a" } }), node("a2", { labels: { zone: "a" } }), node("b1", { labels: { zone: "b" } }), node("nolabel")];
  const bound: [KubeObject, string][] = [[pod({}, { app: "web" }), "a1"], [pod({}, { app: "web" }), "a2"], [pod({}, { app: "other" }), "b1"]];
  const spread = (when: string, maxSkew = 1) => ({ topologySpreadConstraints: [{ maxSkew, topologyKey: "zone", whenUnsatisfiable: when, labelSelector: { matchLabels: { app: "web" } } }] });
  it("DoNotSchedule rejects domains that would exceed maxSkew and nodes without the key", () => {
    const run = setup("PodTopologySpread", zones, bound);
    expect(verdicts(run(pod(spread("DoNotSchedule"), { app: "web" })))).toEqual({
      a1: [Code.Unschedulable, "node(s) didn't match pod topology spread constraints"],
      a2: [Code.Unschedulable, "node(s) didn't match pod topology spread constraints"],
      nolabel: [Code.UnschedulableAndUnresolvable, "node(s) didn't match pod topology spread constraints (missing required label)"],
    });
    expect(verdicts(run(pod(spread("DoNotSchedule", 3), { app: "web" })))).toEqual({ nolabel: [Code.UnschedulableAndUnresolvable, "node(s) didn't match pod topology spread constraints (missing required label)"] });
  });
  it("ScheduleAnyway scores the emptier domain higher and ignores nodes without the key", () => {
    const r = setup("PodTopologySpread", zones, bound)(pod(spread("ScheduleAnyway"), { app: "web" }));
    // counts: zone a = 2, zone b = 0; weight ln(2 domains + 2); a: round(2*ln4) = 3, b: 0
    expect(raw(r, "PodTopologySpread")).toEqual({ a1: 3, a2: 3, b1: 0, nolabel: 0 });
    expect(normalized(r, "PodTopologySpread")).toEqual({ a1: 0, a2: 0, b1: 100, nolabel: 0 });
  });
});

describe("ImageLocality", () => {
  it("scores nodes holding the pod's image, scaled by size and spread", () => {
    const img = { names: ["docker.io/library/nginx:1.27", "nginx:1.27"], sizeBytes: 500 * 1024 * 1024 };
    const r = setup("ImageLocality", [node("a", { images: [img] }), node("b")])(pod());
    // 500 MiB × 1/2 nodes = 250 MiB; (250 - 23) / (1000 - 23) × 100 = 23
    expect(raw(r, "ImageLocality")).toEqual({ a: 23, b: 0 });
  });
});

describe("preemption diagnosis (PostFilter)", () => {
  it("finds no victims among equal-priority pods and names a candidate when lower-priority pods could be evicted", () => {
    const lowPriority = pod({ priority: 0 }, {}, { cpu: "3" });
    const run = setup("NodeResourcesFit", [node("a"), node("b", { cpu: "1" })], [[lowPriority, "a"]]);
    const same = run(pod({ priority: 0 }, {}, { cpu: "2" }));
    expect(same.node).toBeUndefined();
    expect(same.diagnosis.postFilterMsg).toBe("preemption: 0/2 nodes are available: 1 No preemption victims found for incoming pod, 1 Preemption is not helpful for scheduling.");
    const high = run(pod({ priority: 1000 }, {}, { cpu: "2" }));
    expect(high.preemptionCandidate).toBe("a");
    expect(high.diagnosis.postFilterMsg).toBe("");
    expect(run(pod({ priority: 1000, preemptionPolicy: "Never" }, {}, { cpu: "2" })).diagnosis.postFilterMsg).toBe("preemption: not eligible due to preemptionPolicy=Never.");
  });
});
