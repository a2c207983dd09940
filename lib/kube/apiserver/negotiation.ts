/**
 * Content negotiation: parsing Content-Type/Accept, decoding request bodies (JSON, YAML,
 * protobuf) and deciding the response shape (plain object, Table, PartialObjectMetadata).
 * Responses are always JSON: kubectl and client-go accept JSON even when they offer protobuf.
 */
import { parse as parseYaml, YAMLParseError } from "yaml";
import { errors, StatusError } from "../api/errors";
import { goJsonSyntaxError } from "./go-json";
import type { KubeObject } from "../api/types";
import { decodeProtobuf } from "./deps";

export interface MediaType {
  /** "application/json" (lower case, no parameters) */
  type: string;
  params: Record<string, string>;
}

export function parseMediaType(value: string): MediaType {
  const [head, ...rest] = value.split(";");
  const params: Record<string, string> = {};
  for (const p of rest) {
    const i = p.indexOf("=");
    if (i < 0) continue;
    params[p.slice(0, i).trim().toLowerCase()] = p.slice(i + 1).trim().replace(/^"|"$/g, "");
  }
  return { type: (head ?? "").trim().toLowerCase(), params };
}

/** The media ranges of an Accept header, in the client's order (q-values are not used by kubectl). */
export function parseAccept(header: string | undefined): MediaType[] {
  if (!header) return [];
  return header
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean)
    .map(parseMediaType);
}

export const JSON_TYPE = "application/json";
export const YAML_TYPE = "application/yaml";
export const PROTOBUF_TYPE = "application/vnd.kubernetes.protobuf";
export const BODY_TYPES = [JSON_TYPE, YAML_TYPE, PROTOBUF_TYPE];

export type PatchKind = "json" | "merge" | "strategic" | "apply";
export const PATCH_TYPES: Record<string, PatchKind> = {
  "application/json-patch+json": "json",
  "application/merge-patch+json": "merge",
  "application/strategic-merge-patch+json": "strategic",
  "application/apply-patch+yaml": "apply",
  "application/apply-patch+cbor": "apply",
};

/** How the response should be shaped, from the Accept header (`as=Table;v=v1;g=meta.k8s.io`). */
export interface ResponseShape {
  as: "object" | "Table" | "PartialObjectMetadata" | "PartialObjectMetadataList";
  /** meta.k8s.io version of the Table/PartialObjectMetadata ("v1" or "v1beta1") */
  metaVersion: string;
}

export function responseShape(accept: string | undefined): ResponseShape {
  for (const m of parseAccept(accept)) {
    if (m.type !== JSON_TYPE && m.type !== "application/*" && m.type !== "*/*" && m.type !== PROTOBUF_TYPE) continue;
    const as = m.params["as"];
    if (!as) {
      if (m.type === PROTOBUF_TYPE) continue;
      return { as: "object", metaVersion: "v1" };
    }
    if (m.params["g"] !== "meta.k8s.io") continue;
    const v = m.params["v"] ?? "";
    if (v !== "v1" && v !== "v1beta1") continue;
    if (as === "Table" || as === "PartialObjectMetadata" || as === "PartialObjectMetadataList") return { as, metaVersion: v };
  }
  return { as: "object", metaVersion: "v1" };
}

/** the decoded value must be an object (json.Unmarshal into the apiVersion/kind struct) */
function objectOrThrow(value: unknown): unknown {
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw errors.badRequest(`couldn't get version/kind; json parse error: json: cannot unmarshal ${Array.isArray(value) ? "array" : typeof value} into Go value of type struct { APIVersion string "json:\\"apiVersion,omitempty\\""; Kind string "json:\\"kind,omitempty\\"" }`);
  }
  return value;
}

/** handlers/rest.go summarizeData: the body's start, as text when it looks like JSON, else hex */
function summarizeData(body: Buffer, max = 30): string {
  if (body.length === 0) return "<empty>";
  const head = body.subarray(0, max);
  const more = body.length > max ? " ..." : "";
  return body[0] === 0x7b ? `${head.toString("utf8")}${more}` : `${head.toString("hex")}${more}`;
}

/**
 * The decoded body of a create/update request. With `kind` (the endpoint's), a body that is not
 * JSON/YAML at all is reported as handlers/create.go's transformDecodeError does:
 * `the object provided is unrecognized (must be of type ConfigMap): couldn't get version/kind;
 * json parse error: invalid character 'o' looking for beginning of value (6e6f7420...)`.
 */
export function decodeObject(body: Buffer, contentType: string | undefined, kind?: string): KubeObject {
  const mt = parseMediaType(contentType || JSON_TYPE);
  let value: unknown;
  const unrecognized = (parseBody: (b: Buffer) => unknown) => {
    const parse = (b: Buffer) => objectOrThrow(parseBody(b));
    if (!kind || body.length === 0) return parse(body);
    try {
      return parse(body);
    } catch (e) {
      if (e instanceof StatusError && e.status.code === 400) throw errors.badRequest(`the object provided is unrecognized (must be of type ${kind}): ${e.status.message} (${summarizeData(body)})`);
      throw e;
    }
  };
  switch (mt.type) {
    case "":
    case JSON_TYPE:
      value = unrecognized(parseJsonBody);
      break;
    case YAML_TYPE:
    case "application/x-yaml":
    case "text/yaml":
      value = unrecognized(parseYamlBody);
      break;
    case PROTOBUF_TYPE:
      value = unrecognized(decodeProtobuf);
      break;
    default:
      throw errors.unsupportedMediaType(mt.type, BODY_TYPES);
  }
  return value as KubeObject;
}

export function parseJsonBody(body: Buffer): unknown {
  if (body.length === 0) throw errors.badRequest("the body of the request was empty");
  try {
    return JSON.parse(body.toString("utf8"));
  } catch (e) {
    throw errors.badRequest(`couldn't get version/kind; json parse error: ${jsonErrorText(body, e)}`);
  }
}

export function parseYamlBody(body: Buffer): unknown {
  if (body.length === 0) throw errors.badRequest("the body of the request was empty");
  try {
    return parseYaml(body.toString("utf8"), { uniqueKeys: false });
  } catch (e) {
    const msg = e instanceof YAMLParseError ? `yaml: line ${e.linePos?.[0]?.line ?? 1}: ${e.message.split("\n")[0]}` : String(e);
    // the yaml serializer fails in sigs.k8s.io/yaml ToJSON, before any version/kind lookup
    throw errors.badRequest(`error converting YAML to JSON: ${msg}`);
  }
}

/** A JSON.parse failure phrased exactly as Go's encoding/json reports it (see ./go-json.ts). */
function jsonErrorText(body: Buffer, e: unknown): string {
  return goJsonSyntaxError(body) ?? (e instanceof Error ? e.message : String(e));
}

/** A patch body: JSON (any patch type) or YAML (apply patches may be YAML). */
export function decodePatch(body: Buffer, kind: PatchKind): unknown {
  if (body.length === 0) throw errors.badRequest("the body of the request was empty");
  const text = body.toString("utf8");
  try {
    return JSON.parse(text);
  } catch (e) {
    if (kind === "apply") {
      try {
        return parseYaml(text);
      } catch (ye) {
        throw errors.badRequest(`error decoding YAML: ${ye instanceof Error ? ye.message.split("\n")[0] : String(ye)}`);
      }
    }
    // patch.go hands the json decoder's error to NewBadRequest as is
    throw errors.badRequest(jsonErrorText(body, e));
  }
}
