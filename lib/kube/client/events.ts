/**
 * An event recorder like client-go's record.EventRecorder: components report what they did as
 * core/v1 Events ("Scheduled", "Pulling", "SuccessfulCreate", ...), which `kubectl describe` and
 * `kubectl get events` show. Repeats of the same (object, type, reason, message) within the
 * correlation window update the existing Event's count and lastTimestamp instead of creating a
 * new one, as EventCorrelator does.
 *
 * Recording never throws and never blocks the caller: failures are swallowed (events are
 * best-effort upstream too).
 */
import { rfc3339 } from "../api/time";
import type { KubeObject } from "../api/types";
import type { Clock } from "../clock";
import type { KubeClient, ResourceRef } from "./types";

export type EventType = "Normal" | "Warning";

export interface EventSource {
  /** e.g. "default-scheduler", "kubelet", "deployment-controller" */
  component: string;
  /** node name for kubelets */
  host?: string;
}

const eventsRef: ResourceRef = { group: "", version: "v1", resource: "events" };
/** client-go's defaultAggregateMaxEvents window is 10 min; we correlate exact repeats within it */
const correlationWindowMs = 10 * 60 * 1000;
/** client-go tools/record maxLruCacheEntries */
const MAX_CORRELATED = 4096;


export interface EventRecorder {
  event(obj: KubeObject, type: EventType, reason: string, message: string, fieldPath?: string): void;
  /** resolves when every recorded event has been written (for tests and orderly shutdown) */
  flush(): Promise<void>;
}

export function createEventRecorder(client: KubeClient, clock: Clock, source: EventSource): EventRecorder {
  const recent = new Map<string, { name: string; namespace: string; count: number; first: number; last: number }>();
  let pending: Promise<unknown> = Promise.resolve();
  let sequence = 0;

  return {
    event(obj, type, reason, message, fieldPath) {
      const now = clock.now();
      const namespace = obj.metadata.namespace || "default";
      const key = [obj.metadata.uid, fieldPath ?? "", type, reason, message, source.component, source.host ?? ""].join("\u0000");
      // entries are kept in order of last use (re-inserted on every repeat): prune from the oldest
      for (const [k, v] of recent) {
        if (now - v.last <= correlationWindowMs) break;
        recent.delete(k);
      }
      const seen = recent.get(key);
      if (seen) {
        recent.delete(key);
        recent.set(key, seen);
      }
      const involvedObject = {
        kind: obj.kind,
        namespace: obj.metadata.namespace,
        name: obj.metadata.name,
        uid: obj.metadata.uid,
        apiVersion: obj.apiVersion,
        resourceVersion: obj.metadata.resourceVersion,
        ...(fieldPath ? { fieldPath } : {}),
      };
      const write = async () => {
        if (seen) {
          seen.count++;
          seen.last = now;
          await client.patch(eventsRef, seen.namespace, seen.name, "merge", { count: seen.count, lastTimestamp: rfc3339(now) });
          return;
        }
        const name = `${obj.metadata.name}.${(BigInt(now) * 1_000_000n + BigInt(sequence++ % 1_000_000)).toString(16)}`;
        recent.set(key, { name, namespace, count: 1, first: now, last: now });
        // an LRU of at most maxLruCacheEntries, as upstream's EventCorrelator keeps
        if (recent.size > MAX_CORRELATED) recent.delete(recent.keys().next().value!);
        await client.create(eventsRef, namespace, {
          apiVersion: "v1",
          kind: "Event",
          metadata: { name, namespace },
          involvedObject,
          reason,
          message,
          source: { component: source.component, ...(source.host ? { host: source.host } : {}) },
          firstTimestamp: rfc3339(now),
          lastTimestamp: rfc3339(now),
          count: 1,
          type,
          eventTime: null,
          reportingComponent: source.component,
          reportingInstance: source.host ?? "",
        });
      };
      pending = pending.then(write).catch(() => undefined);
    },
    flush: () => pending.then(() => undefined),
  };
}
