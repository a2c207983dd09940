/**
 * Fast cluster creation. Bootstrapping through the API server (admission, validation,
 * managedFields) costs tens of milliseconds, so it runs once per process and per shape
 * (node count, CA): the resulting store snapshot becomes a template, and each new cluster is
 * that snapshot with fresh uids, its own creation time and its own server URL.
 */
import { randomUUID } from "node:crypto";
import { FakeClock } from "../clock";
import { createApiServer } from "../apiserver";
import { rfc3339 } from "../apiserver/meta";
import { MemoryStore } from "../store";
import type { StoreSnapshot } from "../store/types";
import { Trace } from "../trace";
import { bootstrapCluster } from "./bootstrap";
import { startBootstrapControllers } from "./controllers";

/** the template's clock: distinctive timestamps, replaced per cluster */
const TEMPLATE_TIME = Date.UTC(2000, 0, 1, 0, 0, 0);
const TEMPLATE_SERVER = "https://kubelab-template-server.invalid";
const UUID_RE = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;

interface Template {
  json: string;
  uids: string[];
}

const templates = new Map<string, Promise<Template>>();

async function buildTemplate(nodes: number, caPem: string): Promise<Template> {
  const clock = new FakeClock(TEMPLATE_TIME);
  const store = new MemoryStore();
  const api = createApiServer({ store, clock, trace: new Trace(() => clock.now(), 10), token: "template" });
  const controllers = startBootstrapControllers(store, api.loopback, caPem, 0);
  await bootstrapCluster(api.loopback, { nodes, now: TEMPLATE_TIME, caPem, server: TEMPLATE_SERVER });
  controllers.stop();
  api.close();
  const json = JSON.stringify(store.snapshot());
  return { json, uids: [...new Set(json.match(UUID_RE) ?? [])] };
}

/** A fresh bootstrapped store snapshot for a cluster created at `now`, served at `server`. */
export async function bootstrapSnapshot(nodes: number, caPem: string, server: string, now: number): Promise<StoreSnapshot> {
  const key = `${nodes}\u0000${caPem}`;
  let t = templates.get(key);
  if (!t) templates.set(key, (t = buildTemplate(nodes, caPem)));
  const tpl = await t;
  const uidMap = new Map(tpl.uids.map((u) => [u, randomUUID()]));
  const seconds = rfc3339(now);
  const micro = new Date(now).toISOString().replace("Z", "000Z");
  const templateSeconds = rfc3339(TEMPLATE_TIME);
  const templateMicro = new Date(TEMPLATE_TIME).toISOString().replace("Z", "000Z");
  const json = tpl.json
    .replaceAll(templateMicro, micro)
    .replaceAll(templateSeconds, seconds)
    .replaceAll(TEMPLATE_SERVER, server)
    .replace(UUID_RE, (u) => uidMap.get(u) ?? u);
  return JSON.parse(json) as StoreSnapshot;
}
