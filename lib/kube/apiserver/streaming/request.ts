/**
 * The checks kube-apiserver makes before it proxies an exec/attach upgrade to the kubelet
 * (pkg/registry/core/pod/rest/subresources.go + strategy.go streamLocation): authentication,
 * the pod, the container (`validateContainer`), the node assignment, then the request's
 * PodExecOptions / PodAttachOptions. The kubelet's own checks happen in the StreamSource.
 */
import type { IncomingMessage } from "node:http";
import { errors, StatusError } from "../../api/errors";
import type { KubeObject } from "../../api/types";
import type { TokenAuthenticator } from "../auth";
import { lookup } from "../builtin-resources";
import type { ServerState } from "../context";
import { storageKey } from "../meta";
import { requestInfo } from "../request-info";
import { stripPrefix } from "../router";
import type { StreamRequest } from "../types";

const truthy = (v: string | null) => v !== null && /^(1|true|t|True|TRUE)$/.test(v);

interface Named {
  name: string;
}

/** validateContainer: the named container must exist; with none named, a single container is used */
function validateContainer(pod: KubeObject, container: string): string {
  const spec = (pod.spec ?? {}) as { containers?: Named[]; initContainers?: Named[]; ephemeralContainers?: Named[] };
  const containers = (spec.containers ?? []).map((c) => c.name);
  const name = pod.metadata.name ?? "";
  if (!container) {
    if (containers.length === 1) return containers[0]!;
    if (containers.length === 0) throw errors.badRequest(`a container name must be specified for pod ${name}`);
    const inits = (spec.initContainers ?? []).map((c) => c.name);
    const ephemeral = (spec.ephemeralContainers ?? []).map((c) => c.name);
    let msg = `a container name must be specified for pod ${name}, choose one of: [${containers.join(" ")}]`;
    if (inits.length) msg += ` or one of the init containers: [${inits.join(" ")}]`;
    if (ephemeral.length) msg += ` or one of the ephemeral containers: [${ephemeral.join(" ")}]`;
    throw errors.badRequest(msg);
  }
  const all = [...containers, ...(spec.initContainers ?? []).map((c) => c.name), ...(spec.ephemeralContainers ?? []).map((c) => c.name)];
  if (!all.includes(container)) throw errors.badRequest(`container ${container} is not valid for pod ${name}`);
  return container;
}

/**
 * Parses and checks an upgrade request for pods/x/exec or pods/x/attach; throws a StatusError
 * (sent as the HTTP answer instead of upgrading).
 */
export function parseStreamRequest(state: ServerState, authn: TokenAuthenticator, req: IncomingMessage): StreamRequest {
  const url = new URL(req.url ?? "/", "http://apiserver");
  const path = stripPrefix(state.prefix, url.pathname);
  if (path === undefined) throw errors.notFound({ group: "", resource: "" }, "");
  if (!authn.authenticate(req)) throw errors.unauthorized();
  const info = requestInfo(req.method ?? "GET", path, url.searchParams);
  const def = lookup(info.group, info.version, info.resource);
  const sub = info.subresource;
  if (!def || def.group !== "" || def.resource !== "pods" || !info.name) throw errors.notFound({ group: "", resource: "" }, "");
  if (sub !== "exec" && sub !== "attach") {
    if (sub === "portforward") throw errors.badRequest("port-forward is not supported by this cluster");
    throw errors.notFound({ group: "", resource: "" }, "");
  }
  const pod = state.core.store.get(storageKey(def, info.namespace, info.name));
  if (!pod) throw errors.notFound({ group: "", resource: "pods" }, info.name);
  const q = url.searchParams;
  const container = validateContainer(pod, q.get("container") ?? "");
  if (!(pod.spec as { nodeName?: string } | undefined)?.nodeName) throw errors.badRequest(`pod ${info.name} does not have a host assigned`);
  const command = q.getAll("command");
  const r: StreamRequest = { kind: sub, pod, container, command, stdin: truthy(q.get("stdin")), stdout: truthy(q.get("stdout")), stderr: truthy(q.get("stderr")), tty: truthy(q.get("tty")) };
  if (sub === "exec" && command.length === 0) throw errors.badRequest("you must specify at least 1 command");
  if (!r.stdin && !r.stdout && !r.stderr) throw errors.badRequest("you must specify at least 1 of stdin, stdout, stderr");
  return r;
}

/** a Status error without a reason, as the upgrade proxy reports a dial failure ("Error from server: …") */
export function proxyError(message: string): StatusError {
  const e = new StatusError(500, "InternalError", message);
  e.status.reason = "";
  return e;
}
