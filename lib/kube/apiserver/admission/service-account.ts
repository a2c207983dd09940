/**
 * plugin/pkg/admission/serviceaccount: pods get `serviceAccountName: default` when unset, the
 * service account must exist, and (unless automount is off) a projected `kube-api-access-xxxxx`
 * volume with the token, the cluster CA and the namespace, mounted in every container.
 */
import type { AdmissionPlugin } from "./types";
import { forbidden, isPods } from "./util";
import { randomSuffix } from "../meta";

const MOUNT_PATH = "/var/run/secrets/kubernetes.io/serviceaccount";

interface Container {
  name: string;
  volumeMounts?: { name: string; mountPath: string; readOnly?: boolean }[];
}
interface PodSpec {
  serviceAccountName?: string;
  serviceAccount?: string;
  automountServiceAccountToken?: boolean;
  nodeName?: string;
  volumes?: { name: string; [k: string]: unknown }[];
  containers?: Container[];
  initContainers?: Container[];
}

export const serviceAccount: AdmissionPlugin = {
  name: "ServiceAccount",
  phase: "mutating",
  admit(a, core) {
    if (a.operation !== "CREATE" || !isPods(a) || !a.object) return;
    // mirror pods (created by kubelets from static manifests) are left alone
    if (a.object.metadata.annotations?.["kubernetes.io/config.mirror"]) return;
    const spec = ((a.object.spec as PodSpec | undefined) ?? (a.object.spec = {})) as PodSpec;
    let changed = false;
    if (!spec.serviceAccountName) {
      spec.serviceAccountName = "default";
      changed = true;
    }
    const sa = core.store.get(`/registry/serviceaccounts/${a.namespace}/${spec.serviceAccountName}`);
    if (!sa) {
      throw forbidden(a, `error looking up service account ${a.namespace}/${spec.serviceAccountName}: serviceaccount "${spec.serviceAccountName}" not found`);
    }
    const automount = spec.automountServiceAccountToken ?? (sa as { automountServiceAccountToken?: boolean }).automountServiceAccountToken ?? true;
    if (!automount) return changed;
    const all = [...(spec.initContainers ?? []), ...(spec.containers ?? [])];
    if (all.some((c) => c.volumeMounts?.some((m) => m.mountPath === MOUNT_PATH))) return changed;
    const volumeName = `kube-api-access-${randomSuffix(core.random)}`;
    spec.volumes = [...(spec.volumes ?? []), apiAccessVolume(volumeName)];
    for (const c of all) c.volumeMounts = [...(c.volumeMounts ?? []), { name: volumeName, readOnly: true, mountPath: MOUNT_PATH }];
    return true;
  },
};

function apiAccessVolume(name: string) {
  return {
    name,
    projected: {
      sources: [
        { serviceAccountToken: { expirationSeconds: 3607, path: "token" } },
        { configMap: { name: "kube-root-ca.crt", items: [{ key: "ca.crt", path: "ca.crt" }] } },
        { downwardAPI: { items: [{ path: "namespace", fieldRef: { apiVersion: "v1", fieldPath: "metadata.namespace" } }] } },
      ],
      defaultMode: 420,
    },
  };
}
