/** Deployment test helpers: a harness with both controllers and kubectl-like edits. */
import type { KubeObject } from "../../../api/types";
import { DEPLOYMENTS, REPLICASETS } from "../common/refs";
import { startHarness, type Harness } from "../testing";
import { replicaSetController } from "../replicaset";
import { deploymentController } from "./index";
import { REVISION, type Deployment, type ReplicaSet } from "./util";

export function deployment(name: string, replicas: number, spec: Record<string, unknown> = {}, image = "nginx:1.25"): KubeObject {
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name, namespace: "default" },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: "c", image }] } },
      ...spec,
    },
  };
}

export const startDeploymentHarness = () => startHarness([replicaSetController(), deploymentController()]);

export async function patchDeployment(h: Harness, name: string, patch: Record<string, unknown>): Promise<void> {
  await h.client.patch(DEPLOYMENTS, "default", name, "merge", patch);
  await h.settle();
}

export const setImage = (h: Harness, name: string, image: string) =>
  patchDeployment(h, name, { spec: { template: { spec: { containers: [{ name: "c", image }] } } } });

export async function getDeployment(h: Harness, name: string): Promise<Deployment> {
  return (await h.get(DEPLOYMENTS, name)) as Deployment;
}

/** ReplicaSets sorted by revision */
export async function replicaSets(h: Harness): Promise<ReplicaSet[]> {
  const rss = (await h.list(REPLICASETS)) as ReplicaSet[];
  return rss.sort((a, b) => Number(a.metadata.annotations?.[REVISION] ?? 0) - Number(b.metadata.annotations?.[REVISION] ?? 0));
}

export const imageOf = (o: { spec: { template?: { spec?: Record<string, unknown> } } }) =>
  ((o.spec.template?.spec?.containers as { image: string }[] | undefined) ?? [])[0]?.image;

/** what `kubectl rollout undo --to-revision` does client-side: copy the RS template (minus pod-template-hash) into the Deployment */
export async function rolloutUndo(h: Harness, name: string, toRevision: number): Promise<void> {
  const rs = (await replicaSets(h)).find((r) => r.metadata.annotations?.[REVISION] === String(toRevision));
  if (!rs) throw new Error(`no revision ${toRevision}`);
  const template = structuredClone(rs.spec.template!);
  delete template.metadata?.labels?.["pod-template-hash"];
  await h.client.patch(DEPLOYMENTS, "default", name, "json", [{ op: "replace", path: "/spec/template", value: template }]);
  await h.settle();
}
