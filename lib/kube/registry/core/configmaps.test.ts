import { describe, expect, it } from "vitest";
import { aggregateFieldErrors, errors } from "../../api";
import { configmaps } from "./configmaps";
import { NOW, created, ctx, obj } from "./testing";

describe("configmaps", () => {
  it("prints the DATA count including binaryData", () => {
    const cm = created(configmaps, obj("ConfigMap", "cfg", { data: { a: "1", b: "2" }, binaryData: { c: "AA==" } }));
    expect(configmaps.printer.cells(cm, NOW)).toEqual(["cfg", 3, "60m"]);
    expect(configmaps.shortNames).toEqual(["cm"]);
  });

  it("validates keys with upstream's message", () => {
    const cm = created(configmaps, obj("ConfigMap", "cfg", { data: { "bad key": "1" } }));
    expect(errors.invalid("", "ConfigMap", "cfg", configmaps.validateCreate!(cm, ctx())).status.message).toBe(
      `ConfigMap "cfg" is invalid: data[bad key]: Invalid value: "bad key": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')`,
    );
  });

  it("immutable configmaps refuse data changes", () => {
    const old = created(configmaps, obj("ConfigMap", "cfg", { immutable: true, data: { a: "1" } }));
    const next = obj("ConfigMap", "cfg", { immutable: true, data: { a: "2" } });
    expect(aggregateFieldErrors(configmaps.validateUpdate!(next, old, ctx()))).toBe("data: Forbidden: field is immutable when `immutable` is set");
  });
});
