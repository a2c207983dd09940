/**
 * Server component: renders a compiled lesson with the lesson components.
 *
 *   const lesson = await getLesson(course, module, slug); // lib/content
 *   if (!lesson) notFound();
 *   return <LessonBody lesson={lesson} />;
 *
 * The MDX function is evaluated once per compiled code string and kept in memory. It is given this
 * module's React (the one Next bundles for the server tree), not the copy mdx-bundler would load.
 */
import { getMDXComponent } from "mdx-bundler/client";
import * as React from "react";
import type { ComponentType } from "react";
import * as ReactDOM from "react-dom";
import * as jsxRuntime from "react/jsx-runtime";
import type { CompiledLesson } from "../../../lib/content/types";
import { lessonComponents } from "./components";
import { Quiz } from "./quiz";
import { Exercise } from "./exercise";
import type { ExerciseHistory } from "../../../lib/exercises/history";

type MdxContent = ComponentType<{ components?: Record<string, unknown> }>;
const evaluated = new Map<string, MdxContent>();

function contentFor(code: string): MdxContent {
  let c = evaluated.get(code);
  if (!c) {
    c = getMDXComponent(code, { React, ReactDOM, _jsx_runtime: jsxRuntime }) as unknown as MdxContent;
    evaluated.set(code, c);
  }
  return c;
}

type ExerciseProps = Omit<Parameters<typeof Exercise>[0], "lessonId" | "history">;

/**
 * `exercises`: the signed-in learner's history by exercise id (lib/exercises `getExerciseHistory`);
 * omit it for anonymous visitors. Exercises missing from it render as "no attempts yet".
 */
export function LessonBody({ lesson, exercises }: { lesson: CompiledLesson; exercises?: Readonly<Record<string, ExerciseHistory>> }) {
  const Content = contentFor(lesson.code);
  const lessonId = lesson.summary.id;
  const components = {
    ...lessonComponents,
    Quiz: ({ id }: { id: string }) => <Quiz id={id} lessonId={lessonId} />,
    Exercise: (p: ExerciseProps) => <Exercise {...p} lessonId={lessonId} {...(exercises ? { history: exercises[p.id] ?? null } : {})} />,
  };
  return (
    <div className="lesson-body" data-lesson-id={lessonId}>
      <Content components={components} />
    </div>
  );
}
