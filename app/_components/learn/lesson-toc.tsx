"use client";
/**
 * The lesson's table of contents (sticky on wide screens, collapsed <details> on phones). It follows
 * the reader: the heading currently at the top is marked aria-current, and for a signed-in learner it
 * records the first open and saves that heading as the resume position — debounced, and flushed with
 * sendBeacon when the page is hidden or left.
 */
import { useEffect, useRef, useState } from "react";
import type { TocEntry } from "@/lib/content/types";

const SAVE_DELAY_MS = 1500;
/** a heading counts as reached once its top is in the upper quarter of the viewport (at least 200 px) */
const reachedLine = () => Math.max(200, window.innerHeight * 0.25);

function post(body: object, beacon = false): void {
  const json = JSON.stringify(body);
  if (beacon && typeof navigator.sendBeacon === "function") {
    navigator.sendBeacon("/api/progress", new Blob([json], { type: "text/plain;charset=UTF-8" }));
    return;
  }
  void fetch("/api/progress", { method: "POST", headers: { "content-type": "application/json" }, body: json, keepalive: true }).catch(
    () => undefined,
  );
}

export interface LessonTocProps {
  lessonId: string;
  toc: TocEntry[];
  /** record opens and positions (signed in) */
  track: boolean;
  initialPosition: string | null;
}

export function LessonToc({ lessonId, toc, track, initialPosition }: LessonTocProps) {
  const [active, setActive] = useState<string | null>(null);
  const [open, setOpen] = useState(false);
  const saved = useRef<string | null>(initialPosition);
  const pending = useRef<string | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  useEffect(() => {
    setOpen(window.matchMedia("(min-width: 56rem)").matches);
  }, []);

  useEffect(() => {
    if (track) post({ action: "open", lessonId });
  }, [track, lessonId]);

  useEffect(() => {
    const ids = toc.map((t) => t.id);
    let frame = 0;
    const measure = () => {
      frame = 0;
      let current: string | null = null;
      const line = reachedLine();
      for (const id of ids) {
        const el = document.getElementById(id);
        if (el && el.getBoundingClientRect().top <= line) current = id;
      }
      setActive(current);
    };
    const onScroll = () => {
      if (!frame) frame = requestAnimationFrame(measure);
    };
    measure();
    window.addEventListener("scroll", onScroll, { passive: true });
    window.addEventListener("hashchange", onScroll);
    return () => {
      window.removeEventListener("scroll", onScroll);
      window.removeEventListener("hashchange", onScroll);
      if (frame) cancelAnimationFrame(frame);
    };
  }, [toc]);

  useEffect(() => {
    if (!track || !active || active === saved.current) return;
    pending.current = active;
    clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      if (!pending.current) return;
      post({ action: "position", lessonId, anchor: pending.current });
      saved.current = pending.current;
      pending.current = null;
    }, SAVE_DELAY_MS);
  }, [active, track, lessonId]);

  useEffect(() => {
    if (!track) return;
    const flush = () => {
      if (!pending.current) return;
      clearTimeout(timer.current);
      post({ action: "position", lessonId, anchor: pending.current }, true);
      saved.current = pending.current;
      pending.current = null;
    };
    const onVisibility = () => {
      if (document.visibilityState === "hidden") flush();
    };
    window.addEventListener("pagehide", flush);
    document.addEventListener("visibilitychange", onVisibility);
    return () => {
      flush();
      window.removeEventListener("pagehide", flush);
      document.removeEventListener("visibilitychange", onVisibility);
    };
  }, [track, lessonId]);

  if (toc.length === 0) return null;
  return (
    <nav className="toc" aria-label="On this page">
      <details open={open} onToggle={(e) => setOpen(e.currentTarget.open)}>
        <summary>On this page</summary>
        <ol>
          {toc.map((t) => (
            <li key={t.id}>
              <a href={`#${t.id}`} data-depth={t.depth} aria-current={active === t.id ? "location" : undefined}>
                {t.text}
              </a>
            </li>
          ))}
        </ol>
      </details>
    </nav>
  );
}
