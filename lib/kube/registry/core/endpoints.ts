/**
 * core/v1 endpoints (storage "services/endpoints", ep): SetDefaults_Endpoints, address/port
 * validation, and printEndpoints' `ip:port` list capped at three (`+ N more...`).
 */
import type { KubeObject } from "../../api/types";
import { type FieldError, fieldError } from "../../api/field-errors";
import type { ResourceDefinition } from "../types";
import {
  ALL_VERBS,
  NONE,
  ageColumn,
  asArray,
  column,
  isIPv6,
  isValidIP,
  isValidPortNum,
  nameColumn,
  simpleDefinition,
  swaggerDoc,
  translateTimestampSince,
  validateDNS1123Label,
} from "../common";

type Obj = Record<string, unknown>;
const recs = (v: unknown): Obj[] => asArray(v).filter((x): x is Obj => x !== null && typeof x === "object");
const str = (v: unknown): string => (typeof v === "string" ? v : "");

export function defaultEndpoints(ep: KubeObject): void {
  for (const ss of recs(ep.subsets)) for (const p of recs(ss.ports)) if (!p.protocol) p.protocol = "TCP";
}

const protocols = ["SCTP", "TCP", "UDP"];

function validateSubsets(ep: KubeObject): FieldError[] {
  const errs: FieldError[] = [];
  recs(ep.subsets).forEach((ss, i) => {
    const p = `subsets[${i}]`;
    const addrs = recs(ss.addresses);
    const notReady = recs(ss.notReadyAddresses);
    if (addrs.length === 0 && notReady.length === 0)
      errs.push(fieldError.required(p, "must specify `addresses` or `notReadyAddresses`"));
    const checkAddr = (a: Obj, ap: string) => {
      const ip = str(a.ip);
      if (!isValidIP(ip)) errs.push(fieldError.invalid(`${ap}.ip`, ip, "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)"));
      if (str(a.hostname)) errs.push(...validateDNS1123Label(str(a.hostname), `${ap}.hostname`));
    };
    addrs.forEach((a, j) => checkAddr(a, `${p}.addresses[${j}]`));
    notReady.forEach((a, j) => checkAddr(a, `${p}.notReadyAddresses[${j}]`));
    const ports = recs(ss.ports);
    ports.forEach((port, j) => {
      const pp = `${p}.ports[${j}]`;
      if (ports.length > 1 && !str(port.name)) errs.push(fieldError.required(`${pp}.name`));
      else if (str(port.name)) errs.push(...validateDNS1123Label(str(port.name), `${pp}.name`));
      const n = typeof port.port === "number" ? port.port : 0;
      for (const m of isValidPortNum(n)) errs.push(fieldError.invalid(`${pp}.port`, n, m));
      const proto = str(port.protocol);
      if (!proto) errs.push(fieldError.required(`${pp}.protocol`));
      else if (!protocols.includes(proto)) errs.push(fieldError.notSupported(`${pp}.protocol`, proto, protocols));
    });
  });
  return errs;
}

/** formatEndpoints(endpoints, nil) */
export function formatEndpoints(ep: KubeObject): string {
  const subsets = recs(ep.subsets);
  if (subsets.length === 0) return NONE;
  const list: string[] = [];
  const max = 3;
  let more = false;
  let count = 0;
  for (const ss of subsets) {
    const addrs = recs(ss.addresses);
    const ports = recs(ss.ports);
    if (ports.length === 0) {
      count += addrs.length;
      for (const a of addrs) {
        if (list.length === max) {
          more = true;
          break;
        }
        list.push(str(a.ip));
      }
      continue;
    }
    for (const port of ports) {
      count += addrs.length;
      for (const a of addrs) {
        if (list.length === max) {
          more = true;
          break;
        }
        const ip = str(a.ip);
        list.push(`${isIPv6(ip) ? `[${ip}]` : ip}:${port.port}`);
      }
    }
  }
  const ret = list.join(",");
  return more ? `${ret} + ${count - max} more...` : ret;
}

export const endpoints: ResourceDefinition = simpleDefinition({
  group: "",
  version: "v1",
  resource: "endpoints",
  singular: "endpoints",
  kind: "Endpoints",
  namespaced: true,
  shortNames: ["ep"],
  verbs: ALL_VERBS,
  storageResource: "services/endpoints",
  defaults: defaultEndpoints,
  validate: validateSubsets,
  printer: {
    columns: [nameColumn, column("Endpoints", "string", swaggerDoc["Endpoints.subsets"]), ageColumn],
    cells: (ep, now) => [ep.metadata.name ?? "", formatEndpoints(ep), translateTimestampSince(ep.metadata.creationTimestamp, now)],
  },
});
