/**
 * NetworkPolicy semantics (networking.k8s.io/v1, as the CNI enforces them):
 * - a pod selected by any policy whose policyTypes include a direction is isolated for that
 *   direction; traffic is then allowed only if some rule of some selecting policy allows it
 *   (policies are additive, there is no deny rule); unselected pods allow everything;
 * - policyTypes default to ["Ingress"], plus "Egress" when the policy has egress rules;
 * - a peer is podSelector (policy's namespace), namespaceSelector (all pods in matching
 *   namespaces), both (pods matching in matching namespaces), or ipBlock (cidr minus except);
 *   an empty/missing from/to matches everyone; missing ports match every port;
 * - ports match protocol (default TCP) and number, a range with endPort, or a named port of the
 *   destination pod's containers;
 * - traffic from the node a pod runs on (kubelet probes) is always allowed to it.
 * Both directions are checked for a connection: egress at the source pod, ingress at the
 * destination pod. Replies of an allowed connection are allowed (conntrack).
 */
import type { KubeObject } from "../api/types";
import { labelSelectorAsSelector, type LabelSelector, type MetaLabelSelector } from "../api/selectors";
import { cidrContains, parseCidr, type Cidr } from "./ip";
import type { Protocol } from "./types";

export interface PolicyView {
  /** NetworkPolicies of a namespace */
  policiesIn(namespace: string): readonly KubeObject[];
  namespaceLabels(namespace: string): Record<string, string> | undefined;
}

/** the other end of the connection as the policy sees it */
export interface Peer {
  ip: string;
  /** the pod owning `ip`, when it is a pod (not a node or outside address) */
  pod?: KubeObject;
}

export interface PolicyVerdict {
  allowed: boolean;
  /** "namespace/name" of the policies selecting the pod for this direction */
  isolatedBy: string[];
  /** the policy whose rule allowed the traffic */
  allowedBy?: string;
}

interface CompiledPeer {
  pods?: LabelSelector;
  namespaces?: LabelSelector;
  block?: { cidr: Cidr; except: Cidr[] };
}
interface CompiledPort {
  protocol: Protocol;
  port?: number | string;
  endPort?: number;
}
interface CompiledRule {
  /** undefined: everyone */
  peers?: CompiledPeer[];
  /** undefined: every port */
  ports?: CompiledPort[];
}
interface CompiledPolicy {
  key: string;
  namespace: string;
  podSelector: LabelSelector;
  ingress?: CompiledRule[];
  egress?: CompiledRule[];
}

interface PeerShape {
  podSelector?: MetaLabelSelector;
  namespaceSelector?: MetaLabelSelector;
  ipBlock?: { cidr: string; except?: string[] };
}
interface RuleShape {
  from?: PeerShape[];
  to?: PeerShape[];
  ports?: { protocol?: string; port?: number | string; endPort?: number }[];
}
interface PolicySpecShape {
  podSelector?: MetaLabelSelector;
  policyTypes?: string[];
  ingress?: RuleShape[];
  egress?: RuleShape[];
}

const compiled = new WeakMap<KubeObject, CompiledPolicy>();

function selector(ls: MetaLabelSelector | undefined): LabelSelector {
  try {
    return labelSelectorAsSelector(ls ?? {});
  } catch {
    return labelSelectorAsSelector(null);
  }
}

function compileRule(r: RuleShape, peersOf: PeerShape[] | undefined): CompiledRule {
  const peers =
    peersOf && peersOf.length > 0
      ? peersOf.map((p): CompiledPeer => {
          if (p.ipBlock) {
            const cidr = parseCidr(p.ipBlock.cidr);
            return cidr
              ? { block: { cidr, except: (p.ipBlock.except ?? []).map(parseCidr).filter((c): c is Cidr => !!c) } }
              : { pods: labelSelectorAsSelector(null) };
          }
          return {
            ...(p.podSelector ? { pods: selector(p.podSelector) } : {}),
            ...(p.namespaceSelector ? { namespaces: selector(p.namespaceSelector) } : {}),
          };
        })
      : undefined;
  const ports =
    r.ports && r.ports.length > 0
      ? r.ports.map((p) => ({
          protocol: (p.protocol ?? "TCP") as Protocol,
          ...(p.port !== undefined ? { port: p.port } : {}),
          ...(p.endPort !== undefined ? { endPort: p.endPort } : {}),
        }))
      : undefined;
  return { ...(peers ? { peers } : {}), ...(ports ? { ports } : {}) };
}

