/** core/v1 serviceaccounts (sa): secret references, the token subresource, printServiceAccount. */
import type { FieldError } from "../../api/field-errors";
import { fieldError } from "../../api/field-errors";
import type { ResourceDefinition } from "../types";
import { ALL_VERBS, ageColumn, asArray, asRecord, column, nameColumn, simpleDefinition, swaggerDoc, translateTimestampSince } from "../common";

export const serviceaccounts: ResourceDefinition = simpleDefinition({
  group: "",
  version: "v1",
  resource: "serviceaccounts",
  singular: "serviceaccount",
  kind: "ServiceAccount",
  namespaced: true,
  shortNames: ["sa"],
  verbs: ALL_VERBS,
  subresources: [{ name: "token", responseKind: { group: "authentication.k8s.io", version: "v1", kind: "TokenRequest" }, verbs: ["create"] }],
  validate(sa) {
    const errs: FieldError[] = [];
    asArray(sa.imagePullSecrets).forEach((ref, i) => {
      if (!asRecord(ref).name) errs.push(fieldError.required(`imagePullSecrets[${i}].name`));
    });
    return errs;
  },
  printer: {
    columns: [nameColumn, column("Secrets", "string", swaggerDoc["ServiceAccount.secrets"]), ageColumn],
    cells: (sa, now) => [sa.metadata.name ?? "", asArray(sa.secrets).length, translateTimestampSince(sa.metadata.creationTimestamp, now)],
  },
});
