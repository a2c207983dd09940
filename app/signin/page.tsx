import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { oauthProviders } from "@/lib/auth";
import { safeCallbackUrl, signInErrorMessage } from "@/lib/auth/messages";
import { getSession } from "@/lib/auth/session";
import { SignInForm } from "../_components/site/sign-in-form";

export const metadata: Metadata = { title: "Sign in" };

type Search = Promise<Record<string, string | string[] | undefined>>;
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

export default async function SignInPage({ searchParams }: { searchParams: Search }) {
  const params = await searchParams;
  const callbackUrl = safeCallbackUrl(one(params.callbackUrl));
  if (await getSession()) redirect(callbackUrl);
  return (
    <div className="auth-page">
      <h1>Sign in</h1>
      <SignInForm
        callbackUrl={callbackUrl}
        initialError={signInErrorMessage(one(params.error), one(params.code))}
        providers={oauthProviders()}
      />
    </div>
  );
}
