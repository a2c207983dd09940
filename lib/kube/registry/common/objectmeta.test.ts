import { describe, expect, it } from "vitest";
import { aggregateFieldErrors, errors } from "../../api";
import { validateLabelSelector, validateObjectMeta, validateObjectMetaUpdate } from "./objectmeta";
import { nameIsDNSSubdomain } from "./names";

describe("validateObjectMeta", () => {
  it("requires a name unless generateName", () => {
    const errs = validateObjectMeta({ namespace: "default" }, true, nameIsDNSSubdomain);
    expect(aggregateFieldErrors(errs)).toBe("metadata.name: Required value: name or generateName is required");
  });

  it("reports a bad name with upstream's detail and the Invalid status message", () => {
    const errs = validateObjectMeta({ name: "Web_1", namespace: "default" }, true, nameIsDNSSubdomain);
    expect(errors.invalid("", "Pod", "Web_1", errs).status.message).toBe(
      `Pod "Web_1" is invalid: metadata.name: Invalid value: "Web_1": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`,
    );
  });

  it("checks namespace scope", () => {
    expect(aggregateFieldErrors(validateObjectMeta({ name: "a" }, true, nameIsDNSSubdomain))).toBe("metadata.namespace: Required value");
    expect(aggregateFieldErrors(validateObjectMeta({ name: "a", namespace: "x" }, false, nameIsDNSSubdomain))).toBe(
      "metadata.namespace: Forbidden: not allowed on this type",
    );
  });

  it("validates labels and annotations", () => {
    const errs = validateObjectMeta({ name: "a", namespace: "d", labels: { "a b": "x" }, annotations: { "/x": "" } }, true, nameIsDNSSubdomain);
    expect(errs.map((e) => e.field)).toEqual(["metadata.labels", "metadata.annotations"]);
    expect(errs[1]!.detail).toBe("prefix part must be non-empty");
  });
});

describe("validateObjectMetaUpdate", () => {
  it("name, namespace and uid are immutable", () => {
    const errs = validateObjectMetaUpdate({ name: "b", namespace: "d", uid: "2" }, { name: "a", namespace: "d", uid: "1" });
    expect(aggregateFieldErrors(errs)).toBe(
      '[metadata.name: Invalid value: "b": field is immutable, metadata.uid: Invalid value: "2": field is immutable]',
    );
  });

  it("no new finalizers while deleting", () => {
    const errs = validateObjectMetaUpdate(
      { name: "a", finalizers: ["x", "y"] },
      { name: "a", finalizers: ["x"], deletionTimestamp: "2024-01-01T00:00:00Z" },
    );
    expect(aggregateFieldErrors(errs)).toContain('metadata.finalizers: Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers []string{"y"}');
  });
});

describe("validateLabelSelector", () => {
  it("checks operators and values", () => {
    const errs = validateLabelSelector({ matchExpressions: [{ key: "a", operator: "In" }, { key: "b", operator: "Foo" }] }, "spec.selector");
    expect(aggregateFieldErrors(errs)).toBe(
      '[spec.selector.matchExpressions[0].values: Required value: must be specified when `operator` is \'In\' or \'NotIn\', spec.selector.matchExpressions[1].operator: Invalid value: "Foo": not a valid selector operator]',
    );
  });
});

describe("finalizer names", () => {
  it("non-qualified names must be standard", () => {
    const errs = validateObjectMeta({ name: "a", namespace: "d", finalizers: ["kubernetes", "foo", "example.com/foo"] }, true, nameIsDNSSubdomain);
    expect(aggregateFieldErrors(errs)).toBe('metadata.finalizers: Invalid value: "foo": name is neither a standard finalizer name nor is it fully qualified');
  });
});
