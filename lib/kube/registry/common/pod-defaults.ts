/**
 * SetDefaults_* of pkg/apis/core/v1/defaults.go for pod specs, as the API server applies them to
 * pods and to every pod template (deployments, jobs, ...). Functions mutate the object given.
 *
 * - `defaultPodSpec` = SetDefaults_PodSpec plus the per-field defaulters reached from a PodSpec
 *   (containers, ports, probes, lifecycle handlers, env fieldRefs, volumes);
 * - `defaultPodTemplateSpec` defaults a template's spec (templates get no SetDefaults_Pod);
 * - `defaultPod` adds SetDefaults_Pod: requests copied from limits, enableServiceLinks, host-network ports.
 */
import { asArray, asRecord } from "./printing";

type Obj = Record<string, unknown>;

/** v1 Container/EphemeralContainer, loosely typed (plain JSON) */
const records = (v: unknown): Obj[] => asArray(v).filter((x): x is Obj => x !== null && typeof x === "object");

/**
 * The tag parsers.ParseImageName would report: "" when the reference carries a digest only,
 * "latest" when it has neither tag nor digest.
 */
export function imageTag(image: string): string {
  const at = image.indexOf("@");
  const ref = at >= 0 ? image.slice(0, at) : image;
  const lastSlash = ref.lastIndexOf("/");
  const colon = ref.lastIndexOf(":");
  if (colon > lastSlash) return ref.slice(colon + 1);
  return at >= 0 ? "" : "latest";
}

function defaultProbe(probe: unknown): void {
  if (!probe || typeof probe !== "object") return;
  const p = probe as Obj;
  if (!p.timeoutSeconds) p.timeoutSeconds = 1;
  if (!p.periodSeconds) p.periodSeconds = 10;
  if (!p.successThreshold) p.successThreshold = 1;
  if (!p.failureThreshold) p.failureThreshold = 3;
  defaultHandler(p);
}

/** SetDefaults_HTTPGetAction for probes and lifecycle handlers */
function defaultHandler(handler: unknown): void {
  const h = asRecord(handler);
  if (h.httpGet && typeof h.httpGet === "object") {
    const g = h.httpGet as Obj;
    if (!g.path) g.path = "/";
    if (!g.scheme) g.scheme = "HTTP";
  }
}

function defaultEnv(c: Obj): void {
  for (const e of records(c.env)) {
    const fieldRef = asRecord(asRecord(e.valueFrom).fieldRef);
    if (e.valueFrom && asRecord(e.valueFrom).fieldRef && !fieldRef.apiVersion) fieldRef.apiVersion = "v1";
  }
}

/** SetDefaults_Container (+ ports, probes, lifecycle, env) */
export function defaultContainer(c: Obj): void {
  if (!c.imagePullPolicy) c.imagePullPolicy = imageTag(typeof c.image === "string" ? c.image : "") === "latest" ? "Always" : "IfNotPresent";
  if (!c.terminationMessagePath) c.terminationMessagePath = "/dev/termination-log";
  if (!c.terminationMessagePolicy) c.terminationMessagePolicy = "File";
  for (const p of records(c.ports)) if (!p.protocol) p.protocol = "TCP";
  defaultProbe(c.livenessProbe);
  defaultProbe(c.readinessProbe);
  defaultProbe(c.startupProbe);
  const lifecycle = asRecord(c.lifecycle);
  defaultHandler(lifecycle.postStart);
  defaultHandler(lifecycle.preStop);
  defaultEnv(c);
}

const volumeSourceKeys = [
  "hostPath", "emptyDir", "gcePersistentDisk", "awsElasticBlockStore", "gitRepo", "secret", "nfs", "iscsi", "glusterfs",
  "persistentVolumeClaim", "rbd", "flexVolume", "cinder", "cephfs", "flocker", "downwardAPI", "fc", "azureFile", "configMap",
  "vsphereVolume", "quobyte", "azureDisk", "photonPersistentDisk", "projected", "portworxVolume", "scaleIO", "storageos", "csi",
  "ephemeral", "image",
];

