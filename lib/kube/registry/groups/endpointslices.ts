/**
 * discovery.k8s.io/v1 endpointslices: pkg/registry/discovery/endpointslice with
 * SetDefaults_EndpointPort and ValidateEndpointSlice (address type, endpoints, ports).
 */
import type { KubeObject } from "../../api/types";
import { type FieldError, fieldError } from "../../api/field-errors";
import type { ResourceDefinition, TablePrinter } from "../types";
import { ageColumn, ageOf, column, isDNS1123Label, isIPv4, isIPv6, isQualifiedName, nameColumn, simpleDefinition } from "../common";
import { groupDocs } from "./descriptions";
import { asArray, asObject, deepEqual, validateImmutable } from "./util";

const ADDRESS_TYPES = ["FQDN", "IPv4", "IPv6"];
const PROTOCOLS = ["SCTP", "TCP", "UDP"];

export function defaultEndpointSlice(obj: KubeObject): void {
  for (const raw of asArray(obj.ports)) {
    const p = asObject(raw);
    if (!p) continue;
    if (p.name === undefined || p.name === null) p.name = "";
    if (p.protocol === undefined || p.protocol === null) p.protocol = "TCP";
  }
}

const fqdn = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?)(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)+$/;

export function validateEndpointSlice(obj: KubeObject): FieldError[] {
  const errs: FieldError[] = [];
  const at = obj.addressType;
  if (at === undefined || at === null || at === "") errs.push(fieldError.required("addressType", ""));
  else if (!ADDRESS_TYPES.includes(String(at))) errs.push(fieldError.notSupported("addressType", at, ADDRESS_TYPES));
  const endpoints = asArray(obj.endpoints);
  if (endpoints.length > 1000) errs.push({ type: "FieldValueTooMany", field: "endpoints", value: endpoints.length, detail: "must have at most 1000 items" });
  else
    endpoints.forEach((raw, i) => {
      const ep = asObject(raw) ?? {};
      const path = `endpoints[${i}].addresses`;
      const addrs = asArray(ep.addresses).map(String);
      if (addrs.length === 0) errs.push(fieldError.required(path, "must contain at least 1 address"));
      else if (addrs.length > 100) errs.push({ type: "FieldValueTooMany", field: path, value: addrs.length, detail: "must have at most 100 items" });
      addrs.forEach((a, j) => {
        if (at === "IPv4" && !isIPv4(a)) errs.push(fieldError.invalid(`${path}[${j}]`, a, "must be a valid IPv4 address"));
        if (at === "IPv6" && !isIPv6(a)) errs.push(fieldError.invalid(`${path}[${j}]`, a, "must be a valid IPv6 address"));
        if (at === "FQDN" && !fqdn.test(a)) errs.push(fieldError.invalid(`${path}[${j}]`, a, "should be a domain with at least two segments separated by dots"));
      });
    });
  const ports = asArray(obj.ports);
  const seen = new Set<string>();
  ports.forEach((raw, i) => {
    const p = asObject(raw) ?? {};
    const path = `ports[${i}]`;
    const name = typeof p.name === "string" ? p.name : "";
    if (name.length > 0) for (const m of isDNS1123Label(name)) errs.push(fieldError.invalid(`${path}.name`, name, m));
    if (seen.has(name)) errs.push(fieldError.duplicate(`${path}.name`, name));
    seen.add(name);
    if (p.protocol === undefined || p.protocol === null) errs.push(fieldError.required(`${path}.protocol`, ""));
    else if (!PROTOCOLS.includes(String(p.protocol))) errs.push(fieldError.notSupported(`${path}.protocol`, p.protocol, PROTOCOLS));
    if (typeof p.appProtocol === "string") for (const m of isQualifiedName(p.appProtocol)) errs.push(fieldError.invalid(`${path}.appProtocol`, p.appProtocol, m));
  });
  return errs;
}

/** formatDiscoveryPorts / formatDiscoveryEndpoints: first 3, then "+ N more...", "<unset>" when empty */
function listWithMore(items: string[]): string {
  const shown = items.slice(0, 3).join(",");
  if (items.length > 3) return `${shown} + ${items.length - 3} more...`;
  return shown === "" ? "<unset>" : shown;
}

export function formatSlicePorts(obj: KubeObject): string {
  return listWithMore(
    asArray(obj.ports).map((raw) => {
      const p = asObject(raw) ?? {};
      if (typeof p.port === "number") return String(p.port);
      if (typeof p.name === "string") return p.name;
      return "*";
    }),
  );
}

export function formatSliceEndpoints(obj: KubeObject): string {
  return listWithMore(asArray(obj.endpoints).flatMap((raw) => asArray(asObject(raw)?.addresses).map(String)));
}

export const endpointSlicePrinter: TablePrinter = {
  columns: [
    nameColumn,
    column("AddressType", "string", groupDocs["EndpointSlice.addressType"]),
    column("Ports", "string", groupDocs["EndpointSlice.ports"]),
    column("Endpoints", "string", groupDocs["EndpointSlice.endpoints"]),
    ageColumn,
  ],
  cells(obj, now) {
    return [obj.metadata.name ?? "", typeof obj.addressType === "string" ? obj.addressType : "", formatSlicePorts(obj), formatSliceEndpoints(obj), ageOf(obj, now)];
  },
};

export const endpointslices: ResourceDefinition = {
  ...simpleDefinition({
    group: "discovery.k8s.io",
    version: "v1",
    resource: "endpointslices",
    singular: "endpointslice",
    kind: "EndpointSlice",
    namespaced: true,
    defaults: defaultEndpointSlice,
    validate: validateEndpointSlice,
    validateUpdateExtra: (obj, old) => validateImmutable(obj.addressType, old.addressType, "addressType"),
    printer: endpointSlicePrinter,
  }),
  prepareForCreate(obj) {
    obj.metadata.generation = 1;
  },
  prepareForUpdate(obj, old) {
    // any change outside metadata bumps the generation (no status subresource here)
    const { metadata: _m, ...rest } = obj;
    const { metadata: _o, ...oldRest } = old;
    obj.metadata.generation = (old.metadata.generation ?? 0) + (deepEqual(rest, oldRest) ? 0 : 1);
  },
};
