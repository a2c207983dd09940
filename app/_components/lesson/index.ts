/**
 * Lesson rendering (server side). Import from server components only: LessonBody and Quiz read content
 * on the server. Client-safe pieces: `events.ts` (event names and detail types), `quiz-client.tsx`.
 * Styles: `lesson.css` (import once from the root layout).
 */
export { LessonBody } from "./lesson-body";
export { lessonComponents } from "./components";
export { Callout, type CalloutType } from "./callout";
export { Command } from "./command";
export { Diagram } from "./diagram";
export { Exercise } from "./exercise";
export { Quiz } from "./quiz";
export { QuizClient, type QuizClientProps } from "./quiz-client";
export { CodeBlock } from "./code-block";
export { RUN_COMMAND_EVENT, QUIZ_RESULT_EVENT, type RunCommandDetail, type QuizResultDetail } from "./events";