/** SetDefaults_Volume and the volume-source defaulters (emptyDir when no source; defaultMode 420) */
export function defaultVolume(v: Obj): void {
  if (!volumeSourceKeys.some((k) => v[k] !== undefined && v[k] !== null)) v.emptyDir = {};
  for (const k of ["secret", "configMap", "downwardAPI", "projected"]) {
    const src = v[k];
    if (src && typeof src === "object" && (src as Obj).defaultMode === undefined) (src as Obj).defaultMode = 420;
  }
  const hostPath = asRecord(v.hostPath);
  if (v.hostPath && hostPath.type === undefined) hostPath.type = "";
  for (const s of records(asRecord(v.projected).sources)) {
    const sat = asRecord(s.serviceAccountToken);
    if (s.serviceAccountToken && sat.expirationSeconds === undefined) sat.expirationSeconds = 3600;
  }
  for (const item of records(asRecord(v.downwardAPI).items)) {
    const fr = asRecord(item.fieldRef);
    if (item.fieldRef && !fr.apiVersion) fr.apiVersion = "v1";
  }
  const image = asRecord(v.image);
  if (v.image && !image.pullPolicy) image.pullPolicy = imageTag(typeof image.reference === "string" ? image.reference : "") === "latest" ? "Always" : "IfNotPresent";
}

/** SetDefaults_PodSpec and everything reachable from a PodSpec */
export function defaultPodSpec(spec: Obj): void {
  if (!spec.dnsPolicy) spec.dnsPolicy = "ClusterFirst";
  if (!spec.restartPolicy) spec.restartPolicy = "Always";
  if (spec.securityContext === undefined || spec.securityContext === null) spec.securityContext = {};
  if (spec.terminationGracePeriodSeconds === undefined || spec.terminationGracePeriodSeconds === null) spec.terminationGracePeriodSeconds = 30;
  if (!spec.schedulerName) spec.schedulerName = "default-scheduler";
  // v1 conversion keeps the deprecated serviceAccount in step with serviceAccountName
  if (!spec.serviceAccountName && typeof spec.serviceAccount === "string" && spec.serviceAccount) spec.serviceAccountName = spec.serviceAccount;
  if (spec.serviceAccountName) spec.serviceAccount = spec.serviceAccountName;
  for (const c of records(spec.containers)) defaultContainer(c);
  for (const c of records(spec.initContainers)) defaultContainer(c);
  for (const c of records(spec.ephemeralContainers)) defaultContainer(c);
  for (const v of records(spec.volumes)) defaultVolume(v);
}

/** defaults of a PodTemplateSpec (`{metadata, spec}`); creates `spec` if missing */
export function defaultPodTemplateSpec(tpl: Obj): void {
  if (!tpl.spec || typeof tpl.spec !== "object") tpl.spec = {};
  defaultPodSpec(tpl.spec as Obj);
}

function copyLimitsToRequests(c: Obj): void {
  const resources = asRecord(c.resources);
  if (!c.resources || !resources.limits || typeof resources.limits !== "object") return;
  const limits = resources.limits as Record<string, unknown>;
  const requests = (resources.requests && typeof resources.requests === "object" ? resources.requests : {}) as Record<string, unknown>;
  for (const [k, v] of Object.entries(limits)) if (!(k in requests)) requests[k] = v;
  resources.requests = requests;
}

/** SetDefaults_Pod + SetDefaults_PodSpec for a whole Pod object's spec */
export function defaultPod(pod: Obj): void {
  if (!pod.spec || typeof pod.spec !== "object") pod.spec = {};
  const spec = pod.spec as Obj;
  defaultPodSpec(spec);
  for (const c of records(spec.containers)) copyLimitsToRequests(c);
  for (const c of records(spec.initContainers)) copyLimitsToRequests(c);
  if (spec.enableServiceLinks === undefined || spec.enableServiceLinks === null) spec.enableServiceLinks = true;
  if (spec.hostNetwork === true) {
    for (const c of [...records(spec.containers), ...records(spec.initContainers)])
      for (const p of records(c.ports)) if (!p.hostPort) p.hostPort = p.containerPort;
  }
}
