/**
 * ValidatePodSpec / ValidatePodTemplateSpec of pkg/apis/core/validation for the commonly hit cases:
 * containers (required, names DNS-1123 and unique, image, ports, env, mounts, probes, resources),
 * init containers, volumes (names unique, one source, required fields), restartPolicy, dnsPolicy,
 * nodeSelector, tolerations, serviceAccountName, nodeName, hostname/subdomain, activeDeadlineSeconds.
 * `path` is where the spec lives ("spec", "spec.template.spec", ...).
 */
import { type FieldError, fieldError } from "../../api/field-errors";
import { inclusiveRangeError, isDNS1123Subdomain, isValidLabelValue } from "./names";
import { validateAnnotations, validateLabelName, validateLabels } from "./objectmeta";
import { asArray, asRecord } from "./printing";
import { validateContainerCommon, validateDNS1123Label, validateLifecycle, validateProbe } from "./container-validation";

type Obj = Record<string, unknown>;
const records = (v: unknown): Obj[] => asArray(v).filter((x): x is Obj => x !== null && typeof x === "object");
const str = (v: unknown): string => (typeof v === "string" ? v : "");
const present = (v: unknown) => v !== undefined && v !== null;

const volumeSources = [
  "hostPath", "emptyDir", "gcePersistentDisk", "awsElasticBlockStore", "gitRepo", "secret", "nfs", "iscsi", "glusterfs",
  "persistentVolumeClaim", "rbd", "flexVolume", "cinder", "cephfs", "flocker", "downwardAPI", "fc", "azureFile", "configMap",
  "vsphereVolume", "quobyte", "azureDisk", "photonPersistentDisk", "projected", "portworxVolume", "scaleIO", "storageos", "csi",
  "ephemeral", "image",
];

function validateDefaultMode(mode: unknown, path: string): FieldError[] {
  if (typeof mode !== "number") return [];
  return mode < 0 || mode > 0o777 ? [fieldError.invalid(path, mode, "must be a number between 0 and 0777 (octal), both inclusive")] : [];
}

function validateVolumeSource(v: Obj, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const set = volumeSources.filter((k) => present(v[k]));
  if (set.length === 0) return [fieldError.required(path, "must specify a volume type")];
  set.slice(1).forEach((k) => errs.push(fieldError.forbidden(`${path}.${k}`, "may not specify more than 1 volume type")));
  const k = set[0]!;
  const src = asRecord(v[k]);
  const sp = `${path}.${k}`;
  switch (k) {
    case "configMap":
      if (!str(src.name)) errs.push(fieldError.required(`${sp}.name`));
      errs.push(...validateDefaultMode(src.defaultMode, `${sp}.defaultMode`));
      break;
    case "secret":
      if (!str(src.secretName)) errs.push(fieldError.required(`${sp}.secretName`));
      errs.push(...validateDefaultMode(src.defaultMode, `${sp}.defaultMode`));
      break;
    case "hostPath":
      if (!str(src.path)) errs.push(fieldError.required(`${sp}.path`));
      break;
    case "persistentVolumeClaim":
      if (!str(src.claimName)) errs.push(fieldError.required(`${sp}.claimName`));
      break;
    case "nfs":
      if (!str(src.server)) errs.push(fieldError.required(`${sp}.server`));
      if (!str(src.path)) errs.push(fieldError.required(`${sp}.path`));
      else if (!str(src.path).startsWith("/")) errs.push(fieldError.invalid(`${sp}.path`, src.path, "must be an absolute path"));
      break;
    case "emptyDir": {
      const medium = str(src.medium);
      if (medium && medium !== "Memory" && !medium.startsWith("HugePages"))
        errs.push(fieldError.notSupported(`${sp}.medium`, medium, ["", "Memory", "HugePages"]));
      break;
    }
    default:
  }
  return errs;
}

