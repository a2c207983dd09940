"use client";
import Link from "next/link";
import { useRef, useState, type FormEvent } from "react";
import { signInWithPassword } from "./auth-client";

type FieldErrors = Partial<Record<"name" | "email" | "password", string>>;

export function SignUpForm({ callbackUrl }: { callbackUrl: string }) {
  const [error, setError] = useState<string>();
  const [fields, setFields] = useState<FieldErrors>({});
  const [busy, setBusy] = useState(false);
  const errorRef = useRef<HTMLDivElement>(null);

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const data = new FormData(e.currentTarget);
    const input = { name: String(data.get("name") ?? ""), email: String(data.get("email") ?? ""), password: String(data.get("password") ?? "") };
    setBusy(true);
    setError(undefined);
    setFields({});
    try {
      const res = await fetch("/api/account/signup", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(input),
      });
      if (!res.ok) {
        const body = (await res.json().catch(() => ({}))) as { message?: string; errors?: FieldErrors };
        setFields(body.errors ?? {});
        setError(body.message ?? `Could not create the account (HTTP ${res.status}).`);
        setBusy(false);
        requestAnimationFrame(() => errorRef.current?.focus());
        return;
      }
      const signedIn = await signInWithPassword(input.email, input.password, callbackUrl);
      window.location.assign(signedIn.ok ? callbackUrl : "/signin");
    } catch {
      setError("Could not reach the server. Check your connection and try again.");
      setBusy(false);
    }
  }

  const invalid = (f: keyof FieldErrors) => (fields[f] ? { "aria-invalid": true as const, "aria-describedby": `${f}-error` } : {});

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
          Name <span className="hint">(optional)</span>
          <input name="name" autoComplete="name" maxLength={100} {...invalid("name")} />
          {fields.name && <span id="name-error" className="field-error">{fields.name}</span>}
        </label>
        <label>
          Email
          <input name="email" type="email" autoComplete="email" required autoFocus {...invalid("email")} />
          {fields.email && <span id="email-error" className="field-error">{fields.email}</span>}
        </label>
        <label>
          Password <span className="hint">at least 8 characters</span>
          <input name="password" type="password" autoComplete="new-password" minLength={8} required {...invalid("password")} />
          {fields.password && <span id="password-error" className="field-error">{fields.password}</span>}
        </label>
        <div>
          <button className="button" type="submit" disabled={busy}>
            {busy ? "Creating your account…" : "Create account"}
          </button>
        </div>
      </form>
      <p>
        Already have an account? <Link href={`/signin?callbackUrl=${encodeURIComponent(callbackUrl)}`}>Sign in</Link>
      </p>
    </>
  );
}
