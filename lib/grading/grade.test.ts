import { describe, expect, it } from "vitest";
import type { KubeObject } from "../kube/api/types";
import { grade } from "./grade";
import { exerciseFrom, FakeReads, obj } from "./testing";
import type { HttpProbeResult } from "./types";

function world() {
  const deploy = obj("Deployment", "web", {
    spec: { replicas: 3, template: { spec: { containers: [{ name: "web", image: "nginx:1.26" }] } } },
    status: { replicas: 3, readyReplicas: 2 },
  });
  const rs = obj("ReplicaSet", "web-abc", { owner: deploy, labels: { app: "web" } });
  const pods = ["a", "b", "c"].map((s, i) =>
    obj("Pod", `web-abc-${s}`, {
      owner: rs,
      labels: { app: "web" },
      spec: { nodeName: i === 2 ? "worker-2" : "worker-1" },
      status: { phase: "Running" },
    }),
  );
  const stray = obj("Pod", "stray", { labels: { app: "web" }, spec: { nodeName: "worker-1" }, status: { phase: "Running" } });
  const svc = obj("Service", "web", { spec: { selector: { app: "web" }, ports: [{ port: 80 }] } });
  const slice = obj("EndpointSlice", "web-xyz", {
    labels: { "kubernetes.io/service-name": "web" },
    endpoints: [
      { addresses: ["10.244.1.2"], conditions: { ready: true } },
      { addresses: ["10.244.1.3"], conditions: { ready: false } },
    ],
  } as Partial<KubeObject>);
  const nodes = [
    obj("Node", "worker-1", { namespace: null, labels: { disk: "hdd" } }),
    obj("Node", "worker-2", { namespace: null, labels: { disk: "ssd" }, spec: { unschedulable: true } }),
  ];
  const events = [1, 2, 3].map((i) =>
    obj("Event", `e${i}`, {
      reason: "SuccessfulCreate",
      message: `Created pod: web-abc-${i}`,
      involvedObject: { kind: "ReplicaSet", name: "web-abc" },
      count: 1,
    } as Partial<KubeObject>),
  );
  return { deploy, rs, pods, stray, svc, slice, nodes, events, all: [deploy, rs, ...pods, svc, slice, ...nodes, ...events] };
}

