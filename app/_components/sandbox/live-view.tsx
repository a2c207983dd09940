"use client";
/**
 * A small live picture of the sandbox: each node and the pods on it, updated through the
 * server's watch of nodes and pods (Server-Sent Events from /api/sandboxes/<id>/live — no
 * polling). Status is shown as text (kubectl's STATUS column) and by colour.
 *
 * The seed of the "behind the scenes" inspector: state is a plain map of summaries keyed by
 * name, fed by snapshot/event messages (server/routes/live.ts).
 */
import { useEffect, useMemo, useState } from "react";
import type { NodeSummary, PodSummary } from "../../../server/routes/live-summary";
import "./live-view.css";

type Conn = "connecting" | "live" | "reconnecting" | "paused";

const SYSTEM_NAMESPACES = new Set(["kube-system", "kube-public", "kube-node-lease"]);
const podKey = (p: PodSummary) => `${p.namespace}/${p.name}`;

export function LiveView({ sandboxId }: { sandboxId: string }) {
  const [nodes, setNodes] = useState<Map<string, NodeSummary>>(new Map());
  const [pods, setPods] = useState<Map<string, PodSummary>>(new Map());
  const [conn, setConn] = useState<Conn>("connecting");
  const [showSystem, setShowSystem] = useState(false);
  // bumped to open a new stream after the server ended the last one (sandbox reset or asleep)
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    if (conn !== "paused") return;
    const resume = () => document.visibilityState === "visible" && setAttempt((a) => a + 1);
    document.addEventListener("visibilitychange", resume);
    window.addEventListener("focus", resume);
    return () => {
      document.removeEventListener("visibilitychange", resume);
      window.removeEventListener("focus", resume);
    };
  }, [conn]);

  useEffect(() => {
    setConn("connecting");
    const source = new EventSource(`/api/sandboxes/${encodeURIComponent(sandboxId)}/live`);
    source.addEventListener("open", () => setConn("live"));
    source.addEventListener("error", () => setConn(source.readyState === EventSource.CLOSED ? "reconnecting" : "connecting"));
    source.addEventListener("snapshot", (e) => {
      const data = JSON.parse((e as MessageEvent<string>).data) as { nodes: NodeSummary[]; pods: PodSummary[] };
      setNodes(new Map(data.nodes.map((n) => [n.name, n])));
      setPods(new Map(data.pods.map((p) => [podKey(p), p])));
      setConn("live");
    });
    source.addEventListener("node", (e) => {
      const { type, node } = JSON.parse((e as MessageEvent<string>).data) as { type: string; node: NodeSummary };
      setNodes((prev) => {
        const next = new Map(prev);
        if (type === "DELETED") next.delete(node.name);
        else next.set(node.name, node);
        return next;
      });
    });
    source.addEventListener("pod", (e) => {
      const { type, pod } = JSON.parse((e as MessageEvent<string>).data) as { type: string; pod: PodSummary };
      setPods((prev) => {
        const next = new Map(prev);
        if (type === "DELETED") next.delete(podKey(pod));
        else next.set(podKey(pod), pod);
        return next;
      });
    });
    // the sandbox's cluster stopped (reset, hibernation): stay quiet until the learner is back
    source.addEventListener("end", () => {
      source.close();
      setConn("paused");
    });
    return () => source.close();
  }, [sandboxId, attempt]);

  const byNode = useMemo(() => {
    const groups = new Map<string, PodSummary[]>();
    for (const p of pods.values()) {
      if (!showSystem && SYSTEM_NAMESPACES.has(p.namespace)) continue;
      const list = groups.get(p.node) ?? [];
      list.push(p);
      groups.set(p.node, list);
    }
    for (const list of groups.values()) list.sort((a, b) => podKey(a).localeCompare(podKey(b)));
    return groups;
  }, [pods, showSystem]);

  const nodeList = [...nodes.values()].sort((a, b) => a.name.localeCompare(b.name));
  const unscheduled = byNode.get("") ?? [];

  return (
    <section className="kl-live" aria-labelledby={`kl-live-${sandboxId}`}>
      <div className="kl-live-head">
        <h2 id={`kl-live-${sandboxId}`}>Nodes and pods</h2>
        <label className="kl-live-toggle">
          <input type="checkbox" checked={showSystem} onChange={(e) => setShowSystem(e.target.checked)} />
          system pods
        </label>
        {conn === "paused" ? (
          <button type="button" className="kl-live-conn kl-live-resume" data-state={conn} onClick={() => setAttempt((a) => a + 1)}>
            paused · reconnect
          </button>
        ) : (
          <span className="kl-live-conn" data-state={conn}>
            {conn === "live" ? "live" : conn === "connecting" ? "connecting…" : "reconnecting…"}
          </span>
        )}
      </div>
      <ul className="kl-live-nodes">
        {nodeList.map((n) => (
          <li key={n.name} className="kl-live-node" data-tone={n.tone} data-node={n.name}>
            <h3>
              {n.name}
              <small>
                {n.status}
                {n.roles !== "<none>" ? ` · ${n.roles}` : ""}
              </small>
            </h3>
            <PodList pods={byNode.get(n.name) ?? []} label={`Pods on ${n.name}`} />
          </li>
        ))}
        {unscheduled.length > 0 && (
          <li className="kl-live-node" data-tone="progress" data-node="">
            <h3>
              Not scheduled <small>waiting for a node</small>
            </h3>
            <PodList pods={unscheduled} label="Pods not scheduled yet" />
          </li>
        )}
      </ul>
    </section>
  );
}

function PodList({ pods, label }: { pods: PodSummary[]; label: string }) {
  if (pods.length === 0) return <p className="kl-live-empty">no pods</p>;
  return (
    <ul className="kl-live-pods" aria-label={label}>
      {pods.map((p) => (
        <li
          key={podKey(p)}
          className="kl-live-pod"
          data-tone={p.tone}
          data-pod={p.name}
          title={`${p.namespace}/${p.name} · ${p.status} · ready ${p.ready} · restarts ${p.restarts}`}
        >
          <span className="kl-live-pod-name">{p.namespace === "default" ? p.name : `${p.namespace}/${p.name}`}</span>
          <span className="kl-live-pod-status">
            {p.status} {p.ready}
          </span>
        </li>
      ))}
    </ul>
  );
}
