/**
 * What people read when sign-in fails (safe for client components: no Node imports).
 * Bad credentials get ONE message whether the email exists or not.
 */
export const BAD_CREDENTIALS_MESSAGE = "Email or password is incorrect.";

export function tooManyAttemptsMessage(minutes: number): string {
  return `Too many attempts. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`;
}

/** Maps @auth/core's redirect (?error=…&code=…) to a message; undefined when there is no error. */
export function signInErrorMessage(error: string | null | undefined, code: string | null | undefined): string | undefined {
  if (!error) return undefined;
  if (error === "CredentialsSignin") {
    const limited = /^rate_limited:(\d+)$/.exec(code ?? "");
    if (limited) return tooManyAttemptsMessage(Number(limited[1]));
    return BAD_CREDENTIALS_MESSAGE;
  }
  if (error === "OAuthAccountNotLinked" || error === "AccessDenied") {
    return "That GitHub account cannot sign in here: an account with its email already exists. Sign in with your password.";
  }
  return "Sign-in failed. Please try again.";
}

/** Only same-site relative paths are followed after sign-in. */
export function safeCallbackUrl(value: string | null | undefined, fallback = "/learning"): string {
  if (!value || !value.startsWith("/") || value.startsWith("//") || value.startsWith("/\\")) return fallback;
  if (value.startsWith("/signin") || value.startsWith("/signup") || value.startsWith("/api/")) return fallback;
  return value;
}
