/**
 * The check language (zod schemas of a lesson's `NN.<lesson>.exercises.yaml`).
 *
 *   run-a-pod:                      # the <Exercise id> in the lesson
 *     startingScore: 0              # optional: what the lesson's starting state scores (default 0)
 *     hints: ["…", "…"]             # revealed one at a time
 *     checks:
 *       - id: running
 *         title: Pod `hello` is Running
 *         points: 2
 *         within: 30                # optional: "eventually, within 30 seconds"
 *         field: { kind: Pod, name: hello, path: status.phase, equals: Running }
 *
 * A check has exactly one of the keys of `CHECK_TYPES`. Operators (`equals`, `gte`, …) may be
 * combined; all must hold. Unknown keys, kinds, fields (validated against the OpenAPI schemas)
 * and operators are errors with file and line (see load.ts).
 */
import { z } from "zod";

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const text = (what: string) =>
  z
    .string({ error: `${what} must be text` })
    .trim()
    .min(1, { error: `${what} must not be empty` });
const slug = (what: string) => text(what).regex(SLUG, { error: `${what} must be lowercase letters, digits and dashes` });
const scalar = z.union([z.string(), z.number(), z.boolean()], { error: "expected a string, number or boolean" });
const num = (what: string) => z.number({ error: `${what} must be a number` });

/** Operators on one value; several may be given and all must hold. */
export const operatorShape = {
  equals: scalar.optional(),
  notEquals: scalar.optional(),
  /** a regular expression the value (as text) must match */
  matches: z.string({ error: "matches must be a regular expression" }).optional(),
  gte: num("gte").optional(),
  gt: num("gt").optional(),
  lte: num("lte").optional(),
  lt: num("lt").optional(),
  /** the field is set (true) or not set (false) */
  present: z.boolean({ error: "present must be true or false" }).optional(),
  /** text contains, or list contains an element equal to */
  contains: scalar.optional(),
  oneOf: z.array(scalar, { error: "oneOf must be a list" }).min(1).optional(),
};
export const OPERATORS = Object.keys(operatorShape) as (keyof typeof operatorShape)[];
export type Operators = { [K in keyof typeof operatorShape]?: z.infer<(typeof operatorShape)[K]> };

const kind = text("kind");
const name = text("name");
const namespace = text("namespace").optional();
const selector = z.string({ error: "selector must be a label selector, e.g. `app=web`" }).trim().min(1);
/** learner-facing noun for counts and values, e.g. "ready replicas" */
const label = text("label").optional();
const ref = z.strictObject({ kind, name });

export const checkSpecs = {
  exists: z.strictObject({ kind, name, namespace }),
  absent: z.strictObject({ kind, name: name.optional(), selector: selector.optional(), namespace }),
  field: z.strictObject({ kind, name, namespace, path: text("path"), label, ...operatorShape }),
  count: z.strictObject({
    kind,
    namespace,
    selector: selector.optional(),
    where: z.array(z.strictObject({ path: text("path"), ...operatorShape }), { error: "where must be a list of conditions" }).optional(),
    label,
    ...operatorShape,
  }),
  /** the Service selects exactly the (live) pods the workload owns, and at least one */
  selects: z.strictObject({ service: name, namespace, workload: ref }),
  /** objects of `kind` owned (directly or through ReplicaSets/Jobs) by `owner`; default `gte: 1` */
  owns: z.strictObject({ owner: ref, kind, namespace, ...operatorShape }),
  /** distinct nodes the selected pods are scheduled on */
  spread: z.strictObject({ selector, namespace, ...operatorShape }),
  /** every selected pod (at least one) is scheduled on a node matching `nodeSelector` / named `node` */
  placement: z.strictObject({ selector, namespace, nodeSelector: selector.optional(), node: name.optional() }),
  cordoned: z.strictObject({ node: name, value: z.boolean({ error: "value must be true or false" }).default(true) }),
  /** events seen; default `gte: 1` */
  event: z.strictObject({
    reason: text("reason"),
    type: z.enum(["Normal", "Warning"], { error: "type must be Normal or Warning" }).optional(),
    kind: kind.optional(),
    name: name.optional(),
    namespace,
    message: z.string({ error: "message must be a regular expression" }).optional(),
    ...operatorShape,
  }),
  /** ready endpoints of a Service (its EndpointSlices) */
  endpoints: z.strictObject({ service: name, namespace, ...operatorShape }),
  /** an HTTP GET from a pod through the cluster network (like `kubectl exec <pod> -- wget -qO- <url>`) */
  http: z.strictObject({
    url: text("url"),
    from: z.strictObject({ pod: name.optional(), selector: selector.optional(), namespace }).optional(),
    status: z.number({ error: "status must be an HTTP status code" }).int().min(100).max(599).default(200),
    body: z.string({ error: "body must be a regular expression" }).optional(),
  }),
};
export type CheckType = keyof typeof checkSpecs;
export const CHECK_TYPES = Object.keys(checkSpecs) as CheckType[];
export type CheckSpec<T extends CheckType = CheckType> = z.infer<(typeof checkSpecs)[T]>;

const optionalSpecs = Object.fromEntries(CHECK_TYPES.map((t) => [t, checkSpecs[t].optional()])) as {
  [K in CheckType]: z.ZodOptional<(typeof checkSpecs)[K]>;
};

export const checkSchema = z
  .strictObject({
    id: slug("id"),
    title: text("title"),
    points: z.number({ error: "points must be a whole number" }).int({ error: "points must be a whole number" }).min(0).default(1),
    /** "eventually": seconds the grader may wait for the check to pass */
    within: z
      .number({ error: "within must be a number of seconds" })
      .positive()
      .max(600, { error: "within must be at most 600 seconds" })
      .optional(),
    ...optionalSpecs,
  })
  .superRefine((c, ctx) => {
    const given = CHECK_TYPES.filter((t) => c[t] !== undefined);
    if (given.length !== 1) {
      ctx.addIssue({
        code: "custom",
        message:
          given.length === 0
            ? `a check needs one of: ${CHECK_TYPES.join(", ")}`
            : `a check has exactly one of ${CHECK_TYPES.join(", ")}; found ${given.join(" and ")}`,
        path: given.length > 1 ? [given[1]!] : ["id"],
      });
    }
  });

export const exerciseSpecSchema = z.strictObject({
  startingScore: z.number({ error: "startingScore must be a whole number" }).int().min(0).default(0),
  hints: z.array(text("a hint"), { error: "hints must be a list of text" }).default([]),
  /** each check is validated on its own with `checkSchema` (so every broken check is reported) */
  checks: z.array(z.unknown(), { error: "checks must be a list" }).min(1, { error: "an exercise needs at least one check" }),
});
export type ExerciseSpec = z.infer<typeof exerciseSpecSchema>;

export const exercisesFileSchema = z.record(slug("exercise id"), exerciseSpecSchema, { error: "must map exercise ids to exercises" });

/** one validated check, normalised: `type` says which spec it carries */
export type Check = {
  [K in CheckType]: { id: string; title: string; points: number; within?: number; type: K; spec: CheckSpec<K>; compiled: CompiledCheck };
}[CheckType];

/** what validation resolved once, so grading does no lookups */
export interface CompiledCheck {
  /** the leaf OpenAPI type of each validated path (a missing integer reads as 0, a missing boolean as false) */
  pathTypes: Record<string, string | undefined>;
}
