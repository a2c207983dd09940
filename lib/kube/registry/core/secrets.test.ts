import { describe, expect, it } from "vitest";
import { aggregateFieldErrors } from "../../api";
import { base64ErrorAt, secrets } from "./secrets";
import { NOW, created, ctx, obj } from "./testing";

describe("secrets", () => {
  it("defaults type Opaque and merges stringData", () => {
    const s = created(secrets, obj("Secret", "db", { data: { user: "YWRtaW4=" }, stringData: { password: "s3cret" } }));
    expect(s.type).toBe("Opaque");
    expect(s.data).toEqual({ user: "YWRtaW4=", password: "czNjcmV0" });
    expect(s.stringData).toBeUndefined();
    expect(secrets.printer.cells(s, NOW)).toEqual(["db", "Opaque", 2, "60m"]);
    expect(secrets.validateCreate!(s, ctx())).toEqual([]);
  });

  it("checks base64 data", () => {
    expect(base64ErrorAt("YWRtaW4=")).toBe(-1);
    expect(base64ErrorAt("ab$d")).toBe(2);
    const s = created(secrets, obj("Secret", "x", { data: { k: "not base64!" } }));
    expect(aggregateFieldErrors(secrets.validateCreate!(s, ctx()))).toMatch(/^data\[k\]: Invalid value: "not base64!": illegal base64 data at input byte 3$/);
  });

  it("requires the keys of typed secrets", () => {
    const tls = created(secrets, obj("Secret", "t", { type: "kubernetes.io/tls", data: {} }));
    expect(aggregateFieldErrors(secrets.validateCreate!(tls, ctx()))).toBe("[data[tls.key]: Required value, data[tls.crt]: Required value]");
    const sat = created(secrets, obj("Secret", "t", { type: "kubernetes.io/service-account-token" }));
    expect(aggregateFieldErrors(secrets.validateCreate!(sat, ctx()))).toBe("metadata.annotations[kubernetes.io/service-account.name]: Required value");
  });

  it("type is immutable", () => {
    const old = created(secrets, obj("Secret", "s", { type: "Opaque" }));
    const next = created(secrets, obj("Secret", "s", { type: "kubernetes.io/basic-auth", data: { username: "YQ==" } }));
    expect(aggregateFieldErrors(secrets.validateUpdate!(next, old, ctx()))).toBe('type: Invalid value: "kubernetes.io/basic-auth": field is immutable');
  });
});
