/**
 * Container validation of pkg/apis/core/validation (validateContainerCommon, ports, env, volume
 * mounts, probes, lifecycle, resources) with upstream's paths and messages.
 */
import { type FieldError, fieldError } from "../../api/field-errors";
import { isConfigMapKey, isDNS1123Label, isRelaxedEnvVarName, isValidPortName, isValidPortNum, isDNS1123Subdomain } from "./names";
import { validateNonnegativeField } from "./objectmeta";
import { asArray, asRecord } from "./printing";
import { QUANTITY_SYNTAX_ERROR, compareQuantities, parseQuantity, quantityString } from "./quantity";

type Obj = Record<string, unknown>;
const records = (v: unknown): Obj[] => asArray(v).filter((x): x is Obj => x !== null && typeof x === "object");
const str = (v: unknown): string => (typeof v === "string" ? v : "");
const num = (v: unknown): number => (typeof v === "number" ? v : 0);

export const notFound = (field: string, value: unknown): FieldError => ({ type: "FieldValueNotFound", field, value });

/** ValidateDNS1123Label: one Invalid per problem */
export function validateDNS1123Label(value: string, path: string): FieldError[] {
  return isDNS1123Label(value).map((m) => fieldError.invalid(path, value, m));
}

/** ValidatePortNumOrName for an IntOrString */
export function validatePortNumOrName(port: unknown, path: string): FieldError[] {
  if (typeof port === "number") return isValidPortNum(port).map((m) => fieldError.invalid(path, port, m));
  if (typeof port === "string") return isValidPortName(port).map((m) => fieldError.invalid(path, port, m));
  return [{ type: "InternalError", field: path, detail: `unknown type: ${typeof port}` }];
}

const supportedPortProtocols = ["SCTP", "TCP", "UDP"];

export function validateContainerPorts(ports: unknown, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const names = new Set<string>();
  records(ports).forEach((port, i) => {
    const p = `${path}[${i}]`;
    const name = str(port.name);
    if (name) {
      const msgs = isValidPortName(name);
      if (msgs.length) for (const m of msgs) errs.push(fieldError.invalid(`${p}.name`, name, m));
      else if (names.has(name)) errs.push(fieldError.duplicate(`${p}.name`, name));
      else names.add(name);
    }
    const cp = num(port.containerPort);
    if (cp === 0) errs.push(fieldError.required(`${p}.containerPort`));
    else for (const m of isValidPortNum(cp)) errs.push(fieldError.invalid(`${p}.containerPort`, cp, m));
    const hp = num(port.hostPort);
    if (hp !== 0) for (const m of isValidPortNum(hp)) errs.push(fieldError.invalid(`${p}.hostPort`, hp, m));
    const proto = str(port.protocol);
    if (!proto) errs.push(fieldError.required(`${p}.protocol`));
    else if (!supportedPortProtocols.includes(proto)) errs.push(fieldError.notSupported(`${p}.protocol`, proto, supportedPortProtocols));
  });
  return errs;
}

function validateKeySelector(sel: Obj, path: string, nameField: string): FieldError[] {
  const errs: FieldError[] = [];
  const name = str(sel[nameField]);
  if (!name) errs.push(fieldError.required(`${path}.${nameField}`));
  else for (const m of isDNS1123Subdomain(name)) errs.push(fieldError.invalid(`${path}.${nameField}`, name, m));
  const key = str(sel.key);
  if (!key) errs.push(fieldError.required(`${path}.key`));
  else for (const m of isConfigMapKey(key)) errs.push(fieldError.invalid(`${path}.key`, key, m));
  return errs;
}

/** ValidateEnv (relaxed names, as 1.33 with RelaxedEnvironmentVariableValidation on) + valueFrom */
export function validateEnv(env: unknown, path: string): FieldError[] {
  const errs: FieldError[] = [];
  records(env).forEach((ev, i) => {
    const p = `${path}[${i}]`;
    const name = str(ev.name);
    if (!name) errs.push(fieldError.required(`${p}.name`));
    else for (const m of isRelaxedEnvVarName(name)) errs.push(fieldError.invalid(`${p}.name`, name, m));
    if (ev.valueFrom === undefined || ev.valueFrom === null) return;
    const vf = asRecord(ev.valueFrom);
    const vp = `${p}.valueFrom`;
    const sources = ["fieldRef", "resourceFieldRef", "configMapKeyRef", "secretKeyRef"].filter((k) => vf[k] !== undefined && vf[k] !== null);
    if (sources.length === 0) {
      errs.push(fieldError.invalid(vp, "", "must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`"));
      return;
    }
    if (str(ev.value) !== "") errs.push(fieldError.invalid(vp, "", "may not be specified when `value` is not empty"));
    if (sources.length > 1) {
      errs.push(fieldError.forbidden(vp, "may not have more than one field specified at a time"));
      return;
    }
    const src = sources[0]!;
    const sel = asRecord(vf[src]);
    if (src === "fieldRef") {
      if (!str(sel.fieldPath)) errs.push(fieldError.required(`${vp}.fieldRef.fieldPath`));
    } else if (src === "resourceFieldRef") {
      if (!str(sel.resource)) errs.push(fieldError.required(`${vp}.resourceFieldRef.resource`));
    } else {
      errs.push(...validateKeySelector(sel, `${vp}.${src}`, "name"));
    }
  });
  return errs;
}

