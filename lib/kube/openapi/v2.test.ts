import protobuf from "protobufjs";
import { describe, expect, it } from "vitest";
import { generatedDefinitions } from "./load";
import { openapiV2, OPENAPI_V2_CONTENT_TYPE } from "./v2";

// The subset of google/gnostic openapiv2/OpenAPIv2.proto that the document uses (same numbers).
const GNOSTIC = `
syntax = "proto3";
package openapi.v2;
message Any { string yaml = 2; }
message NamedAny { string name = 1; Any value = 2; }
message TypeItem { repeated string value = 1; }
message ItemsItem { repeated Schema schema = 1; }
message AdditionalPropertiesItem { oneof oneof { Schema schema = 1; bool boolean = 2; } }
message NamedSchema { string name = 1; Schema value = 2; }
message Properties { repeated NamedSchema additional_properties = 1; }
message Schema {
  string _ref = 1; string format = 2; string description = 4; repeated string required = 19;
  repeated Any enum = 20; AdditionalPropertiesItem additional_properties = 21; TypeItem type = 22;
  ItemsItem items = 23; Properties properties = 25; repeated NamedAny vendor_extension = 31;
}
message Definitions { repeated NamedSchema additional_properties = 1; }
message Info { string title = 1; string version = 2; }
message Document { string swagger = 1; Info info = 2; Definitions definitions = 9; }
`;

interface NamedSchema {
  name: string;
  value: Schema;
}
interface Schema {
  _ref?: string;
  format?: string;
  description?: string;
  required?: string[];
  enum?: { yaml: string }[];
  type?: { value: string[] };
  items?: { schema: Schema[] };
  additionalProperties?: { schema?: Schema; boolean?: boolean };
  properties?: { additionalProperties: NamedSchema[] };
  vendorExtension?: { name: string; value: { yaml: string } }[];
}

function decode(): { swagger: string; info: { title: string }; definitions: { additionalProperties: NamedSchema[] } } {
  const root = protobuf.parse(GNOSTIC).root;
  const Document = root.lookupType("openapi.v2.Document");
  return Document.toObject(Document.decode(openapiV2()), { defaults: false }) as ReturnType<typeof decode>;
}

describe("openapiV2", () => {
  it("uses the dotted protobuf content type", () => {
    expect(OPENAPI_V2_CONTENT_TYPE).toBe("application/com.github.proto-openapi.spec.v2.v1.0+protobuf");
  });

  it("encodes a gnostic Document holding every generated definition", () => {
    const doc = decode();
    expect(doc.swagger).toBe("2.0");
    expect(doc.info.title).toBe("Kubernetes");
    const names = doc.definitions.additionalProperties.map((d) => d.name);
    expect(names).toEqual(Object.keys(generatedDefinitions().definitions));
    expect(openapiV2()).toBe(openapiV2());
  });

  it("keeps refs, types, enums and the x-kubernetes extensions", () => {
    const defs = new Map(decode().definitions.additionalProperties.map((d) => [d.name, d.value]));
    const podSpec = defs.get("io.k8s.api.core.v1.PodSpec");
    const props = new Map(podSpec?.properties?.additionalProperties.map((p) => [p.name, p.value]));
    const containers = props.get("containers");
    expect(containers?.type?.value).toEqual(["array"]);
    expect(containers?.items?.schema[0]?._ref).toBe("#/definitions/io.k8s.api.core.v1.Container");
    const ext = Object.fromEntries((containers?.vendorExtension ?? []).map((e) => [e.name, JSON.parse(e.value.yaml) as unknown]));
    expect(ext).toEqual({
      "x-kubernetes-list-map-keys": ["name"],
      "x-kubernetes-list-type": "map",
      "x-kubernetes-patch-merge-key": "name",
      "x-kubernetes-patch-strategy": "merge",
    });
    expect(podSpec?.required).toEqual(["containers"]);
    const dep = defs.get("io.k8s.api.apps.v1.Deployment");
    const gvk = dep?.vendorExtension?.find((e) => e.name === "x-kubernetes-group-version-kind");
    expect(JSON.parse(gvk?.value.yaml ?? "null")).toEqual([{ group: "apps", kind: "Deployment", version: "v1" }]);
    const policy = new Map(defs.get("io.k8s.api.core.v1.Container")?.properties?.additionalProperties.map((p) => [p.name, p.value])).get(
      "imagePullPolicy",
    );
    expect(policy?.enum?.map((e) => JSON.parse(e.yaml) as unknown)).toEqual(["Always", "IfNotPresent", "Never"]);
    const secretData = new Map(defs.get("io.k8s.api.core.v1.Secret")?.properties?.additionalProperties.map((p) => [p.name, p.value])).get(
      "data",
    );
    expect(secretData?.additionalProperties?.schema).toMatchObject({ format: "byte", type: { value: ["string"] } });
  });
});
