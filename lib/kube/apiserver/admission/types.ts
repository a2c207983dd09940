/**
 * Admission as k8s.io/apiserver/pkg/admission: after authentication and authorization, each
 * write passes the mutating plugins (which may change the object), then the registry's
 * validation, then the validating plugins (which may only refuse). A plugin refuses by throwing
 * a StatusError with upstream's message.
 */
import type { KubeObject } from "../../api/types";
import type { ResourceDefinition } from "../../registry/types";
import type { OpContext, ServerCore } from "../types";

export type AdmissionOperation = "CREATE" | "UPDATE" | "DELETE" | "CONNECT";

export interface AdmissionAttributes {
  operation: AdmissionOperation;
  def: ResourceDefinition;
  /** "" for cluster-scoped resources */
  namespace: string;
  /** "" on create with generateName */
  name: string;
  subresource: string;
  /** the incoming object (mutable for mutating plugins); absent for DELETE */
  object?: KubeObject;
  oldObject?: KubeObject;
  ctx: OpContext;
}

export interface AdmissionPlugin {
  /** upstream's plugin name, e.g. "NamespaceLifecycle" */
  name: string;
  /** mutating plugins run before validation, validating ones after */
  phase: "mutating" | "validating";
  /** returns true when it changed the object (for the trace) */
  admit(attrs: AdmissionAttributes, core: ServerCore): boolean | void;
}
