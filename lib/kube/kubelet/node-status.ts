/**
 * The kubelet's node heartbeats (nodelease + nodestatus): renew the `kube-node-lease/<node>`
 * Lease every 10 s, and write the node status (conditions with `kubelet is posting ready
 * status`, images) only when it changed or every nodeStatusReportFrequency (5 min), as
 * upstream does since NodeLease. Writes are minimal: one Lease update per node per interval.
 */
import type { KubeObject } from "../api/types";
import type { KubeClient } from "../client";
import type { NodeRuntime } from "../runtime";
import { rfc3339 } from "./pod-spec";
import { leasesRef, nodesRef, type KubeletTimings } from "./types";

export function microTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, ".$1000Z");
}

interface Condition {
  type: string;
  status: string;
  reason: string;
  message: string;
  lastHeartbeatTime?: string;
  lastTransitionTime?: string;
}

const CONDITIONS: Omit<Condition, "lastHeartbeatTime" | "lastTransitionTime">[] = [
  { type: "MemoryPressure", status: "False", reason: "KubeletHasSufficientMemory", message: "kubelet has sufficient memory available" },
  { type: "DiskPressure", status: "False", reason: "KubeletHasNoDiskPressure", message: "kubelet has no disk pressure" },
  { type: "PIDPressure", status: "False", reason: "KubeletHasSufficientPID", message: "kubelet has sufficient PID available" },
  { type: "Ready", status: "True", reason: "KubeletReady", message: "kubelet is posting ready status" },
];

/** the node's images as the kubelet reports them: biggest first, at most 50 */
export function nodeImages(rt: NodeRuntime): { names: string[]; sizeBytes: number }[] {
  return [...rt.images.values()]
    .map(({ img, names }) => ({ names: [img.imageID, ...[...names].sort()], sizeBytes: img.tag.size }))
    .sort((a, b) => b.sizeBytes - a.sizeBytes || a.names[0]!.localeCompare(b.names[0]!))
    .slice(0, 50);
}

export class NodeHeartbeat {
  private lease: KubeObject | undefined;
  private lastReported = 0;
  private lastContent = "";
  /** what the last check saw: node resourceVersion and image store version */
  private seen = "";

  constructor(
    private readonly node: string,
    private readonly client: KubeClient,
    private readonly rt: NodeRuntime,
    private readonly timings: KubeletTimings,
  ) {}

  /** forgets cached objects (after the kubelet restarts) */
  reset(): void {
    this.lease = undefined;
    this.lastReported = 0;
    this.lastContent = "";
    this.seen = "";
  }

  /** the next beat writes the node status even if nothing changed (a kubelet starting, or its cluster resuming) */
  reportNow(): void {
    this.lastReported = 0;
    this.seen = "";
  }

  async beat(now: number, node: KubeObject | undefined): Promise<void> {
    await this.renewLease(now);
    if (node) await this.updateNodeStatus(now, node);
  }

  private async renewLease(now: number): Promise<void> {
    try {
      if (!this.lease) {
        try {
          this.lease = await this.client.get(leasesRef, "kube-node-lease", this.node);
        } catch (e) {
          if ((e as { reason?: string }).reason !== "NotFound") throw e;
          this.lease = await this.client.create(
            leasesRef,
            "kube-node-lease",
            { apiVersion: "coordination.k8s.io/v1", kind: "Lease", metadata: { name: this.node, namespace: "kube-node-lease" }, spec: { holderIdentity: this.node, leaseDurationSeconds: this.timings.leaseDurationSeconds, renewTime: microTime(now) } },
            { fieldManager: "kubelet" },
          );
          return;
        }
      }
      const spec = { ...(this.lease.spec as Record<string, unknown>), holderIdentity: this.node, leaseDurationSeconds: this.timings.leaseDurationSeconds, renewTime: microTime(now) };
      this.lease = await this.client.update(leasesRef, "kube-node-lease", { ...this.lease, spec } as KubeObject, { fieldManager: "kubelet" });
    } catch {
      this.lease = undefined;
    }
  }

  private async updateNodeStatus(now: number, node: KubeObject): Promise<void> {
    // fast path of an idle node: nothing changed since the last write and no report is due
    const seen = `${node.metadata.resourceVersion}/${this.rt.imagesVersion}`;
    if (seen === this.seen && now - this.lastReported < this.timings.nodeStatusReportMs) return;
    const old = ((node.status as { conditions?: Condition[] } | undefined)?.conditions ?? []) as Condition[];
    const images = nodeImages(this.rt);
    const conditions = CONDITIONS.map((c) => {
      const prev = old.find((o) => o.type === c.type);
      const same = prev && prev.status === c.status;
      return { ...c, lastHeartbeatTime: rfc3339(now), lastTransitionTime: same ? prev.lastTransitionTime : rfc3339(now) } as Condition;
    });
    const content = JSON.stringify({ c: conditions.map((c) => [c.type, c.status, c.reason, c.lastTransitionTime]), images });
    const drifted = old.some((o) => { const c = conditions.find((x) => x.type === o.type); return !c || c.status !== o.status || c.reason !== o.reason; });
    if (content === this.lastContent && !drifted && now - this.lastReported < this.timings.nodeStatusReportMs) {
      this.seen = seen;
      return;
    }
    try {
      await this.client.patch(nodesRef, undefined, this.node, "merge", { status: { conditions: conditions.map(({ type, status, lastHeartbeatTime, lastTransitionTime, reason, message }) => ({ type, status, lastHeartbeatTime, lastTransitionTime, reason, message })), images } }, { subresource: "status", fieldManager: "kubelet" });
      this.lastContent = content;
      this.lastReported = now;
      this.seen = "";
    } catch {
      // retried at the next heartbeat
    }
  }
}