export function validateEnvFrom(envFrom: unknown, path: string): FieldError[] {
  const errs: FieldError[] = [];
  records(envFrom).forEach((ef, i) => {
    const p = `${path}[${i}]`;
    const prefix = str(ef.prefix);
    if (prefix) for (const m of isRelaxedEnvVarName(prefix)) errs.push(fieldError.invalid(`${p}.prefix`, prefix, m));
    const refs = ["configMapRef", "secretRef"].filter((k) => ef[k] !== undefined && ef[k] !== null);
    if (refs.length === 0) errs.push(fieldError.invalid(p, "", "must specify one of: `configMapRef` or `secretRef`"));
    else if (refs.length > 1) errs.push(fieldError.forbidden(p, "may not have more than one field specified at a time"));
    else {
      const ref = refs[0]!;
      const name = str(asRecord(ef[ref]).name);
      if (!name) errs.push(fieldError.required(`${p}.${ref}.name`));
      else for (const m of isDNS1123Subdomain(name)) errs.push(fieldError.invalid(`${p}.${ref}.name`, name, m));
    }
  });
  return errs;
}

/** ValidateVolumeMounts: names must match a pod volume (`Not found`), mountPath required and unique */
export function validateVolumeMounts(mounts: unknown, volumes: ReadonlySet<string>, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const points = new Set<string>();
  records(mounts).forEach((m, i) => {
    const p = `${path}[${i}]`;
    const name = str(m.name);
    if (!name) errs.push(fieldError.required(`${p}.name`));
    if (!volumes.has(name)) errs.push(notFound(`${p}.name`, name));
    const mp = str(m.mountPath);
    if (!mp) errs.push(fieldError.required(`${p}.mountPath`));
    if (points.has(mp)) errs.push(fieldError.invalid(`${p}.mountPath`, mp, "must be unique"));
    points.add(mp);
    const sub = str(m.subPath);
    if (sub && (sub.startsWith("/") || sub.split("/").includes("..")))
      errs.push(fieldError.invalid(`${p}.subPath`, sub, sub.startsWith("/") ? "must be a relative path" : "must not contain '..'"));
  });
  return errs;
}

const pullPolicies = ["Always", "IfNotPresent", "Never"];

function validateHandler(handler: Obj, path: string, kinds: string[]): FieldError[] {
  const errs: FieldError[] = [];
  let n = 0;
  for (const k of kinds) {
    if (handler[k] === undefined || handler[k] === null) continue;
    if (n > 0) {
      errs.push(fieldError.forbidden(`${path}.${k}`, "may not specify more than 1 handler type"));
      continue;
    }
    n++;
    const h = asRecord(handler[k]);
    const hp = `${path}.${k}`;
    if (k === "exec" && asArray(h.command).length === 0) errs.push(fieldError.required(`${hp}.command`));
    if (k === "httpGet") {
      if (!str(h.path)) errs.push(fieldError.required(`${hp}.path`));
      errs.push(...validatePortNumOrName(h.port, `${hp}.port`));
      const scheme = str(h.scheme);
      if (!["HTTP", "HTTPS"].includes(scheme)) errs.push(fieldError.notSupported(`${hp}.scheme`, scheme, ["HTTP", "HTTPS"]));
    }
    if (k === "tcpSocket") errs.push(...validatePortNumOrName(h.port, `${hp}.port`));
    if (k === "grpc") for (const m of isValidPortNum(num(h.port))) errs.push(fieldError.invalid(`${hp}.port`, num(h.port), m));
    if (k === "sleep" && num(h.seconds) < 0) errs.push(fieldError.invalid(`${hp}.seconds`, num(h.seconds), "must be non-negative"));
  }
  if (n === 0) errs.push(fieldError.required(path, "must specify a handler type"));
  return errs;
}

const probeKinds = ["exec", "httpGet", "tcpSocket", "grpc"];

