/**
 * plugin/pkg/admission/limitranger (defaulting half): containers without requests/limits get the
 * `defaultRequest`/`default` of the namespace's LimitRanges of type Container, and the pod is
 * annotated `kubernetes.io/limit-ranger` saying what was set.
 */
import type { KubeObject } from "../../api/types";
import type { AdmissionPlugin } from "./types";
import { forbidden, isPods } from "./util";
import { podContainers, q } from "./pod-resources";

interface Resources {
  requests?: Record<string, string>;
  limits?: Record<string, string>;
}
interface Container {
  name: string;
  resources?: Resources;
}
interface LimitRangeItem {
  type?: string;
  default?: Record<string, string>;
  defaultRequest?: Record<string, string>;
}

export const limitRanger: AdmissionPlugin = {
  name: "LimitRanger",
  phase: "mutating",
  admit(a, core) {
    if (a.operation !== "CREATE" || !isPods(a) || !a.object) return;
    if (core.store.count(`/registry/limitranges/${a.namespace}/`) === 0) return;
    const ranges = core.store.list(`/registry/limitranges/${a.namespace}/`).items;
    const defaults: Resources = { requests: {}, limits: {} };
    for (const lr of ranges) {
      for (const item of ((lr.spec as { limits?: LimitRangeItem[] } | undefined)?.limits ?? [])) {
        if (item.type !== "Container") continue;
        Object.assign(defaults.limits!, item.default ?? {});
        Object.assign(defaults.requests!, item.defaultRequest ?? {});
      }
    }
    // upstream: a missing defaultRequest falls back to the default limit
    for (const [k, v] of Object.entries(defaults.limits!)) if (!(k in defaults.requests!)) defaults.requests![k] = v;
    const spec = a.object.spec as { containers?: Container[]; initContainers?: Container[] } | undefined;
    const notes: string[] = [];
    const apply = (c: Container, prefix: string) => {
      const res = (c.resources ??= {});
      const setReq: string[] = [];
      const setLim: string[] = [];
      for (const [k, v] of Object.entries(defaults.limits!)) {
        if (res.limits?.[k] === undefined) {
          (res.limits ??= {})[k] = v;
          setLim.push(k);
        }
      }
      for (const [k, v] of Object.entries(defaults.requests!)) {
        if (res.requests?.[k] === undefined) {
          (res.requests ??= {})[k] = v;
          setReq.push(k);
        }
      }
      if (setReq.length) notes.push(`${setReq.sort().join(", ")} request for ${prefix} ${c.name}`);
      if (setLim.length) notes.push(`${setLim.sort().join(", ")} limit for ${prefix} ${c.name}`);
    };
    for (const c of spec?.initContainers ?? []) apply(c, "init container");
    for (const c of spec?.containers ?? []) apply(c, "container");
    if (!notes.length) return false;
    annotate(a.object, "kubernetes.io/limit-ranger", `LimitRanger plugin set: ${notes.join("; ")}`);
    return true;
  },
};

function annotate(obj: KubeObject, key: string, value: string): void {
  obj.metadata.annotations = { ...(obj.metadata.annotations ?? {}), [key]: value };
}

/**
 * The validating half of LimitRanger: each container's requests/limits within the `min`/`max`
 * of the namespace's Container limits (upstream's minConstraint/maxConstraint messages).
 */
export const limitRangerValidate: AdmissionPlugin = {
  name: "LimitRanger",
  phase: "validating",
  admit(a, core) {
    if (a.operation !== "CREATE" || !isPods(a) || !a.object) return;
    const prefix = `/registry/limitranges/${a.namespace}/`;
    if (core.store.count(prefix) === 0) return;
    const errs: string[] = [];
    const { containers, initContainers } = podContainers(a.object);
    for (const lr of core.store.list(prefix).items) {
      for (const item of ((lr.spec as { limits?: (LimitRangeItem & { min?: Record<string, string>; max?: Record<string, string> })[] } | undefined)?.limits ?? [])) {
        if (item.type !== "Container") continue;
        for (const c of [...initContainers, ...containers]) {
          const req = c.resources?.requests ?? {};
          const lim = c.resources?.limits ?? {};
          for (const [r, min] of Object.entries(item.min ?? {})) {
            const e = q(min);
            if (!e) continue;
            if (req[r] === undefined) errs.push(`minimum ${r} usage per Container is ${e.toString()}.  No request is specified`);
            else if (q(req[r])!.cmp(e) < 0) errs.push(`minimum ${r} usage per Container is ${e.toString()}, but request is ${q(req[r])!.toString()}`);
            else if (lim[r] !== undefined && q(lim[r])!.cmp(e) < 0) errs.push(`minimum ${r} usage per Container is ${e.toString()}, but limit is ${q(lim[r])!.toString()}`);
          }
          for (const [r, max] of Object.entries(item.max ?? {})) {
            const e = q(max);
            if (!e) continue;
            if (lim[r] === undefined) errs.push(`maximum ${r} usage per Container is ${e.toString()}.  No limit is specified`);
            else if (q(lim[r])!.cmp(e) > 0) errs.push(`maximum ${r} usage per Container is ${e.toString()}, but limit is ${q(lim[r])!.toString()}`);
            else if (req[r] !== undefined && q(req[r])!.cmp(e) > 0) errs.push(`maximum ${r} usage per Container is ${e.toString()}, but request is ${q(req[r])!.toString()}`);
          }
        }
      }
    }
    if (errs.length === 0) return;
    const uniq = [...new Set(errs)];
    throw forbidden(a, uniq.length === 1 ? uniq[0]! : `[${uniq.join(", ")}]`);
  },
};
