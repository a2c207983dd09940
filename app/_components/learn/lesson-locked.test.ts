import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import type { LessonLock } from "../../../lib/exercises/gating";
import { LessonLocked, LockedNote } from "./lesson-locked";

const lock: LessonLock = {
  lessonId: "k8s/workloads/scaling",
  blockedBy: {
    exerciseId: "self-healing",
    exerciseTitle: "Heal it",
    lessonId: "k8s/workloads/deployments",
    lessonTitle: "Deployments",
    href: "/courses/k8s/workloads/deployments#exercise-self-healing",
  },
};

describe("locked lesson", () => {
  it("names the exercise to pass and links to it on its lesson page", () => {
    const html = renderToStaticMarkup(createElement(LessonLocked, { lock, signedIn: true, here: "/courses/k8s/workloads/scaling" }));
    expect(html).toContain('data-testid="lesson-locked" data-blocked-by="self-healing"');
    expect(html).toContain("pass the exercise <strong>Heal it</strong> in <em>Deployments</em>");
    expect(html).toContain('href="/courses/k8s/workloads/deployments#exercise-self-healing"');
    expect(html).not.toContain("Sign in");
  });

  it("asks an anonymous visitor to sign in, coming back to this lesson", () => {
    const html = renderToStaticMarkup(createElement(LessonLocked, { lock, signedIn: false, here: "/courses/k8s/workloads/scaling" }));
    expect(html).toContain('href="/signin?callbackUrl=%2Fcourses%2Fk8s%2Fworkloads%2Fscaling"');
  });

  it("the outline note links to the blocking exercise", () => {
    const html = renderToStaticMarkup(createElement(LockedNote, { lock }));
    expect(html).toContain('Locked: pass <a href="/courses/k8s/workloads/deployments#exercise-self-healing">Heal it</a> first');
  });
});
