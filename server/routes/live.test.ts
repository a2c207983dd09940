import http from "node:http";
import type { ServerResponse } from "node:http";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { KubeClient } from "../../lib/kube/client/types";
import type { KubeObject } from "../../lib/kube/api/types";
import { streamLive, type NodeSummary, type PodSummary } from "./live";
import { summarizePod } from "./live-summary";
import { SANDBOX, startRoutes, type RoutesHarness } from "./editor-testing";

let h: RoutesHarness;
beforeAll(async () => {
  h = await startRoutes({ nodes: 2 });
});
afterAll(async () => h.close());

interface SseEvent {
  event: string;
  data: unknown;
}

/** Opens the SSE stream with node's http (so the test controls the socket) and collects events. */
function openStream(path: string): Promise<{
  status: number;
  headers: http.IncomingHttpHeaders;
  next(pred: (e: SseEvent) => boolean): Promise<SseEvent>;
  ended: Promise<void>;
  close(): void;
}> {
  return new Promise((resolve, reject) => {
    const req = http.get(`${h.base}${path}`, (res) => {
      const events: SseEvent[] = [];
      const waiters: { pred: (e: SseEvent) => boolean; done: (e: SseEvent) => void }[] = [];
      let buf = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => {
        buf += chunk;
        let i: number;
        while ((i = buf.indexOf("\n\n")) >= 0) {
          const block = buf.slice(0, i);
          buf = buf.slice(i + 2);
          const event = /^event: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (!event || data === undefined) continue;
          const e = { event, data: JSON.parse(data) as unknown };
          events.push(e);
          for (const w of [...waiters]) {
            if (!w.pred(e)) continue;
            waiters.splice(waiters.indexOf(w), 1);
            w.done(e);
          }
        }
      });
      const ended = new Promise<void>((done) => res.on("end", () => done()));
      resolve({
        ended,
        status: res.statusCode ?? 0,
        headers: res.headers,
        next: (pred) =>
          new Promise((done) => {
            const seen = events.find(pred);
            if (seen) done(seen);
            else waiters.push({ pred, done });
          }),
        close: () => req.destroy(),
      });
    });
    req.on("error", reject);
  });
}

/** the server sees a closed socket within a few event-loop turns (no timers involved) */
async function watchersBack(idle: number): Promise<void> {
  for (let i = 0; i < 500 && h.cluster.store.watcherCount() > idle; i++) await new Promise((r) => setImmediate(r));
  expect(h.cluster.store.watcherCount()).toBe(idle);
}

describe("GET /live (Server-Sent Events)", () => {
  it("sends a snapshot of nodes and pods, then pod events from the watch as the pod is scheduled and started", async () => {
    const idle = h.cluster.store.watcherCount();
    const stream = await openStream(`/api/sandboxes/${SANDBOX}/live`);
    expect(stream.status).toBe(200);
    expect(stream.headers["content-type"]).toMatch(/^text\/event-stream/);
    const snap = await stream.next((e) => e.event === "snapshot");
    const { nodes } = snap.data as { nodes: NodeSummary[]; pods: PodSummary[] };
    expect(nodes.map((n) => n.name).sort()).toHaveLength(2);
    expect(nodes.every((n) => n.status === "Ready" && n.tone === "ok")).toBe(true);

    await h.cluster.apiServer.loopback.create({ group: "", version: "v1", resource: "pods" }, "default", {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "hello" },
      spec: { containers: [{ name: "c", image: "busybox", command: ["sleep", "3600"] }] },
    } as KubeObject);
    const added = await stream.next((e) => e.event === "pod" && (e.data as { type: string; pod: PodSummary }).pod.name === "hello");
    expect(added.data).toMatchObject({
      type: "ADDED",
      pod: { namespace: "default", name: "hello", node: "", status: "Pending", ready: "0/1" },
    });

    await h.advance(3000);
    const running = await stream.next(
      (e) =>
        e.event === "pod" &&
        (e.data as { pod: PodSummary }).pod.name === "hello" &&
        (e.data as { pod: PodSummary }).pod.status === "Running",
    );
    const pod = (running.data as { pod: PodSummary }).pod;
    expect(nodes.map((n) => n.name)).toContain(pod.node);
    expect(pod).toMatchObject({ ready: "1/1", tone: "ok", restarts: 0 });
    stream.close();
    await watchersBack(idle);
  });

  it("stops the watch when the browser disconnects", async () => {
    const idle = h.cluster.store.watcherCount();
    const stream = await openStream(`/api/sandboxes/${SANDBOX}/live`);
    await stream.next((e) => e.event === "snapshot");
    expect(h.cluster.store.watcherCount()).toBe(idle + 2); // nodes and pods
    stream.close();
    await watchersBack(idle);
    const again = await openStream(`/api/sandboxes/${SANDBOX}/live`);
    expect((await again.next((e) => e.event === "snapshot")).event).toBe("snapshot");
    again.close();
    await watchersBack(idle);
  });

  it("limits open streams per sandbox and frees the slot on disconnect", async () => {
    const idle = h.cluster.store.watcherCount();
    const a = await openStream(`/api/sandboxes/${SANDBOX}/live`);
    const b = await openStream(`/api/sandboxes/${SANDBOX}/live`);
    await a.next((e) => e.event === "snapshot");
    await b.next((e) => e.event === "snapshot");
    const third = await fetch(`${h.base}/api/sandboxes/${SANDBOX}/live`);
    expect(third.status).toBe(429);
    a.close();
    await b.next((e) => e.event === "snapshot");
    await watchersBack(idle + 2);
    const c = await openStream(`/api/sandboxes/${SANDBOX}/live`);
    expect(c.status).toBe(200);
    await c.next((e) => e.event === "snapshot");
    b.close();
    c.close();
    await watchersBack(idle);
  });

  it("ends the stream with an end event when the sandbox's cluster goes away (reset, hibernation)", async () => {
    const idle = h.cluster.store.watcherCount();
    const stream = await openStream(`/api/sandboxes/${SANDBOX}/live`);
    await stream.next((e) => e.event === "snapshot");
    h.sandboxGone("hibernated");
    expect((await stream.next((e) => e.event === "end")).data).toEqual({ reason: "hibernated" });
    await stream.ended;
    await watchersBack(idle);
  });

  it("answers 404 for another learner's sandbox", async () => {
    const res = await fetch(`${h.base}/api/sandboxes/not-mine/live`);
    expect(res.status).toBe(404);
  });
});

