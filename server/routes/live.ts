/**
 * GET /api/sandboxes/<id>/live — Server-Sent Events with the sandbox's nodes and pods, fed by a
 * list + watch through the sandbox's KubeClient (no polling):
 *
 *   event: snapshot  data: {"nodes":[NodeSummary…],"pods":[PodSummary…]}   (first, and after a re-list)
 *   event: node      data: {"type":"ADDED|MODIFIED|DELETED","node":NodeSummary}
 *   event: pod       data: {"type":"ADDED|MODIFIED|DELETED","pod":PodSummary}
 *   event: end       data: {"reason":"closed|error|reset|hibernated|deleted"}  (last; the server closes the stream)
 *   : ping                                                                   (every heartbeatMs)
 *
 * The watches stop when the browser disconnects. An expired watch (410) is replaced by a fresh
 * list + watch and a new snapshot. When the sandbox's cluster goes away (reset, hibernation —
 * told through `onSandboxGone`, or a watch ending by itself) the stream ends with `end` instead
 * of reconnecting, so an open page never pins a stopped cluster in memory nor wakes it up; the
 * browser reconnects when the learner comes back (live-view.tsx).
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { KubeObject } from "../../lib/kube/api/types";
import type { KubeClient, ResourceRef } from "../../lib/kube/client/types";
import type { Route } from "../http";
import { HttpError, sandboxPath, sendError, type SandboxResolver } from "./editor-http";
import { summarizeNode, summarizePod } from "./live-summary";

export type { NodeSummary, PodSummary, Tone } from "./live-summary";

export interface LiveRouteOptions {
  resolve: SandboxResolver;
  /** comment line interval keeping proxies from closing the stream (default 25 s) */
  heartbeatMs?: number;
  /** wait before re-listing after a watch expired (410) (default 1 s) */
  relistDelayMs?: number;
  /** open streams per sandbox (each holds two watches); more are refused with 429 (default 4) */
  maxStreamsPerSandbox?: number;
  /**
   * Subscribes to the end of a sandbox's current cluster (reset, hibernation, deletion); returns
   * the unsubscribe function. Wire to the sandbox manager's events.
   */
  onSandboxGone?: (sandboxId: string, gone: (reason: string) => void) => () => void;
}

const NODES: ResourceRef = { group: "", version: "v1", resource: "nodes" };
const PODS: ResourceRef = { group: "", version: "v1", resource: "pods" };

type Watch = { stop(): void };

export interface LiveStreamOptions {
  heartbeatMs: number;
  relistDelayMs: number;
  /** called once when the stream can go on no longer (the caller sends `end` and closes) */
  onEnd(reason: "closed" | "error"): void;
}