/** validateProbe (+ the liveness/startup `successThreshold` must be 1 rule) */
export function validateProbe(probe: unknown, path: string, kind: "liveness" | "readiness" | "startup"): FieldError[] {
  if (probe === undefined || probe === null) return [];
  const p = asRecord(probe);
  const errs = validateHandler(p, path, probeKinds);
  for (const f of ["initialDelaySeconds", "timeoutSeconds", "periodSeconds", "successThreshold", "failureThreshold"])
    errs.push(...validateNonnegativeField(num(p[f]), `${path}.${f}`));
  const tgp = p.terminationGracePeriodSeconds;
  if (kind === "readiness" && tgp !== undefined && tgp !== null)
    errs.push(fieldError.invalid(`${path}.terminationGracePeriodSeconds`, tgp, "must not be set for readinessProbes"));
  else if (typeof tgp === "number" && tgp <= 0) errs.push(fieldError.invalid(`${path}.terminationGracePeriodSeconds`, tgp, "must be greater than 0"));
  if (kind !== "readiness" && num(p.successThreshold) !== 1) errs.push(fieldError.invalid(`${path}.successThreshold`, num(p.successThreshold), "must be 1"));
  return errs;
}

export function validateLifecycle(lifecycle: unknown, path: string): FieldError[] {
  const l = asRecord(lifecycle);
  const errs: FieldError[] = [];
  for (const hook of ["postStart", "preStop"])
    if (l[hook] !== undefined && l[hook] !== null) errs.push(...validateHandler(asRecord(l[hook]), `${path}.${hook}`, ["exec", "httpGet", "tcpSocket", "sleep"]));
  return errs;
}

const standardContainerResources = new Set(["cpu", "memory", "ephemeral-storage"]);
const integerResource = (name: string) => name.startsWith("hugepages-") || (name.includes("/") && !name.startsWith("kubernetes.io/"));

function validateResourceList(list: unknown, path: string): FieldError[] {
  const errs: FieldError[] = [];
  for (const [name, q] of Object.entries(asRecord(list))) {
    const p = `${path}[${name}]`;
    if (!standardContainerResources.has(name) && !name.startsWith("hugepages-") && !name.includes("/"))
      errs.push(fieldError.invalid(p, name, "must be a standard resource for containers"));
    const v = parseQuantity(q);
    if (v === undefined) errs.push(fieldError.invalid(p, quantityString(q), QUANTITY_SYNTAX_ERROR));
    else if (v < 0) errs.push(fieldError.invalid(p, quantityString(q), "must be greater than or equal to 0"));
    else if (integerResource(name) && name.includes("/") && !Number.isInteger(v)) errs.push(fieldError.invalid(p, quantityString(q), "must be an integer"));
  }
  return errs;
}

/** ValidateResourceRequirements: names, quantities, requests <= limits */
export function validateResources(resources: unknown, path: string): FieldError[] {
  const r = asRecord(resources);
  const limits = asRecord(r.limits);
  const requests = asRecord(r.requests);
  const errs = [...validateResourceList(r.limits, `${path}.limits`), ...validateResourceList(r.requests, `${path}.requests`)];
  for (const [name, q] of Object.entries(requests)) {
    if (parseQuantity(q) === undefined) continue;
    if (name in limits && parseQuantity(limits[name]) !== undefined) {
      const overcommit = !name.startsWith("hugepages-") && !(name.includes("/") && !name.startsWith("kubernetes.io/"));
      const cmp = compareQuantities(q, limits[name]);
      if (!overcommit && cmp !== 0)
        errs.push(fieldError.invalid(`${path}.requests`, quantityString(q), `must be equal to ${name} limit of ${quantityString(limits[name])}`));
      else if (cmp > 0)
        errs.push(fieldError.invalid(`${path}.requests`, quantityString(q), `must be less than or equal to ${name} limit of ${quantityString(limits[name])}`));
    }
  }
  return errs;
}

/** validateContainerCommon: name, image, terminationMessagePolicy, ports, env, mounts, pull policy, resources */
export function validateContainerCommon(c: Obj, volumes: ReadonlySet<string>, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const name = str(c.name);
  if (!name) errs.push(fieldError.required(`${path}.name`));
  else errs.push(...validateDNS1123Label(name, `${path}.name`));
  if (!str(c.image)) errs.push(fieldError.required(`${path}.image`));
  const tmp = str(c.terminationMessagePolicy);
  if (!tmp) errs.push(fieldError.required(`${path}.terminationMessagePolicy`));
  else if (tmp !== "File" && tmp !== "FallbackToLogsOnError")
    errs.push(fieldError.notSupported(`${path}.terminationMessagePolicy`, tmp, ["File", "FallbackToLogsOnError"]));
  errs.push(...validateContainerPorts(c.ports, `${path}.ports`));
  errs.push(...validateEnv(c.env, `${path}.env`));
  errs.push(...validateEnvFrom(c.envFrom, `${path}.envFrom`));
  errs.push(...validateVolumeMounts(c.volumeMounts, volumes, `${path}.volumeMounts`));
  const pp = str(c.imagePullPolicy);
  if (!pp) errs.push(fieldError.required(`${path}.imagePullPolicy`));
  else if (!pullPolicies.includes(pp)) errs.push(fieldError.notSupported(`${path}.imagePullPolicy`, pp, pullPolicies));
  errs.push(...validateResources(c.resources, `${path}.resources`));
  return errs;
}
