/**
 * Image references and the catalogue lookup: normalizes `nginx` to
 * `docker.io/library/nginx:latest` as docker/distribution's reference package does, resolves a
 * reference against the catalogue data and reports a missing image with containerd's errors.
 */
import { createHash } from "node:crypto";
import { IMAGES, type ImageData, type TagData } from "./catalog-data";

export interface ImageRef {
  /** as written in the pod spec */
  raw: string;
  /** docker.io/library/nginx */
  repo: string;
  tag?: string;
  digest?: string;
  /** docker.io/library/nginx:latest (or …@sha256:…) */
  normalized: string;
}

export class InvalidImageNameError extends Error {}

/** parses and normalizes an image reference; throws InvalidImageNameError */
export function parseImageRef(raw: string): ImageRef {
  const fail = (why: string) => new InvalidImageNameError(`couldn't parse image reference "${raw}": ${why}`);
  if (!raw || /\s/.test(raw)) throw fail("invalid reference format");
  let rest = raw;
  let digest: string | undefined;
  const at = rest.indexOf("@");
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!/^sha256:[a-f0-9]{64}$/.test(digest)) throw fail("invalid reference format");
  }
  let tag: string | undefined;
  const colon = rest.lastIndexOf(":");
  if (colon > rest.lastIndexOf("/")) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!/^[\w][\w.-]{0,127}$/.test(tag)) throw fail("invalid reference format");
  }
  const parts = rest.split("/");
  let domain = "docker.io";
  if (parts.length > 1 && (/[.:]/.test(parts[0]!) || parts[0] === "localhost")) domain = parts.shift()!;
  let path = parts.join("/");
  if (domain === "docker.io" && parts.length === 1) path = `library/${path}`;
  if (path !== path.toLowerCase()) throw fail(`invalid reference format: repository name (${path}) must be lowercase`);
  if (!/^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/.test(path)) throw fail("invalid reference format");
  const repo = `${domain}/${path}`;
  if (!tag && !digest) tag = "latest";
  const normalized = digest ? `${repo}${tag ? `:${tag}` : ""}@${digest}` : `${repo}:${tag}`;
  return { raw, repo, ...(tag ? { tag } : {}), ...(digest ? { digest } : {}), normalized };
}

export interface ResolvedImage {
  ref: ImageRef;
  data: ImageData;
  tag: TagData;
  /** repo digest: sha256:… */
  digest: string;
  /** docker.io/library/nginx@sha256:… (status imageID) */
  imageID: string;
  /** docker.io/library/nginx:latest (status image) */
  name: string;
  /** env, vars filled */
  vars: Record<string, string>;
}

const byRepo = new Map(IMAGES.map((i) => [i.repo, i]));

function digestOf(repo: string, tag: TagData): string {
  return "sha256:" + createHash("sha256").update(`${repo}\u0000${JSON.stringify(tag)}`).digest("hex");
}

/** a catalogue image, or a containerd-style error message for a pull */
export function resolveImage(raw: string): ResolvedImage | { error: string; notFound: boolean } {
  let ref: ImageRef;
  try {
    ref = parseImageRef(raw);
  } catch (e) {
    return { error: (e as Error).message, notFound: false };
  }
  const data = byRepo.get(ref.repo);
  const full = ref.normalized;
  const prefix = `failed to pull and unpack image "${full}": failed to resolve reference "${full}": `;
  if (!data) {
    const domain = ref.repo.split("/")[0]!;
    if (domain === "docker.io") return { error: `rpc error: code = Unknown desc = ${prefix}pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed`, notFound: false };
    if (domain === "registry.k8s.io" || domain === "ghcr.io" || domain === "quay.io" || domain === "gcr.io") return { error: `rpc error: code = NotFound desc = ${prefix}${full}: not found`, notFound: true };
    const path = ref.repo.slice(domain.length + 1);
    return { error: `rpc error: code = Unknown desc = ${prefix}failed to do request: Head "https://${domain}/v2/${path}/manifests/${ref.tag ?? ref.digest}": dial tcp: lookup ${domain.replace(/:\d+$/, "")} on 172.18.0.1:53: no such host`, notFound: false };
  }
  let tagName = ref.tag;
  let tag = tagName ? data.tags[tagName] : undefined;
  if (ref.digest) {
    const hit = Object.entries(data.tags).find(([, t]) => digestOf(data.repo, t) === ref.digest);
    if (hit && (!tagName || tag)) [tagName, tag] = [tagName ?? hit[0], hit[1]];
    else tag = undefined;
  }
  if (!tag) return { error: `rpc error: code = NotFound desc = ${prefix}${full}: not found`, notFound: true };
  const digest = digestOf(data.repo, tag);
  return {
    ref,
    data,
    tag,
    digest,
    imageID: `${data.repo}@${digest}`,
    name: ref.digest ? `${data.repo}@${ref.digest}` : `${data.repo}:${tagName}`,
    vars: tag.vars ?? {},
  };
}

/** the image's environment with its template variables filled */
export function imageEnv(img: ResolvedImage): Map<string, string> {
  const env = new Map<string, string>();
  for (const [k, v] of Object.entries(img.data.env ?? {})) env.set(k, v.replace(/\{(\w+)\}/g, (m, n: string) => img.vars[n] ?? m));
  return env;
}

/** all catalogue references (for docs and tests) */
export function catalogueRefs(): string[] {
  return IMAGES.flatMap((i) => Object.keys(i.tags).map((t) => `${i.repo}:${t}`));
}
