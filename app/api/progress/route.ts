// POST /api/progress — the signed-in learner's progress on one lesson.
//   {lessonId, action: "open"}                  first open sets startedAt
//   {lessonId, action: "position", anchor}      last heading seen (sent debounced or as a beacon)
//   {lessonId, action: "complete" | "uncomplete"}
// 401 when signed out, 404 for an unknown lesson. Accepts JSON sent as text/plain (sendBeacon).
import { z } from "zod";
import { getDb } from "@/lib/db";
import { apiUser, sameOrigin } from "@/lib/auth";
import { getLessonById } from "@/lib/content";
import { ANCHOR_PATTERN, recordLessonOpen, savePosition, setCompleted } from "@/lib/progress";

export const dynamic = "force-dynamic";

const bodySchema = z.discriminatedUnion("action", [
  z.object({ action: z.literal("open"), lessonId: z.string().min(1).max(300) }),
  z.object({ action: z.literal("position"), lessonId: z.string().min(1).max(300), anchor: z.string().regex(ANCHOR_PATTERN).nullable() }),
  z.object({ action: z.enum(["complete", "uncomplete"]), lessonId: z.string().min(1).max(300) }),
]);

export async function POST(request: Request): Promise<Response> {
  if (!sameOrigin(request)) return Response.json({ error: "cross-site request refused" }, { status: 403 });
  const user = await apiUser(request);
  if (user instanceof Response) return user;
  let json: unknown;
  try {
    json = JSON.parse(await request.text());
  } catch {
    return Response.json({ error: "expected a JSON body" }, { status: 400 });
  }
  const parsed = bodySchema.safeParse(json);
  if (!parsed.success) return Response.json({ error: "invalid request", issues: parsed.error.issues }, { status: 400 });
  const input = parsed.data;
  const lesson = await getLessonById(input.lessonId);
  if (!lesson) return Response.json({ error: `no lesson ${input.lessonId}` }, { status: 404 });
  const key = { userId: user.id, lessonId: lesson.summary.id, courseSlug: lesson.summary.courseSlug };
  const db = getDb();
  switch (input.action) {
    case "open":
      await recordLessonOpen(db, key);
      return Response.json({ ok: true });
    case "position":
      await savePosition(db, key, input.anchor);
      return Response.json({ ok: true });
    case "complete":
    case "uncomplete": {
      const completedAt = await setCompleted(db, key, input.action === "complete");
      return Response.json({ ok: true, completedAt });
    }
  }
}
