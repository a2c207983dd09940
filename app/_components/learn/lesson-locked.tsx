import Link from "next/link";
import type { LessonLock } from "../../../lib/exercises/gating";

/**
 * What a gated lesson shows instead of its body while an earlier exercise has not passed (the page decides
 * on the server with lib/exercises `getCourseLocks`; nothing of the lesson body is sent).
 */
export function LessonLocked({ lock, signedIn, here }: { lock: LessonLock; signedIn: boolean; here: string }) {
  const b = lock.blockedBy;
  return (
    <section className="notice lesson-locked" data-testid="lesson-locked" data-blocked-by={b.exerciseId} aria-labelledby="lesson-locked-title">
      <h2 id="lesson-locked-title">
        <span aria-hidden="true">🔒 </span>This lesson is locked
      </h2>
      <p>
        In this course, each lesson opens once you pass the exercises before it. Next step: pass the exercise{" "}
        <strong>{b.exerciseTitle}</strong> in <em>{b.lessonTitle}</em>.
      </p>
      <p>
        <Link className="button" href={b.href}>
          Go to the exercise
        </Link>
        {!signedIn && (
          <>
            {" "}
            <Link href={`/signin?callbackUrl=${encodeURIComponent(here)}`}>Sign in</Link> to save your work.
          </>
        )}
      </p>
    </section>
  );
}

/** the outline's note on a locked lesson */
export function LockedNote({ lock }: { lock: LessonLock }) {
  return (
    <span className="meta lesson-locked-note">
      Locked: pass <Link href={lock.blockedBy.href}>{lock.blockedBy.exerciseTitle}</Link> first
    </span>
  );
}
