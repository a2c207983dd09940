/** Helpers shared by the parts of the store contract suite (see ./contract.ts). */
import type { KubeObject } from "../api/types";
import { type Store, type StoreEvent, type StoreSnapshot, StoreError } from "./types";

export interface StoreFactory {
  /** a new empty store keeping at least `historyLimit` events of history (and no more than that for compaction tests) */
  create(opts: { historyLimit: number }): Store;
  /** a store restored from a snapshot */
  restore(snapshot: StoreSnapshot, opts: { historyLimit: number }): Store;
}

export const H = 1000;

export function pod(ns: string, name: string, extra: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name, namespace: ns, labels: { app: name } },
    spec: { containers: [{ name: "c", image: "nginx" }] },
    ...extra,
  };
}
export const podKey = (ns: string, name: string) => `/registry/pods/${ns}/${name}`;

export function storeError(fn: () => unknown): StoreError {
  try {
    fn();
  } catch (e) {
    if (e instanceof StoreError) return e;
    throw e;
  }
  throw new Error("expected a StoreError");
}

export function names(items: KubeObject[]): string[] {
  return items.map((o) => `${o.metadata.namespace ?? ""}/${o.metadata.name}`);
}

export function recorder(): { events: StoreEvent[]; handler: (e: StoreEvent) => void; summary: () => string[] } {
  const events: StoreEvent[] = [];
  return { events, handler: (e) => events.push(e), summary: () => events.map((e) => `${e.type} ${e.key} ${e.revision}`) };
}
