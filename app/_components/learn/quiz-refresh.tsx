"use client";
/** Re-renders the lesson's server parts (best scores) after a quiz is graded. */
import { useRouter } from "next/navigation";
import { useEffect } from "react";
import { QUIZ_RESULT_EVENT } from "../lesson/events";

export function QuizRefresh() {
  const router = useRouter();
  useEffect(() => {
    const onResult = () => router.refresh();
    window.addEventListener(QUIZ_RESULT_EVENT, onResult);
    return () => window.removeEventListener(QUIZ_RESULT_EVENT, onResult);
  }, [router]);
  return null;
}
