"use client";
/** "Mark complete" / undo for the current lesson; refreshes the server-rendered progress after saving. */
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";

export function CompleteButton({ lessonId, completed: initial }: { lessonId: string; completed: boolean }) {
  const router = useRouter();
  const [completed, setCompleted] = useState(initial);
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [, startTransition] = useTransition();

  async function toggle() {
    setBusy(true);
    setError(undefined);
    const action = completed ? "uncomplete" : "complete";
    try {
      const res = await fetch("/api/progress", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ action, lessonId }),
      });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      setCompleted(!completed);
      startTransition(() => router.refresh());
    } catch {
      setError("Could not save. Please try again.");
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="complete">
      <p aria-live="polite" className={completed ? "status-done" : "meta"}>
        {completed ? "✓ You completed this lesson." : "Finished reading? Mark the lesson complete."}
      </p>
      <button type="button" className={completed ? "button button-secondary" : "button"} onClick={toggle} disabled={busy}>
        {completed ? "Mark as not complete" : "Mark complete"}
      </button>
      {error && (
        <p role="alert" className="field-error">
          {error}
        </p>
      )}
    </div>
  );
}
