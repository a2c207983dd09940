import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { safeCallbackUrl } from "@/lib/auth/messages";
import { getSession } from "@/lib/auth/session";
import { SignUpForm } from "../_components/site/sign-up-form";

export const metadata: Metadata = { title: "Create an account" };

type Search = Promise<Record<string, string | string[] | undefined>>;

export default async function SignUpPage({ searchParams }: { searchParams: Search }) {
  const raw = (await searchParams).callbackUrl;
  const callbackUrl = safeCallbackUrl(Array.isArray(raw) ? raw[0] : raw);
  if (await getSession()) redirect(callbackUrl);
  return (
    <div className="auth-page">
      <h1>Create your account</h1>
      <p className="lede">Track your progress, keep your quiz scores and pick up where you left off.</p>
      <SignUpForm callbackUrl={callbackUrl} />
    </div>
  );
}
