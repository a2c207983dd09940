/**
 * The review resources the API server answers itself (nothing is stored): access reviews go
 * through the same authorizer as requests do, SelfSubjectReview (`kubectl auth whoami`) returns
 * the caller, TokenReview checks a token with the authenticator.
 */
import { errors } from "../../api/errors";
import { authorize } from "../auth";
import { type HttpContext, decodeBodyFor } from "../context";
import { writeJSON } from "../responses";
import type { UserInfo } from "../types";
import type { TokenAuthenticator } from "../auth";

interface ResourceAttributes {
  namespace?: string;
  verb?: string;
  group?: string;
  resource?: string;
  subresource?: string;
  name?: string;
}

export async function handleReview(ctx: HttpContext, authn: TokenAuthenticator): Promise<void> {
  const { def } = ctx;
  const body = await decodeBodyFor(ctx);
  const spec = (body.spec ?? {}) as { resourceAttributes?: ResourceAttributes; nonResourceAttributes?: { path?: string; verb?: string }; user?: string; groups?: string[]; token?: string };
  const base = { kind: def.kind, apiVersion: `${def.group}/${def.version}`, metadata: { ...body.metadata, creationTimestamp: null } };
  const user = ctx.op.user;
  switch (def.resource) {
    case "selfsubjectaccessreviews":
    case "subjectaccessreviews":
    case "localsubjectaccessreviews": {
      const subject: UserInfo = def.resource === "selfsubjectaccessreviews" ? user : { username: spec.user ?? "", uid: "", groups: spec.groups ?? [] };
      const ra = spec.resourceAttributes;
      const nra = spec.nonResourceAttributes;
      if (!ra && !nra) {
        throw errors.invalid(def.group, def.kind, "", [{ type: "FieldValueRequired", field: "spec.resourceAttributes", detail: "exactly one of nonResourceAttributes or resourceAttributes must be specified" }]);
      }
      const d = authorize({ user: subject, verb: ra?.verb ?? nra?.verb ?? "", group: ra?.group, resource: ra?.resource, subresource: ra?.subresource, namespace: ra?.namespace, name: ra?.name, path: nra?.path });
      return writeJSON(ctx.res, 201, { ...base, spec: body.spec, status: d.allowed ? { allowed: true } : { allowed: false, reason: d.reason } });
    }
    case "selfsubjectrulesreviews":
      return writeJSON(ctx.res, 201, {
        ...base,
        spec: body.spec ?? {},
        status: {
          resourceRules: [
            { verbs: ["create"], apiGroups: ["authorization.k8s.io"], resources: ["selfsubjectaccessreviews", "selfsubjectrulesreviews"] },
            { verbs: ["*"], apiGroups: ["*"], resources: ["*"] },
          ],
          nonResourceRules: [{ verbs: ["*"], nonResourceURLs: ["*"] }],
          incomplete: false,
        },
      });
    case "selfsubjectreviews":
      return writeJSON(ctx.res, 201, { ...base, status: { userInfo: { username: user.username, groups: user.groups } } });
    case "tokenreviews": {
      const who = spec.token ? authn.authenticateToken(spec.token) : undefined;
      return writeJSON(ctx.res, 201, {
        ...base,
        spec: body.spec,
        status: who ? { authenticated: true, user: { username: who.username, groups: who.groups }, audiences: ["https://kubernetes.default.svc.cluster.local"] } : { user: {} },
      });
    }
    default:
      throw errors.methodNotSupported({ group: def.group, resource: def.resource }, "create");
  }
}