describe("grade", () => {
  it("gives partial credit with learner-facing messages and compact evidence", async () => {
    const w = world();
    const ex = exerciseFrom(`web:
  checks:
    - { id: exists, title: t, points: 1, exists: { kind: Deployment, name: web } }
    - { id: image, title: t, points: 2, field: { kind: Deployment, name: web, path: "spec.template.spec.containers[0].image", label: image, equals: "nginx:1.27" } }
    - { id: ready, title: t, points: 3, field: { kind: Deployment, name: web, path: status.readyReplicas, label: ready replicas, gte: 3 } }
    - { id: missing, title: t, points: 1, exists: { kind: ConfigMap, name: settings } }
    - { id: unavailable, title: t, points: 1, field: { kind: Deployment, name: web, path: status.unavailableReplicas, equals: 0 } }
`);
    const r = await grade(ex, { client: new FakeReads(w.all) });
    expect(r.score).toBe(2);
    expect(r.total).toBe(8);
    expect(r.passed).toBe(false);
    expect(r.checks.map((c) => [c.id, c.passed, c.earned, c.message])).toEqual([
      ["exists", true, 1, "found Deployment `web`"],
      ["image", false, 0, "found image `nginx:1.26`, expected `nginx:1.27`"],
      ["ready", false, 0, "found 2 ready replicas, expected at least 3"],
      ["missing", false, 0, "there is no ConfigMap named `settings` in namespace `default`"],
      // omitempty: a missing integer reads as 0
      ["unavailable", true, 1, "`status.unavailableReplicas` of Deployment `web` is 0"],
    ]);
    expect(r.evidence.objects).toEqual([
      { kind: "Deployment", namespace: "default", name: "web", resourceVersion: w.deploy.metadata.resourceVersion },
    ]);
    expect(r.evidence.observed).toMatchObject({ image: "nginx:1.26", ready: 2, unavailable: 0 });
  });

  it("reads each object once per round", async () => {
    const w = world();
    const reads = new FakeReads(w.all);
    const ex = exerciseFrom(`web:
  checks:
    - { id: a, title: t, exists: { kind: Deployment, name: web } }
    - { id: b, title: t, field: { kind: Deployment, name: web, path: spec.replicas, equals: 3 } }
    - { id: c, title: t, field: { kind: Deployment, name: web, path: status.replicas, equals: 3 } }
`);
    expect((await grade(ex, { client: reads })).score).toBe(3);
    expect(reads.calls).toBe(1);
  });

  it("checks relations: selects, owns, spread, placement, cordoned, endpoints, events, counts", async () => {
    const w = world();
    const ex = exerciseFrom(`web:
  checks:
    - { id: selects, title: t, selects: { service: web, workload: { kind: Deployment, name: web } } }
    - { id: owns, title: t, owns: { owner: { kind: Deployment, name: web }, kind: Pod, equals: 3 } }
    - { id: spread, title: t, spread: { selector: app=web, gte: 3 } }
    - { id: placement, title: t, placement: { selector: app=web, nodeSelector: disk=ssd } }
    - { id: cordoned, title: t, cordoned: { node: worker-2 } }
    - { id: uncordoned, title: t, cordoned: { node: worker-1 } }
    - { id: endpoints, title: t, endpoints: { service: web, equals: 2 } }
    - { id: events, title: t, event: { reason: SuccessfulCreate, kind: ReplicaSet, gte: 4 } }
    - { id: count, title: t, count: { kind: Pod, selector: app=web, where: [{ path: status.phase, equals: Running }], equals: 3 } }
`);
    const withStray = await grade(ex, { client: new FakeReads([...w.all, w.stray]) });
    const msg = Object.fromEntries(withStray.checks.map((c) => [c.id, `${c.passed ? "✓" : "✗"} ${c.message}`]));
    expect(msg).toEqual({
      selects: "✗ Service `web` (selector `app=web`) also selects 1 pod that is not part of Deployment `web`: `stray`",
      owns: "✓ Deployment `web` owns 3 Pods",
      spread: "✗ the 4 pods matching `app=web` run on 2 nodes (worker-1, worker-2), expected at least 3 distinct nodes",
      placement:
        "✗ `web-abc-a` is on `worker-1`, `web-abc-b` is on `worker-1`, `stray` is on `worker-1`, not on a node labelled `disk=ssd`",
      cordoned: "✓ Node `worker-2` is cordoned (SchedulingDisabled)",
      uncordoned: "✗ Node `worker-1` is not cordoned: the scheduler may place new pods on it",
      endpoints: "✗ Service `web` has 1 ready endpoint, expected 2",
      events: "✗ found 3 `SuccessfulCreate` events for ReplicaSets, expected at least 4",
      count: "✗ found 4 Pods matching `app=web` with `status.phase` `Running`, expected 3",
    });
    const exact = await grade(ex, { client: new FakeReads(w.all) });
    expect(exact.checks.find((c) => c.id === "selects")?.message).toBe("Service `web` selects exactly the 3 pods of Deployment `web`");
    expect(exact.checks.find((c) => c.id === "count")?.passed).toBe(true);
  });

  it("waits for 'eventually' checks, letting cluster time pass through target.wait", async () => {
    const w = world();
    const reads = new FakeReads(w.all);
    const ex = exerciseFrom(`web:
  checks:
    - { id: ready, title: t, within: 10, field: { kind: Deployment, name: web, path: status.readyReplicas, gte: 3 } }
    - { id: never, title: t, within: 3, exists: { kind: ConfigMap, name: nope } }
`);
    let waited = 0;
    const r = await grade(ex, {
      client: reads,
      async wait(ms) {
        waited += ms;
        if (waited >= 4000) reads.objects = reads.objects.map((o) => (o === w.deploy ? { ...o, status: { readyReplicas: 3 } } : o));
      },
    });
    expect(r.checks.map((c) => [c.id, c.passed, c.message])).toEqual([
      ["ready", true, "`status.readyReplicas` of Deployment `web` is 3"],
      ["never", false, "there is no ConfigMap named `nope` in namespace `default` (waited 3 s)"],
    ]);
    expect(waited).toBe(4000);
    // without a wait hook: evaluated once
    const once = await grade(ex, { client: new FakeReads(world().all) });
    expect(once.checks[0]!.passed).toBe(false);
  });

  it("sends HTTP through the target's traffic capability, from the named pod", async () => {
    const w = world();
    const calls: string[] = [];
    const answers: HttpProbeResult[] = [
      { outcome: "unresolved", message: "Could not resolve host: web" },
      { outcome: "connected", status: 503, body: "", message: "" },
      { outcome: "connected", status: 200, body: "<h1>Welcome to nginx!</h1>", message: "" },
    ];
    const ex = exerciseFrom(`web:
  checks:
    - { id: http, title: t, http: { url: "http://web", from: { pod: web-abc-a }, body: Welcome } }
`);
    const target = {
      client: new FakeReads(w.all),
      traffic: {
        httpGet: (from: { namespace: string; name: string }, url: string) => (
          calls.push(`${from.namespace}/${from.name} ${url}`),
          answers.shift()!
        ),
      },
    };
    expect((await grade(ex, target)).checks[0]!.message).toBe("GET http://web from Pod `web-abc-a` failed: Could not resolve host: web");
    expect((await grade(ex, target)).checks[0]!.message).toBe("GET http://web from Pod `web-abc-a` answered 503, expected 200");
    const ok = await grade(ex, target);
    expect([ok.score, ok.checks[0]!.message]).toEqual([1, "GET http://web from Pod `web-abc-a` answered 200"]);
    expect(calls).toEqual(["default/web-abc-a http://web", "default/web-abc-a http://web", "default/web-abc-a http://web"]);
    const none = await grade(ex, { client: new FakeReads(w.all) });
    expect(none.checks[0]!.message).toMatch(/cannot test traffic/);
  });

  it("fails a check whose read fails, without throwing or leaking the error", async () => {
    const reads = new FakeReads(world().all);
    reads.fail = true;
    const r = await grade(exerciseFrom("web:\n  checks:\n    - { id: a, title: t, exists: { kind: Pod, name: p } }\n"), { client: reads });
    expect(r.checks[0]).toMatchObject({ passed: false, message: "the cluster could not be read for this check; try again in a moment" });
  });
});
