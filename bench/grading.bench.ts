/**
 * Grading (issue "Graded exercises"): time to grade a typical exercise on the server — the
 * "scale and serve" exercise of the Workloads module (5 checks: a field, a Service's port,
 * selects-exactly over Deployment → ReplicaSet → Pods, ready endpoints, and an HTTP GET from a
 * pod through the simulated data path) against a live embedded cluster holding the solved state,
 * read through the API server's loopback client. Also: validating every exercise file in content/.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createCluster } from "../lib/kube/cluster";
import { FakeClock } from "../lib/kube/clock";
import type { KubeObject } from "../lib/kube/api/types";
import { checkExerciseContent, embeddedTarget, grade } from "../lib/grading";
import { nowMs, round, summarize, type BenchResult } from "./lib";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../content");

export async function run(): Promise<BenchResult[]> {
  const t0 = nowMs();
  const content = await checkExerciseContent(root);
  const validateMs = nowMs() - t0;
  if (content.errors.length) throw new Error(content.errors.map(String).join("\n"));
  const ex = content.lessons.flatMap((l) => l.exercises).find((e) => e.id === "scale-and-serve");
  if (!ex) throw new Error("no scale-and-serve exercise in content/");

  const clock = new FakeClock(Date.UTC(2026, 10, 27, 9, 0, 0));
  const cluster = await createCluster({ token: "bench", clock, nodes: 3, components: true });
  const c = cluster.apiServer.loopback;
  const labels = { app: "web" };
  await c.create({ group: "apps", version: "v1", resource: "deployments" }, "default", {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: "web", namespace: "default" },
    spec: {
      replicas: 5,
      selector: { matchLabels: labels },
      template: { metadata: { labels }, spec: { containers: [{ name: "web", image: "nginx:1.27", ports: [{ containerPort: 80 }] }] } },
    },
  } as KubeObject);
  await c.create({ group: "", version: "v1", resource: "services" }, "default", {
    apiVersion: "v1",
    kind: "Service",
    metadata: { name: "web", namespace: "default" },
    spec: { selector: labels, ports: [{ port: 80, targetPort: 80 }] },
  } as KubeObject);
  await c.create({ group: "", version: "v1", resource: "pods" }, "default", {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: "client", namespace: "default" },
    spec: { containers: [{ name: "shell", image: "busybox:1.36", command: ["sleep", "infinity"] }] },
  } as KubeObject);
  for (let i = 0; i < 300; i++) {
    clock.advance(100);
    await cluster.settle();
  }
  const target = embeddedTarget(cluster);
  const first = await grade(ex, target);
  if (first.score !== first.total)
    throw new Error(`the solved state scores ${first.score}/${first.total}: ${JSON.stringify(first.checks)}`);

  for (let i = 0; i < 50; i++) await grade(ex, target);
  const samples: number[] = [];
  for (let i = 0; i < 300; i++) {
    const s = nowMs();
    await grade(ex, target);
    samples.push(nowMs() - s);
  }
  const evidenceBytes = JSON.stringify(first.evidence).length;
  cluster.close();
  const s = summarize(samples);
  return [
    {
      name: `grade a typical exercise (${ex.checks.length} checks, incl. HTTP through the data path), median of 300`,
      value: round(s.p50),
      unit: "ms",
      goal: "< 20 ms",
      ok: s.p50 < 20,
    },
    { name: "grade a typical exercise (p99)", value: round(s.p99), unit: "ms", goal: "< 20 ms", ok: s.p99 < 20 },
    { name: "evidence snapshot of one attempt (JSON)", value: evidenceBytes, unit: "bytes" },
    {
      name: `validate every exercise in content/ (${content.exerciseCount} exercises, OpenAPI paths)`,
      value: round(validateMs, 1),
      unit: "ms",
    },
  ];
}
