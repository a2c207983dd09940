/**
 * The slices of workload and pod objects these controllers read, typed loosely over KubeObject
 * (objects are plain JSON; every reader treats them as read-only).
 */
import type { KubeObject } from "../../../api/types";
import type { MetaLabelSelector } from "../../../api/selectors";

export interface Condition {
  type: string;
  status: "True" | "False" | "Unknown" | string;
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
  lastUpdateTime?: string;
  lastProbeTime?: string | null;
}

export interface PodTemplate {
  metadata?: { labels?: Record<string, string>; annotations?: Record<string, string>; finalizers?: string[] };
  spec?: Record<string, unknown>;
}

export interface ContainerStatus {
  name: string;
  restartCount?: number;
}

export interface PodSpec {
  nodeName?: string;
  hostname?: string;
  subdomain?: string;
  tolerations?: Toleration[];
  affinity?: Record<string, unknown>;
  [k: string]: unknown;
}

export interface Toleration {
  key?: string;
  operator?: string;
  value?: string;
  effect?: string;
  tolerationSeconds?: number;
}

export interface Pod extends KubeObject {
  spec?: PodSpec;
  status?: { phase?: string; conditions?: Condition[]; containerStatuses?: ContainerStatus[]; startTime?: string };
}

export interface WorkloadSpec {
  replicas?: number;
  selector?: MetaLabelSelector;
  template?: PodTemplate;
  minReadySeconds?: number;
  [k: string]: unknown;
}

export interface Workload extends KubeObject {
  spec?: WorkloadSpec;
  status?: Record<string, unknown>;
}
