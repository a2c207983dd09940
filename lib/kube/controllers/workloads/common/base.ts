/**
 * The shape every workload controller shares: a Component that registers shared-informer
 * handlers (which only enqueue keys), a level-based Controller whose reconcile reads the caches
 * and converges, an EventRecorder under the controller's name, and a Trace entry per action.
 *
 * The controller starts reconciling only once every informer it asked for has synced (client-go's
 * WaitForCacheSync), so it never acts on a half-filled cache.
 */
import type { KubeObject } from "../../../api/types";
import type { TimerHandle } from "../../../clock";
import { isConflict } from "./refs";
import {
  Controller,
  createEventRecorder,
  type Component,
  type ComponentContext,
  type EventRecorder,
  type EventType,
  type Informer,
  type ReconcileResult,
  type ResourceRef,
} from "../../../client";

const MAX_IMMEDIATE_CONFLICT_RETRIES = 3;

export interface ControllerEnv {
  readonly name: string;
  readonly ctx: ComponentContext;
  readonly recorder: EventRecorder;
  /** the shared informer for a resource (registered before the factory starts) */
  informer(ref: ResourceRef): Informer;
  enqueue(key: string): void;
  enqueueAfter(key: string, ms: number): void;
  /** a Trace entry: component = controller name, cause = the key being reconciled */
  trace(action: string, obj: KubeObject, cause: string, verdict?: string, detail?: string): void;
  /** an Event plus nothing else (events are best-effort) */
  event(obj: KubeObject, type: EventType, reason: string, message: string): void;
  now(): number;
}

export type Reconciler = (key: string) => Promise<ReconcileResult | void>;

export interface WorkloadComponent extends Component {
  /** resolves when recorded events are written (tests) */
  flushEvents(): Promise<void>;
}

/** Builds a Component named like upstream; `setup` registers handlers and returns the reconciler. */
export function defineController(name: string, setup: (env: ControllerEnv) => Reconciler, workers = 1): WorkloadComponent {
  let controller: Controller | undefined;
  let recorder: EventRecorder | undefined;
  let stopped = false;
  const timers = new Map<string, { due: number; handle: TimerHandle }>();
  const conflicts = new Map<string, number>();
  return {
    name,
    start(ctx: ComponentContext) {
      stopped = false;
      const rec = createEventRecorder(ctx.client, ctx.clock, { component: name });
      recorder = rec;
      const box: { c?: Controller } = {};
      // handlers registered by `setup` may fire before the Controller exists (a shared informer
      // that has already synced replays its objects as adds on registration): keep those keys
      // and hand them over once the controller is built, so none is dropped
      const early: Array<{ key: string; after?: number }> = [];
      const env: ControllerEnv = {
        name,
        ctx,
        recorder: rec,
        informer: (ref) => ctx.informers.informerFor(ref),
        enqueue: (key) => (box.c ? box.c.enqueue(key) : early.push({ key })),
        enqueueAfter: (key, ms) => (box.c ? box.c.enqueueAfter(key, ms) : early.push({ key, after: ms })),
        trace(action, obj, cause, verdict = "done", detail) {
          ctx.trace.record({
            component: name,
            action,
            object: { kind: obj.kind, namespace: obj.metadata.namespace, name: obj.metadata.name ?? obj.metadata.generateName ?? "" },
            ...(obj.metadata.resourceVersion ? { resourceVersion: obj.metadata.resourceVersion } : {}),
            cause,
            verdict,
            ...(detail ? { detail } : {}),
          });
        },
        event: (obj, type, reason, message) => rec.event(obj, type, reason, message),
        now: () => ctx.clock.now(),
      };
      const inner = setup(env);
      // requeueAfterMs is kept as one cancellable timer per key: a later reconcile that needs no
      // wake-up cancels it, so a converged controller holds no timers
      const reconcile = async (key: string) => {
        let res;
        try {
          res = await inner(key);
          conflicts.delete(key);
        } catch (e) {
          // a 409 means our cached copy went stale mid-sync; the newer version has already reached
          // the (in-process) informer, so retry at once from it instead of waiting on a backoff
          // timer; persistent conflicts fall back to the rate-limited retry
          const n = conflicts.get(key) ?? 0;
          if (!isConflict(e) || n >= MAX_IMMEDIATE_CONFLICT_RETRIES) {
            conflicts.delete(key);
            throw e;
          }
          conflicts.set(key, n + 1);
          ctx.trace.record({ component: name, action: "reconcile", cause: key, verdict: "conflict", detail: (e as Error).message });
          box.c?.enqueue(key);
          return;
        }
        const prev = timers.get(key);
        if (res?.requeueAfterMs !== undefined && res.requeueAfterMs > 0) {
          const due = ctx.clock.now() + res.requeueAfterMs;
          if (prev && prev.due === due) return;
          prev?.handle.cancel();
          const handle = ctx.clock.setTimer(res.requeueAfterMs, () => {
            timers.delete(key);
            box.c?.enqueue(key);
          });
          timers.set(key, { due, handle });
          return;
        }
        if (prev) {
          prev.handle.cancel();
          timers.delete(key);
        }
        return res?.requeue ? res : undefined;
      };
      const onError = (key: string, err: unknown) =>
        ctx.trace.record({ component: name, action: "reconcile", cause: key, verdict: "error", detail: err instanceof Error ? err.message : String(err) });
      const c = new Controller({ name, clock: ctx.clock, reconcile, workers, onError }, ctx.tracker);
      box.c = c;
      controller = c;
      for (const { key, after } of early.splice(0)) {
        if (after === undefined) c.enqueue(key);
        else c.enqueueAfter(key, after);
      }
      // WaitForCacheSync: starting our informers now is idempotent with the caller's start
      void ctx.informers.start().then(
        () => {
          if (!stopped) c.start();
        },
        (err: unknown) => ctx.trace.record({ component: name, action: "wait for cache sync", verdict: "error", detail: err instanceof Error ? err.message : String(err) }),
      );
    },
    stop() {
      stopped = true;
      for (const t of timers.values()) t.handle.cancel();
      timers.clear();
      controller?.stop();
      controller = undefined;
    },
    flushEvents: () => recorder?.flush() ?? Promise.resolve(),
  };
}
