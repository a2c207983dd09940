/**
 * "Check my work": POST /api/sandboxes/<id>/exercises/<exerciseId>/check
 *
 * Grades the learner's OWN sandbox on the server, through its Kubernetes API (never from anything
 * the browser says), stores the attempt with its evidence, and answers the learner-facing result:
 * per-check messages and the score, never the solution.
 *   not signed in → 401 · cross-site → 403 · someone else's or unknown sandbox → 404 ·
 *   an exercise of another course → 404 · unknown exercise → 404
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { getDb } from "../../lib/db/index";
import { checkExercise, ExerciseNotFoundError, recordAttempt } from "../../lib/exercises/index";
import type { Route } from "../http";
import { isSameOrigin, resolveSandbox, sessionUser } from "../session";

const PATH = /^\/api\/sandboxes\/([0-9a-f]{32})\/exercises\/([a-z0-9][a-z0-9-]{0,80})\/check\/?$/;

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" });
  res.end(JSON.stringify(body));
}

export interface ExerciseRouteOptions {
  /** cap on waiting for "eventually" checks per click (default: lib/exercises' 10 s) */
  maxWaitMs?: number;
}

export function exerciseRoute(opts: ExerciseRouteOptions = {}): Route {
  /** one grading at a time per sandbox: a double click must not grade (and record) twice in parallel */
  const inFlight = new Set<string>();
  return {
    name: "exercises",
    matches: (pathname) => PATH.test(pathname),
    async handle(req: IncomingMessage, res: ServerResponse) {
      const m = PATH.exec((req.url ?? "/").split("?")[0] ?? "/");
      if (!m) return json(res, 404, { error: "not found" });
      if (req.method !== "POST") {
        res.setHeader("allow", "POST");
        return json(res, 405, { error: "method not allowed" });
      }
      // the body is not used (the exercise and sandbox are in the path): drain and cap it
      let size = 0;
      for await (const chunk of req as AsyncIterable<Buffer>) {
        size += chunk.length;
        if (size > 16 * 1024) return json(res, 413, { error: "request body too large" });
      }
      if (!isSameOrigin(req)) return json(res, 403, { error: "cross-site request refused" });
      const [, sandboxId = "", exerciseId = ""] = m;
      const resolved = await resolveSandbox(req, sandboxId);
      if (!resolved) {
        const user = await sessionUser(req);
        return user ? json(res, 404, { error: "no such sandbox" }) : json(res, 401, { error: "sign in to check your work" });
      }
      const { user, sandbox } = resolved;
      if (inFlight.has(sandboxId)) return json(res, 409, { error: "a check of this sandbox is already running" });
      inFlight.add(sandboxId);
      try {
        const checked = await checkExercise(exerciseId, sandbox.gradingTarget(), opts.maxWaitMs ? { maxWaitMs: opts.maxWaitMs } : {});
        if (!checked.lessonId.startsWith(`${sandbox.courseSlug}/`)) return json(res, 404, { error: `no exercise "${exerciseId}" in this course` });
        const best = await recordAttempt(getDb(), { userId: user.id, lessonId: checked.lessonId, exerciseId }, checked.result);
        return json(res, 200, { ...checked.public, best });
      } catch (e) {
        if (e instanceof ExerciseNotFoundError) return json(res, 404, { error: e.message });
        throw e;
      } finally {
        inFlight.delete(sandboxId);
      }
    },
  };
}