/** ValidateVolumes: returns the names of valid volumes (for mounts) and the errors */
export function validateVolumes(volumes: unknown, path: string): { names: Set<string>; errors: FieldError[] } {
  const names = new Set<string>();
  const errors: FieldError[] = [];
  records(volumes).forEach((v, i) => {
    const p = `${path}[${i}]`;
    const name = str(v.name);
    const el = validateVolumeSource(v, p);
    if (!name) el.push(fieldError.required(`${p}.name`));
    else el.push(...validateDNS1123Label(name, `${p}.name`));
    if (names.has(name)) el.push(fieldError.duplicate(`${p}.name`, name));
    if (el.length === 0) names.add(name);
    else errors.push(...el);
  });
  return { names, errors };
}

function validateContainers(containers: unknown, volumes: ReadonlySet<string>, path: string): FieldError[] {
  const list = records(containers);
  if (list.length === 0) return [fieldError.required(path)];
  const errs: FieldError[] = [];
  const seen = new Set<string>();
  list.forEach((c, i) => {
    const p = `${path}[${i}]`;
    errs.push(...validateContainerCommon(c, volumes, p));
    const name = str(c.name);
    if (name) {
      if (seen.has(name)) errs.push(fieldError.duplicate(`${p}.name`, name));
      else seen.add(name);
    }
    if (present(c.lifecycle)) errs.push(...validateLifecycle(c.lifecycle, `${p}.lifecycle`));
    errs.push(...validateProbe(c.livenessProbe, `${p}.livenessProbe`, "liveness"));
    errs.push(...validateProbe(c.readinessProbe, `${p}.readinessProbe`, "readiness"));
    errs.push(...validateProbe(c.startupProbe, `${p}.startupProbe`, "startup"));
    if (present(c.restartPolicy)) errs.push(fieldError.forbidden(`${p}.restartPolicy`, "may not be set for non-init containers"));
  });
  return errs;
}

function validateInitContainers(inits: unknown, containers: unknown, volumes: ReadonlySet<string>, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const names = new Set(records(containers).map((c) => str(c.name)));
  records(inits).forEach((c, i) => {
    const p = `${path}[${i}]`;
    errs.push(...validateContainerCommon(c, volumes, p));
    const name = str(c.name);
    if (name && names.has(name)) errs.push(fieldError.duplicate(`${p}.name`, name));
    else if (name) names.add(name);
    const rp = c.restartPolicy;
    const sidecar = rp === "Always";
    if (present(rp) && !sidecar) errs.push(fieldError.notSupported(`${p}.restartPolicy`, rp, ["Always"]));
    if (sidecar) {
      if (present(c.lifecycle)) errs.push(...validateLifecycle(c.lifecycle, `${p}.lifecycle`));
      errs.push(...validateProbe(c.livenessProbe, `${p}.livenessProbe`, "liveness"));
      errs.push(...validateProbe(c.readinessProbe, `${p}.readinessProbe`, "readiness"));
      errs.push(...validateProbe(c.startupProbe, `${p}.startupProbe`, "startup"));
    } else {
      for (const f of ["lifecycle", "livenessProbe", "readinessProbe", "startupProbe"])
        if (present(c[f])) errs.push(fieldError.forbidden(`${p}.${f}`, "may not be set for init containers without restartPolicy=Always"));
    }
  });
  return errs;
}

const taintEffects = ["NoSchedule", "PreferNoSchedule", "NoExecute"];

/** ValidateTolerations */
export function validateTolerations(tolerations: unknown, path: string): FieldError[] {
  const errs: FieldError[] = [];
  records(tolerations).forEach((t, i) => {
    const p = `${path}[${i}]`;
    const key = str(t.key);
    const op = str(t.operator);
    const value = str(t.value);
    const effect = str(t.effect);
    if (key) errs.push(...validateLabelName(key, `${p}.key`));
    if (!key && op !== "Exists")
      errs.push(fieldError.invalid(`${p}.operator`, op, 'operator must be Exists when `key` is empty, which means "match all values and all keys"'));
    if (present(t.tolerationSeconds) && effect !== "NoExecute")
      errs.push(fieldError.invalid(`${p}.effect`, effect, "effect must be 'NoExecute' when `tolerationSeconds` is set"));
    if (op === "Equal" || op === "") for (const m of isValidLabelValue(value)) errs.push(fieldError.invalid(`${p}.operator`, value, m));
    else if (op === "Exists") {
      if (value) errs.push(fieldError.invalid(`${p}.operator`, t, "value must be empty when `operator` is 'Exists'"));
    } else errs.push(fieldError.notSupported(`${p}.operator`, op, ["Equal", "Exists"]));
    if (effect && !taintEffects.includes(effect)) errs.push(fieldError.notSupported(`${p}.effect`, effect, taintEffects));
  });
  return errs;
}

