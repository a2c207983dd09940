/** plugin/pkg/admission/namespace/lifecycle: no content in missing or terminating namespaces. */
import { errors, StatusError } from "../../api/errors";
import type { AdmissionAttributes, AdmissionPlugin } from "./types";
import { forbidden } from "./util";

const IMMORTAL = new Set(["default", "kube-system", "kube-public"]);
const ACCESS_REVIEWS = new Set(["localsubjectaccessreviews", "subjectaccessreviews", "selfsubjectaccessreviews", "selfsubjectrulesreviews"]);

export const namespaceLifecycle: AdmissionPlugin = {
  name: "NamespaceLifecycle",
  phase: "mutating",
  admit(a: AdmissionAttributes, core) {
    const isNamespace = a.def.group === "" && a.def.resource === "namespaces";
    if (a.operation === "DELETE" && isNamespace && IMMORTAL.has(a.name)) {
      throw errors.forbidden({ group: "", resource: "namespaces" }, a.name, "this namespace may not be deleted");
    }
    if (!a.namespace || isNamespace || !a.def.namespaced) return;
    if (a.operation === "DELETE") return;
    if (a.def.group === "authorization.k8s.io" && ACCESS_REVIEWS.has(a.def.resource)) return;
    const ns = core.store.get(`/registry/namespaces/${a.namespace}`);
    if (!ns) throw errors.notFound({ group: "", resource: "namespaces" }, a.namespace);
    if (a.operation === "CREATE" && (ns.status as { phase?: string } | undefined)?.phase === "Terminating") {
      const err = forbidden(a, `unable to create new content in namespace ${a.namespace} because it is being terminated`);
      err.status.details = {
        ...err.status.details,
        causes: [{ reason: "NamespaceTerminating", message: `namespace ${a.namespace} is being terminated`, field: "metadata.namespace" }],
      };
      throw err;
    }
  },
};

export type { StatusError };
