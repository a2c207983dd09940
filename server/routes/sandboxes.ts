/**
 * Browser-facing sandbox endpoints (session cookie; state changes must be same-origin):
 *   POST /api/sandboxes                       {course, lesson}  → {id, apiUrl, nodes, lessonId}
 *   POST /api/sandboxes/<id>/reset            {lesson?}         → {id, apiUrl, nodes, lessonId}
 *   POST /api/sandboxes/<id>/credentials                        → {kubeconfig, oneLiner, apiUrl, filename}
 *   GET  /api/sandboxes/<id>/kubeconfig                         → the kubeconfig file (attachment)
 * Issuing credentials (the last two) rotates the sandbox's learner token: an earlier download stops working.
 * Someone else's or an unknown sandbox → 404; not signed in → 401; cross-site → 403.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { z } from "zod";
import { getCourse } from "../../lib/content/index";
import { kubeconfigYaml } from "../../lib/kube/cluster/kubeconfig";
import { sandboxApiPrefix, type SandboxHandle, type SandboxManager } from "../../lib/sandbox/index";
import type { Route } from "../http";
import { lessonStartingState } from "../sandboxes";
import { isSameOrigin, sessionUser } from "../session";

export interface SandboxRoutesOptions {
  manager: () => SandboxManager;
  caPem: () => string;
  /** fixed public base URL for kubeconfigs (behind a TLS-terminating proxy); else derived from the request's host */
  publicApiUrl?: string;
}

const PATH = /^\/api\/sandboxes(?:\/([0-9a-f]{32})\/(reset|credentials|kubeconfig))?\/?$/;
const ensureBody = z.strictObject({ course: z.string().regex(/^[a-z0-9-]+$/), lesson: z.string().regex(/^[a-z0-9-]+\/[a-z0-9-]+\/[a-z0-9-]+$/) });
const resetBody = z.strictObject({ lesson: ensureBody.shape.lesson.optional() });

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" });
  res.end(JSON.stringify(body));
}

async function readJson(req: IncomingMessage, limit = 16 * 1024): Promise<unknown> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new RangeError("body too large");
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString("utf8").trim();
  return text ? JSON.parse(text) : {};
}

/** https://<host the browser used>, unless a public URL is configured */
export function publicBase(req: IncomingMessage, configured?: string): string {
  if (configured) return configured.replace(/\/+$/, "");
  const raw = (req.headers["x-forwarded-host"] as string | undefined)?.split(",")[0]?.trim() ?? req.headers.host ?? "localhost";
  const host = /^[A-Za-z0-9.\-:[\]]+$/.test(raw) ? raw : "localhost";
  return `https://${host}`;
}

async function lessonInCourse(course: string, lessonId: string): Promise<boolean> {
  if (!lessonId.startsWith(`${course}/`)) return false;
  const c = await getCourse(course);
  return !!c?.modules.some((m) => m.lessons.some((l) => l.id === lessonId));
}

function describe(h: SandboxHandle, base: string, lessonId: string | undefined) {
  return { id: h.id, apiUrl: `${base}${sandboxApiPrefix(h.id)}`, nodes: [...h.nodes], lessonId: lessonId ?? null };
}

export function sandboxRoutes(opts: SandboxRoutesOptions): Route {
  const credentials = async (req: IncomingMessage, h: SandboxHandle) => {
    const token = await opts.manager().issueToken(h.id);
    const apiUrl = `${publicBase(req, opts.publicApiUrl)}${sandboxApiPrefix(h.id)}`;
    const kubeconfig = opts.publicApiUrl
      ? kubeconfigYaml({ server: apiUrl, token, caPem: "" }).replace(/^\s*certificate-authority-data: ""\n/m, "")
      : kubeconfigYaml({ server: apiUrl, token, caPem: opts.caPem() });
    const filename = `kubelab-${h.courseSlug}.kubeconfig`;
    const b64 = Buffer.from(kubeconfig).toString("base64");
    const oneLiner = `mkdir -p ~/.kube && (umask 077 && echo '${b64}' | base64 -d > ~/.kube/${filename}) && export KUBECONFIG=~/.kube/${filename} && kubectl get nodes`;
    return { kubeconfig, oneLiner, apiUrl, filename };
  };

  return {
    name: "sandboxes",
    matches: (pathname) => PATH.test(pathname),
    async handle(req, res) {
      const [, id, action] = PATH.exec((req.url ?? "/").split("?")[0] ?? "/") ?? [];
      const method = req.method ?? "GET";
      const wanted = !id ? "POST" : action === "kubeconfig" ? "GET" : "POST";
      if (method !== wanted) {
        res.setHeader("allow", wanted);
        return json(res, 405, { error: "method_not_allowed", message: `Use ${wanted}.` });
      }
      if (method === "POST" && !isSameOrigin(req)) return json(res, 403, { error: "forbidden", message: "Cross-site request refused." });
      if (method === "GET" && req.headers["sec-fetch-site"] === "cross-site") return json(res, 403, { error: "forbidden", message: "Cross-site request refused." });
      const manager = opts.manager();

      if (!id) {
        const user = await sessionUser(req);
        if (!user) return json(res, 401, { error: "unauthorized", message: "Sign in to use a sandbox." });
        const body = ensureBody.safeParse(await readJson(req).catch(() => undefined));
        if (!body.success) return json(res, 400, { error: "bad_request", message: "Expected {course, lesson}." });
        if (!(await lessonInCourse(body.data.course, body.data.lesson))) return json(res, 404, { error: "not_found", message: "No such lesson." });
        const h = await manager.ensure(user.id, body.data.course, await lessonStartingState(body.data.lesson));
        return json(res, 200, describe(h, publicBase(req, opts.publicApiUrl), body.data.lesson));
      }

      const user = await sessionUser(req);
      if (!user) return json(res, 401, { error: "unauthorized", message: "Sign in to use a sandbox." });
      const owner = await manager.owner(id);
      const h = owner?.userId === user.id ? await manager.get(id) : undefined;
      if (!h) return json(res, 404, { error: "not_found", message: "No such sandbox." });
      if (action === "reset") {
        const body = resetBody.safeParse(await readJson(req).catch(() => undefined));
        if (!body.success) return json(res, 400, { error: "bad_request", message: "Expected {lesson?}." });
        const lesson = body.data.lesson;
        if (lesson && !(await lessonInCourse(h.courseSlug, lesson))) return json(res, 404, { error: "not_found", message: "No such lesson in this sandbox's course." });
        const after = await manager.reset(h.id, lesson ? await lessonStartingState(lesson) : undefined);
        return json(res, 200, describe(after, publicBase(req, opts.publicApiUrl), lesson));
      }
      const c = await credentials(req, h);
      if (action === "credentials") return json(res, 200, c);
      res.writeHead(200, {
        "content-type": "application/yaml; charset=utf-8",
        "content-disposition": `attachment; filename="${c.filename}"`,
        "cache-control": "no-store",
      });
      res.end(c.kubeconfig);
    },
  };
}