function compile(np: KubeObject): CompiledPolicy {
  const hit = compiled.get(np);
  if (hit) return hit;
  const spec = (np.spec ?? {}) as PolicySpecShape;
  const types =
    spec.policyTypes && spec.policyTypes.length > 0
      ? spec.policyTypes
      : spec.egress && spec.egress.length > 0
        ? ["Ingress", "Egress"]
        : ["Ingress"];
  const namespace = np.metadata.namespace ?? "default";
  const c: CompiledPolicy = {
    key: `${namespace}/${np.metadata.name}`,
    namespace,
    podSelector: selector(spec.podSelector),
    ...(types.includes("Ingress") ? { ingress: (spec.ingress ?? []).map((r) => compileRule(r, r.from)) } : {}),
    ...(types.includes("Egress") ? { egress: (spec.egress ?? []).map((r) => compileRule(r, r.to)) } : {}),
  };
  compiled.set(np, c);
  return c;
}

interface ContainerPortShape {
  name?: string;
  containerPort: number;
  protocol?: string;
}

function namedPort(pod: KubeObject | undefined, name: string, protocol: Protocol): number | undefined {
  const containers = (pod?.spec as { containers?: { ports?: ContainerPortShape[] }[] } | undefined)?.containers ?? [];
  for (const c of containers)
    for (const p of c.ports ?? []) if (p.name === name && (p.protocol ?? "TCP") === protocol) return p.containerPort;
  return undefined;
}

function portMatches(ports: CompiledPort[] | undefined, port: number, protocol: Protocol, dstPod: KubeObject | undefined): boolean {
  if (!ports) return true;
  return ports.some((p) => {
    if (p.protocol !== protocol) return false;
    if (p.port === undefined) return true;
    if (typeof p.port === "string") return namedPort(dstPod, p.port, protocol) === port;
    return p.endPort !== undefined ? port >= p.port && port <= p.endPort : port === p.port;
  });
}

function peerMatches(view: PolicyView, policyNs: string, peers: CompiledPeer[] | undefined, other: Peer): boolean {
  if (!peers) return true;
  return peers.some((p) => {
    if (p.block) return cidrContains(p.block.cidr, other.ip) && !p.block.except.some((e) => cidrContains(e, other.ip));
    const pod = other.pod;
    if (!pod) return false;
    const podNs = pod.metadata.namespace ?? "default";
    if (p.namespaces) {
      if (!p.namespaces.matches(view.namespaceLabels(podNs) ?? {})) return false;
    } else if (podNs !== policyNs) return false;
    return p.pods ? p.pods.matches(pod.metadata.labels ?? {}) : true;
  });
}

function check(
  view: PolicyView,
  subject: KubeObject,
  direction: "ingress" | "egress",
  other: Peer,
  port: number,
  protocol: Protocol,
  dstPod: KubeObject | undefined,
): PolicyVerdict {
  const ns = subject.metadata.namespace ?? "default";
  const labels = subject.metadata.labels ?? {};
  const isolatedBy: string[] = [];
  let allowedBy: string | undefined;
  for (const np of view.policiesIn(ns)) {
    const c = compile(np);
    const rules = c[direction];
    if (!rules || !c.podSelector.matches(labels)) continue;
    isolatedBy.push(c.key);
    if (allowedBy) continue;
    if (rules.some((r) => portMatches(r.ports, port, protocol, dstPod) && peerMatches(view, c.namespace, r.peers, other)))
      allowedBy = c.key;
  }
  return { allowed: isolatedBy.length === 0 || allowedBy !== undefined, isolatedBy, ...(allowedBy ? { allowedBy } : {}) };
}

/** may `src` open `port`/`protocol` on `dstPod`? */
export function checkIngress(view: PolicyView, dstPod: KubeObject, src: Peer, port: number, protocol: Protocol): PolicyVerdict {
  return check(view, dstPod, "ingress", src, port, protocol, dstPod);
}

/** may `srcPod` send to `dst` on `port`/`protocol` (the destination after DNAT)? */
export function checkEgress(view: PolicyView, srcPod: KubeObject, dst: Peer, port: number, protocol: Protocol): PolicyVerdict {
  return check(view, srcPod, "egress", dst, port, protocol, dst.pod);
}