describe("summarizePod (kubectl's STATUS column)", () => {
  const pod = (status: unknown, extra: Record<string, unknown> = {}) =>
    ({
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "p", namespace: "default", ...extra },
      spec: { nodeName: "n1", containers: [{ name: "c" }] },
      status,
    }) as unknown as KubeObject;

  it("shows a waiting reason, a crash loop, completion and termination", () => {
    expect(
      summarizePod(
        pod({
          phase: "Pending",
          containerStatuses: [{ ready: false, restartCount: 0, state: { waiting: { reason: "ContainerCreating" } } }],
        }),
      ),
    ).toMatchObject({
      status: "ContainerCreating",
      tone: "progress",
      ready: "0/1",
    });
    expect(
      summarizePod(
        pod({
          phase: "Running",
          containerStatuses: [{ ready: false, restartCount: 4, state: { waiting: { reason: "CrashLoopBackOff" } } }],
        }),
      ),
    ).toMatchObject({
      status: "CrashLoopBackOff",
      tone: "error",
      restarts: 4,
    });
    expect(
      summarizePod(
        pod({
          phase: "Succeeded",
          containerStatuses: [{ ready: false, restartCount: 0, state: { terminated: { exitCode: 0, reason: "Completed" } } }],
        }),
      ),
    ).toMatchObject({
      status: "Completed",
      tone: "done",
    });
    expect(
      summarizePod(
        pod(
          { phase: "Running", containerStatuses: [{ ready: true, restartCount: 0, state: { running: {} } }] },
          { deletionTimestamp: "2026-11-27T09:00:00Z" },
        ),
      ),
    ).toMatchObject({
      status: "Terminating",
      tone: "muted",
    });
  });
});

describe("streamLive re-list and end", () => {
  function stub() {
    const closers: ((err?: unknown) => void)[] = [];
    const events: ((e: { type: string; object: unknown }) => void)[] = [];
    const counts = { lists: 0, stopped: 0 };
    const node = {
      apiVersion: "v1",
      kind: "Node",
      metadata: { name: "n1" },
      status: { conditions: [{ type: "Ready", status: "True" }] },
    } as unknown as KubeObject;
    const client = {
      async list(r: { resource: string }) {
        counts.lists++;
        return {
          apiVersion: "v1",
          kind: "List",
          metadata: { resourceVersion: String(counts.lists) },
          items: r.resource === "nodes" ? [node] : [],
        };
      },
      watch(_r: unknown, _o: unknown, onEvent: (e: { type: string; object: unknown }) => void, onClose: (err?: unknown) => void) {
        closers.push(onClose);
        events.push(onEvent);
        return { stop: () => (counts.stopped++, onClose()) };
      },
    } as unknown as KubeClient;
    const written: string[] = [];
    const res = { write: (s: string) => (written.push(s), true) } as unknown as ServerResponse;
    const snapshots = () => written.filter((w) => w.startsWith("event: snapshot")).length;
    return { client, res, closers, events, counts, written, snapshots };
  }

  it("re-lists after an expired watch (410) and sends heartbeats until stopped", async () => {
    vi.useFakeTimers();
    try {
      const t = stub();
      const ends: string[] = [];
      const stop = streamLive(t.client, t.res, { heartbeatMs: 25_000, relistDelayMs: 1_000, onEnd: (r) => ends.push(r) });
      await vi.advanceTimersByTimeAsync(0);
      expect(t.snapshots()).toBe(1);
      t.events[1]!({ type: "ERROR", object: { kind: "Status", code: 410, reason: "Expired" } });
      expect(t.counts.stopped).toBe(2); // the old generation's watches are stopped before re-listing
      await vi.advanceTimersByTimeAsync(1_000);
      expect(t.snapshots()).toBe(2);
      expect(t.counts.lists).toBe(4);
      await vi.advanceTimersByTimeAsync(25_000);
      expect(t.written.at(-1)).toBe(": ping\n\n");
      stop();
      expect(t.counts.stopped).toBe(4);
      await vi.advanceTimersByTimeAsync(60_000);
      expect(t.written.filter((w) => w === ": ping\n\n")).toHaveLength(1);
      expect(ends).toEqual([]);
    } finally {
      vi.useRealTimers();
    }
  });

  it("ends (no re-list, no retry loop) when a watch closes by itself, as when the cluster stops", async () => {
    vi.useFakeTimers();
    try {
      const t = stub();
      const ends: string[] = [];
      streamLive(t.client, t.res, { heartbeatMs: 25_000, relistDelayMs: 1_000, onEnd: (r) => ends.push(r) });
      await vi.advanceTimersByTimeAsync(0);
      t.closers[0]!();
      expect(ends).toEqual(["closed"]);
      expect(t.counts.stopped).toBe(2);
      await vi.advanceTimersByTimeAsync(60_000);
      expect(t.counts.lists).toBe(2);
      expect(t.written.some((w) => w === ": ping\n\n")).toBe(false);
    } finally {
      vi.useRealTimers();
    }
  });
});
