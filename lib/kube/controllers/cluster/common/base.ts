/**
 * The shape every cluster controller shares (kube-controller-manager style): a Component that
 * registers shared-informer handlers which only enqueue keys, one level-based Controller whose
 * reconcile reads the caches and converges, an EventRecorder under the controller's upstream
 * name, and one Trace entry per action taken.
 *
 * Guarantees: reconciling starts only once every informer asked for has synced (client-go's
 * WaitForCacheSync); after `stop()` no handler enqueues and no timer stays pending.
 */
import type { KubeObject } from "../../../api/types";
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

export interface ControllerEnv {
  readonly name: string;
  readonly ctx: ComponentContext;
  /** the shared informer for a resource (registered before the factory starts) */
  informer(ref: ResourceRef): Informer;
  enqueue(key: string): void;
  enqueueAfter(key: string, ms: number): void;
  /** a Trace entry: component = controller name, cause = the key being reconciled */
  trace(action: string, obj: KubeObject | TraceTarget, cause: string, verdict?: string, detail?: string): void;
  /** a core/v1 Event (best-effort) */
  event(obj: KubeObject, type: EventType, reason: string, message: string): void;
  now(): number;
}

export interface TraceTarget {
  kind: string;
  namespace?: string;
  name: string;
}

export type Reconciler = (key: string) => Promise<ReconcileResult | void>;

export interface ClusterComponent extends Component {
  /** resolves when recorded events are written (tests, orderly shutdown) */
  flushEvents(): Promise<void>;
}

/** Builds a Component named like upstream; `setup` registers handlers and returns the reconciler. */
export function defineController(
  name: string,
  setup: (env: ControllerEnv) => Reconciler,
  opts: { workers?: number; onStop?: () => void } = {},
): ClusterComponent {
  let controller: Controller | undefined;
  let recorder: EventRecorder | undefined;
  let stopped = false;
  return {
    name,
    start(ctx: ComponentContext) {
      stopped = false;
      const rec = createEventRecorder(ctx.client, ctx.clock, { component: name });
      recorder = rec;
      // the controller exists before handlers are registered: an already-synced shared informer replays its cache at once
      let reconcile: Reconciler = async () => undefined;
      const c = new Controller(
        {
          name,
          clock: ctx.clock,
          reconcile: (key) => reconcile(key),
          workers: opts.workers ?? 1,
          // a failed reconcile is retried with backoff; the trace shows why
          onError: (key, err) =>
            void ctx.trace.record({
              component: name,
              action: "reconcile",
              cause: key,
              verdict: "error",
              detail: err instanceof Error ? err.message : String(err),
            }),
        },
        ctx.tracker,
      );
      controller = c;
      const env: ControllerEnv = {
        name,
        ctx,
        informer: (ref) => ctx.informers.informerFor(ref),
        enqueue: (key) => {
          if (!stopped) c.enqueue(key);
        },
        enqueueAfter: (key, ms) => {
          if (!stopped) c.enqueueAfter(key, ms);
        },
        trace(action, obj, cause, verdict = "done", detail) {
          const meta = "metadata" in obj ? (obj as KubeObject).metadata : undefined;
          const target = meta
            ? { kind: (obj as KubeObject).kind, namespace: meta.namespace, name: meta.name ?? meta.generateName ?? "" }
            : (obj as TraceTarget);
          ctx.trace.record({
            component: name,
            action,
            object: { kind: target.kind, ...(target.namespace ? { namespace: target.namespace } : {}), name: target.name },
            ...(meta?.resourceVersion ? { resourceVersion: meta.resourceVersion } : {}),
            cause,
            verdict,
            ...(detail ? { detail } : {}),
          });
        },
        event: (obj, type, reason, message) => rec.event(obj, type, reason, message),
        now: () => ctx.clock.now(),
      };
      reconcile = setup(env);
      ctx.informers.start().then(
        () => {
          if (!stopped) c.start();
        },
        (err: unknown) =>
          void ctx.trace.record({
            component: name,
            action: "sync-informers",
            verdict: "error",
            detail: err instanceof Error ? err.message : String(err),
          }),
      );
    },
    stop() {
      stopped = true;
      controller?.stop();
      controller = undefined;
      opts.onStop?.();
    },
    flushEvents: () => recorder?.flush() ?? Promise.resolve(),
  };
}