const restartPolicies = ["Always", "OnFailure", "Never"];
const dnsPolicies = ["ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"];

/** ValidatePodSpec (common subset); run after defaulting, as upstream does */
export function validatePodSpec(spec: unknown, path: string): FieldError[] {
  const s = asRecord(spec);
  const { names, errors: errs } = validateVolumes(s.volumes, `${path}.volumes`);
  errs.push(...validateContainers(s.containers, names, `${path}.containers`));
  errs.push(...validateInitContainers(s.initContainers, s.containers, names, `${path}.initContainers`));
  const rp = str(s.restartPolicy);
  if (!rp) errs.push(fieldError.required(`${path}.restartPolicy`));
  else if (!restartPolicies.includes(rp)) errs.push(fieldError.notSupported(`${path}.restartPolicy`, rp, restartPolicies));
  const dp = str(s.dnsPolicy);
  if (!dp) errs.push(fieldError.required(`${path}.dnsPolicy`));
  else if (!dnsPolicies.includes(dp)) errs.push(fieldError.notSupported(`${path}.dnsPolicy`, dp, dnsPolicies));
  if (dp === "None" && !present(s.dnsConfig)) errs.push(fieldError.required(`${path}.dnsConfig`, "must provide `dnsConfig` when `dnsPolicy` is None"));
  errs.push(...validateLabels(asRecord(s.nodeSelector) as Record<string, string>, `${path}.nodeSelector`));
  const sa = str(s.serviceAccountName);
  if (sa) for (const m of isDNS1123Subdomain(sa)) errs.push(fieldError.invalid(`${path}.serviceAccountName`, sa, m));
  const node = str(s.nodeName);
  if (node) for (const m of isDNS1123Subdomain(node)) errs.push(fieldError.invalid(`${path}.nodeName`, node, m));
  const ads = s.activeDeadlineSeconds;
  if (typeof ads === "number" && (ads < 1 || ads > 2147483647))
    errs.push(fieldError.invalid(`${path}.activeDeadlineSeconds`, ads, inclusiveRangeError(1, 2147483647)));
  if (str(s.hostname)) errs.push(...validateDNS1123Label(str(s.hostname), `${path}.hostname`));
  if (str(s.subdomain)) errs.push(...validateDNS1123Label(str(s.subdomain), `${path}.subdomain`));
  errs.push(...validateTolerations(s.tolerations, `${path}.tolerations`));
  const pc = str(s.priorityClassName);
  if (pc) for (const m of isDNS1123Subdomain(pc)) errs.push(fieldError.invalid(`${path}.priorityClassName`, pc, m));
  records(s.imagePullSecrets).forEach((ref, i) => {
    if (!str(ref.name)) errs.push(fieldError.required(`${path}.imagePullSecrets[${i}].name`));
  });
  return errs;
}

/** ValidatePodTemplateSpec: template labels/annotations, the spec, and no ephemeral containers */
export function validatePodTemplateSpec(tpl: unknown, path: string): FieldError[] {
  const t = asRecord(tpl);
  const meta = asRecord(t.metadata);
  const errs = [
    ...validateLabels(meta.labels as Record<string, string> | undefined, `${path}.labels`),
    ...validateAnnotations(meta.annotations as Record<string, string> | undefined, `${path}.annotations`),
    ...validatePodSpec(t.spec, `${path}.spec`),
  ];
  if (asArray(asRecord(t.spec).ephemeralContainers).length > 0)
    errs.push(fieldError.forbidden(`${path}.spec.ephemeralContainers`, "ephemeral containers not allowed in pod template"));
  return errs;
}
