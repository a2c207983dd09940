"use client";
import { useEffect } from "react";

export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  useEffect(() => {
    console.error(error);
  }, [error]);
  return (
    <div className="status-page" role="alert">
      <p className="status-code">500</p>
      <h1>Something went wrong</h1>
      <p>This page failed to load. Try again; if it keeps happening, tell your instructor{error.digest ? ` (reference ${error.digest})` : ""}.</p>
      <p>
        <button type="button" className="button" onClick={reset}>
          Try again
        </button>
      </p>
    </div>
  );
}
