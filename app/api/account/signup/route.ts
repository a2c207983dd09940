// POST /api/account/signup {name?, email, password} → 201 {user} | 400 {errors} | 409 | 429.
// The browser then signs in through /api/auth/callback/credentials.
import { z } from "zod";
import { getDb } from "@/lib/db";
import { EmailTakenError, authLimiter, createUser, sameOrigin, signUpSchema, tooManyAttemptsMessage } from "@/lib/auth";
import { CLIENT_IP_HEADER } from "@/lib/auth/headers";
import { minutesUntil } from "@/lib/auth/rate-limit";

export const dynamic = "force-dynamic";

export async function POST(request: Request): Promise<Response> {
  if (!sameOrigin(request)) return Response.json({ message: "Cross-site request refused." }, { status: 403 });
  const body: unknown = await request.json().catch(() => null);
  const parsed = signUpSchema.safeParse(body);
  if (!parsed.success) {
    const errors: Record<string, string> = {};
    for (const issue of parsed.error.issues) errors[String(issue.path[0] ?? "form")] ??= issue.message;
    return Response.json({ message: "Please fix the highlighted fields.", errors }, { status: 400 });
  }
  const limiter = authLimiter();
  const ip = request.headers.get(CLIENT_IP_HEADER);
  const keys = ip ? [`signup:${ip}`] : [];
  const gate = await limiter.check(keys);
  if (!gate.allowed) {
    return Response.json({ message: tooManyAttemptsMessage(minutesUntil(gate.retryAfterMs)) }, { status: 429 });
  }
  try {
    const user = await createUser(getDb(), parsed.data);
    await limiter.hit(keys);
    return Response.json({ user: { id: user.id, email: user.email, name: user.name } }, { status: 201 });
  } catch (e) {
    if (e instanceof EmailTakenError) return Response.json({ message: e.message, errors: { email: e.message } }, { status: 409 });
    if (e instanceof z.ZodError) return Response.json({ message: "Invalid sign-up." }, { status: 400 });
    throw e;
  }
}
