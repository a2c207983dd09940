/**
 * Real request bodies captured from kubectl 1.33 (protobuf) against the JSON kubectl 1.31
 * sent for the same command (see capture-fixtures.ts): decoding must yield that JSON exactly,
 * key order included.
 */
import { readFileSync, readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { decodeProtobufObject, encodeProtobufObject } from "./index";
import type { KubeObject } from "../api/types";

const dir = fileURLToPath(new URL("./fixtures/", import.meta.url));
const names = readdirSync(dir)
  .filter((f) => f.endsWith(".bin"))
  .map((f) => f.slice(0, -4))
  .sort();

function load(name: string): { bin: Uint8Array; json: KubeObject } {
  return {
    bin: new Uint8Array(readFileSync(`${dir}${name}.bin`)),
    json: JSON.parse(readFileSync(`${dir}${name}.json`, "utf8")) as KubeObject,
  };
}

describe("kubectl 1.33 protobuf bodies", () => {
  it("has the captured fixtures", () => {
    expect(names).toEqual(
      expect.arrayContaining([
        "configmap",
        "secret-generic",
        "namespace",
        "deployment",
        "service-clusterip",
        "job",
        "can-i-resource",
        "can-i-nonresource",
        "whoami",
      ]),
    );
  });

  it.each(names)("%s decodes to the JSON kubectl 1.31 sends", (name) => {
    const { bin, json } = load(name);
    const got = decodeProtobufObject(bin);
    expect(got).toEqual(json);
    expect(JSON.stringify(got)).toBe(JSON.stringify(json)); // same key order as Go's encoding/json
  });

  it.each(names)("%s survives encode -> decode", (name) => {
    const { json } = load(name);
    expect(decodeProtobufObject(encodeProtobufObject(json))).toEqual(json);
  });

  it("decodes the details that matter", () => {
    const dep = decodeProtobufObject(load("deployment").bin) as KubeObject & {
      spec: { replicas: number; strategy: object; template: { spec: { containers: { image: string; ports: unknown[] }[] } } };
    };
    expect(dep.spec.replicas).toBe(3);
    expect(dep.metadata.creationTimestamp).toBeNull();
    expect(dep.spec.template.spec.containers[0]!.ports).toEqual([{ containerPort: 80 }]);
    const secret = decodeProtobufObject(load("secret-generic").bin) as KubeObject & { data: Record<string, string> };
    expect(Buffer.from(secret.data.password!, "base64").toString()).toBe("s3cr3t");
    const svc = decodeProtobufObject(load("service-clusterip").bin) as KubeObject & { spec: { ports: { targetPort: unknown }[] } };
    expect(svc.spec.ports.map((p) => p.targetPort)).toEqual([8080, "https"]);
    const cm = decodeProtobufObject(load("configmap-binary").bin) as KubeObject & { binaryData: Record<string, string> };
    expect([...Buffer.from(cm.binaryData.blob!, "base64")]).toEqual([0x00, 0xff, 0x10, 0x80, 0x7f, 0xc3, 0x28]);
  });

  it("never crashes on a truncated or bit-flipped body: it decodes or throws 400", () => {
    const { bin } = load("deployment");
    for (let cut = 0; cut < bin.length; cut++) {
      for (const body of [bin.subarray(0, cut), flip(bin, cut)]) {
        try {
          decodeProtobufObject(body);
        } catch (e) {
          expect((e as { status?: { code: number } }).status?.code, `byte ${cut}`).toBeOneOf([400, 415]);
        }
      }
    }
  });
});

function flip(b: Uint8Array, i: number): Uint8Array {
  const c = new Uint8Array(b);
  c[i] = c[i]! ^ 0xff;
  return c;
}
