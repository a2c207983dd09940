"use client";
import Link from "next/link";
import { useEffect, useRef, useState, type FormEvent } from "react";
import { signInWithPassword } from "./auth-client";

export interface SignInFormProps {
  callbackUrl: string;
  initialError?: string;
  providers: { id: string; name: string }[];
}

export function SignInForm({ callbackUrl, initialError, providers }: SignInFormProps) {
  const [error, setError] = useState(initialError);
  const [busy, setBusy] = useState(false);
  const errorRef = useRef<HTMLDivElement>(null);

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const data = new FormData(e.currentTarget);
    setBusy(true);
    setError(undefined);
    const outcome = await signInWithPassword(String(data.get("email") ?? ""), String(data.get("password") ?? ""), callbackUrl);
    if (outcome.ok) {
      window.location.assign(callbackUrl);
      return;
    }
    setBusy(false);
    setError(outcome.message);
    requestAnimationFrame(() => errorRef.current?.focus());
  }

  return (
    <>
      <div aria-live="assertive">
        {error && (
          <div className="alert" role="alert" tabIndex={-1} ref={errorRef}>
            {error}
          </div>
        )}
      </div>
      <form className="form" onSubmit={onSubmit} method="post" noValidate>
        <label>
          Email
          <input name="email" type="email" autoComplete="email" required autoFocus />
        </label>
        <label>
          Password
          <input name="password" type="password" autoComplete="current-password" required />
        </label>
        <div>
          <button className="button" type="submit" disabled={busy}>
            {busy ? "Signing in…" : "Sign in"}
          </button>
        </div>
      </form>
      {providers.map((p) => (
        <form key={p.id} method="post" action={`/api/auth/signin/${p.id}`} className="oauth-form">
          <OAuthCsrf />
          <input type="hidden" name="callbackUrl" value={callbackUrl} />
          <button className="button button-secondary" type="submit">
            Continue with {p.name}
          </button>
        </form>
      ))}
      <p>
        New here? <Link href={`/signup?callbackUrl=${encodeURIComponent(callbackUrl)}`}>Create an account</Link>
      </p>
    </>
  );
}

/** The CSRF token for the OAuth sign-in form (fetched on mount; sets the CSRF cookie). */
function OAuthCsrf() {
  const [token, setToken] = useState("");
  useEffect(() => {
    fetch("/api/auth/csrf")
      .then((r) => r.json())
      .then((b: { csrfToken?: string }) => setToken(b.csrfToken ?? ""))
      .catch(() => undefined);
  }, []);
  return <input type="hidden" name="csrfToken" value={token} />;
}