/** Streams one sandbox's nodes and pods to `res` until stopped; returns the stop function. */
export function streamLive(client: KubeClient, res: ServerResponse, opts: LiveStreamOptions): () => void {
  let stopped = false;
  let watches: Watch[] = [];
  let relistTimer: NodeJS.Timeout | undefined;
  const send = (event: string, data: unknown) => {
    if (!stopped) res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  };

  const stopWatches = () => {
    const ws = watches;
    watches = [];
    for (const w of ws) w.stop();
  };

  const relistSoon = () => {
    if (stopped || relistTimer) return;
    stopWatches();
    relistTimer = setTimeout(() => {
      relistTimer = undefined;
      void start();
    }, opts.relistDelayMs);
  };

  const end = (reason: "closed" | "error") => {
    if (stopped) return;
    stop();
    opts.onEnd(reason);
  };

  const watch = (ref: ResourceRef, rv: string, onObject: (type: string, o: KubeObject) => void): Watch => {
    // the close callback may run before client.watch returns, so it reads the watch through a holder
    const holder: { w?: Watch } = {};
    holder.w = client.watch(
      ref,
      { resourceVersion: rv },
      (e) => {
        if (e.type === "ERROR") {
          // 410 Expired/Gone: the resourceVersion is too old — list again; anything else ends the stream
          if ((e.object as unknown as { code?: number }).code === 410) relistSoon();
          else end("error");
        } else if (e.type === "ADDED" || e.type === "MODIFIED" || e.type === "DELETED") onObject(e.type, e.object);
      },
      (err) => {
        // our own stop() closes after removing the watch from `watches`; anything else ended by itself
        if (holder.w === undefined || !watches.includes(holder.w)) return;
        if ((err as { code?: number } | undefined)?.code === 410) relistSoon();
        else end(err === undefined ? "closed" : "error");
      },
    );
    return holder.w;
  };

  async function start(): Promise<void> {
    if (stopped) return;
    try {
      const [nodes, pods] = await Promise.all([client.list(NODES), client.list(PODS)]);
      if (stopped) return;
      send("snapshot", { nodes: nodes.items.map(summarizeNode), pods: pods.items.map(summarizePod) });
      watches = [
        watch(NODES, nodes.metadata.resourceVersion ?? "0", (type, o) => send("node", { type, node: summarizeNode(o) })),
        watch(PODS, pods.metadata.resourceVersion ?? "0", (type, o) => send("pod", { type, pod: summarizePod(o) })),
      ];
    } catch (e) {
      console.error("[live] list failed:", e);
      end("error");
    }
  }

  const heartbeat = setInterval(() => !stopped && res.write(": ping\n\n"), opts.heartbeatMs);
  heartbeat.unref?.();

  function stop(): void {
    if (stopped) return;
    stopped = true;
    clearInterval(heartbeat);
    if (relistTimer) clearTimeout(relistTimer);
    stopWatches();
  }

  void start();
  return stop;
}

export function liveRoute(opts: LiveRouteOptions): Route {
  const heartbeatMs = opts.heartbeatMs ?? 25_000;
  const relistDelayMs = opts.relistDelayMs ?? 1_000;
  const maxStreams = opts.maxStreamsPerSandbox ?? 4;
  const open = new Map<string, number>();
  const idOf = (pathname: string) => {
    const p = sandboxPath(pathname);
    return p && p.rest === "live" ? p.id : null;
  };
  return {
    name: "live",
    matches: (pathname) => idOf(pathname) !== null,
    async handle(req: IncomingMessage, res: ServerResponse) {
      try {
        if (req.method !== "GET") throw new HttpError(405, "method_not_allowed", "allowed: GET");
        const id = idOf((req.url ?? "/").split("?")[0] ?? "/");
        const sandbox = id ? await opts.resolve(req, id) : null;
        if (!sandbox) throw new HttpError(404, "not_found", "sandbox not found");
        const key = sandbox.sandboxId;
        const count = open.get(key) ?? 0;
        if (count >= maxStreams) throw new HttpError(429, "too_many_streams", `at most ${maxStreams} live views per sandbox`);
        open.set(key, count + 1);
        res.writeHead(200, {
          "content-type": "text/event-stream; charset=utf-8",
          "cache-control": "no-cache, no-transform",
          connection: "keep-alive",
          "x-accel-buffering": "no",
          "x-content-type-options": "nosniff",
        });
        res.write("retry: 3000\n\n");
        let ended = false;
        let unsubscribe = () => {};
        const end = () => {
          if (ended) return;
          ended = true;
          stop();
          unsubscribe();
          const left = (open.get(key) ?? 1) - 1;
          if (left > 0) open.set(key, left);
          else open.delete(key);
        };
        const finish = (reason: string) => {
          if (ended) return;
          res.write(`event: end\ndata: ${JSON.stringify({ reason })}\n\n`);
          end();
          res.end();
        };
        const stop = streamLive(sandbox.client, res, { heartbeatMs, relistDelayMs, onEnd: finish });
        if (opts.onSandboxGone) unsubscribe = opts.onSandboxGone(key, finish);
        req.on("close", end);
        res.on("close", end);
        res.on("error", end);
      } catch (e) {
        if (!res.headersSent) sendError(res, e);
        else res.end();
      }
    },
  };
}
