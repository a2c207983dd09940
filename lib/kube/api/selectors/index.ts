/**
 * Label and field selectors (k8s.io/apimachinery/pkg/labels, pkg/fields and the metav1
 * LabelSelector helpers). Parse errors are `SelectorError`s carrying upstream's message;
 * `parseLabelSelectorParam`/`parseFieldSelectorParam` turn them into the API server's 400.
 */
import { parseFieldSelector, type FieldSelector } from "./fields";
import { parseLabelSelector } from "./label-parser";
import type { LabelSelector } from "./labels";
import { SelectorError } from "./errors";

export { SelectorError } from "./errors";
export {
  LabelSelector,
  newRequirement,
  requirementMatches,
  requirementString,
  selectorFromSet,
  validatedSelectorFromSet,
  type LabelOperator,
  type Labels,
  type Requirement,
} from "./labels";
export { parseLabelSelector } from "./label-parser";
export {
  labelSelectorAsSelector,
  formatLabelSelector,
  parseToLabelSelector,
  type MetaLabelSelector,
  type LabelSelectorRequirement,
  type LabelSelectorOperator,
} from "./label-selector";
export {
  FieldSelector,
  parseFieldSelector,
  checkFieldLabels,
  escapeFieldValue,
  unescapeFieldValue,
  type FieldRequirement,
  type FieldOperator,
  type FieldGetter,
} from "./fields";
export { isQualifiedName, isValidLabelValue, isDNS1123Subdomain, LABEL_VALUE_MAX_LENGTH } from "./validation";

/** the `labelSelector` query parameter: throws StatusError 400 BadRequest with upstream's message */
export function parseLabelSelectorParam(s: string | null | undefined): LabelSelector {
  try {
    return parseLabelSelector(s ?? "");
  } catch (e) {
    throw e instanceof SelectorError ? e.toStatusError() : e;
  }
}

/** the `fieldSelector` query parameter: throws StatusError 400 BadRequest with upstream's message */
export function parseFieldSelectorParam(s: string | null | undefined): FieldSelector {
  try {
    return parseFieldSelector(s ?? "");
  } catch (e) {
    throw e instanceof SelectorError ? e.toStatusError() : e;
  }
}
