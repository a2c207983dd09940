/**
 * What reaches the browser of an exercise: titles, points, hints and check titles — never check
 * definitions (paths, expected values, selectors) or the reference solution.
 */
import path from "node:path";
import type { ReactElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { beforeAll, describe, expect, it } from "vitest";
import { Exercise } from "../../app/_components/lesson/exercise";
import { checkExercise, ExerciseNotFoundError, getPublicExercise } from "../../lib/exercises";
import { FakeReads, obj } from "../../lib/grading/testing";

beforeAll(() => {
  process.env.KUBELAB_CONTENT_DIR = path.resolve(import.meta.dirname, "../../content");
});

describe("public exercise data", () => {
  it("holds hints and check titles only", async () => {
    const pub = await getPublicExercise("scale-and-serve");
    expect(pub).toMatchObject({
      id: "scale-and-serve",
      lessonId: "kubernetes-behind-the-scenes/workloads/scaling-and-services",
      points: 8,
    });
    expect(pub!.hints.length).toBeGreaterThanOrEqual(2);
    expect(pub!.checks.map((c) => c.id)).toEqual(["five-ready", "service-port", "selects", "endpoints", "traffic"]);
    const json = JSON.stringify(pub);
    for (const secret of ["readyReplicas", "spec.ports", "Welcome to nginx", '"equals"', '"path"', "--replicas=5"])
      expect(json).not.toContain(secret);
    expect(await getPublicExercise("no-such-exercise")).toBeUndefined();
  });

  it("renders the task shell with the first hint button and the check titles, not the hints", async () => {
    const html = renderToStaticMarkup((await Exercise({ id: "self-healing", title: "Heal", points: 8, children: "Task" })) as ReactElement);
    expect(html).toContain("Show a hint (1 of 3)");
    expect(html).toContain('data-check-id="healed"');
    expect(html).not.toContain("kubectl create deployment");
  });

  it("grades through the target and answers a result without evidence", async () => {
    const reads = new FakeReads([obj("Service", "web", { spec: { ports: [{ port: 80 }], selector: { app: "web" } } })]);
    const { lessonId, result, public: pub } = await checkExercise("scale-and-serve", { client: reads }, { maxWaitMs: 0 });
    expect(lessonId).toBe("kubernetes-behind-the-scenes/workloads/scaling-and-services");
    expect(pub.score).toBe(1);
    expect(pub.checks.find((c) => c.id === "service-port")).toMatchObject({ passed: true, message: "found 80 port" });
    expect(pub.checks.find((c) => c.id === "five-ready")?.message).toBe("there is no Deployment named `web` in namespace `default`");
    expect(JSON.stringify(pub)).not.toContain("evidence");
    expect(result.evidence.objects).toContainEqual({
      kind: "Service",
      namespace: "default",
      name: "web",
      resourceVersion: expect.any(String),
    });
    await expect(checkExercise("nope", { client: reads })).rejects.toBeInstanceOf(ExerciseNotFoundError);
  });
});
