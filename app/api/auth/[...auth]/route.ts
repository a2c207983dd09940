// @auth/core behind /api/auth/* (csrf, providers, callback/credentials, callback/github, session, signout).
import { handleAuth } from "@/lib/auth";

export const dynamic = "force-dynamic";

export function GET(request: Request): Promise<Response> {
  return handleAuth(request);
}

export function POST(request: Request): Promise<Response> {
  return handleAuth(request);
}
