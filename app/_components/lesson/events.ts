/**
 * Browser events the lesson components dispatch on `window` (dependency-free; safe to import anywhere).
 *
 * - `kubelab:run-command` — a learner clicked a <Command>; the terminal runs or pastes `detail.command`.
 * - `kubelab:quiz-result` — a quiz was graded; `detail` carries the lesson id and the result.
 */
import type { QuizResult } from "../../../lib/content/types";

export const RUN_COMMAND_EVENT = "kubelab:run-command";
export const QUIZ_RESULT_EVENT = "kubelab:quiz-result";

export interface RunCommandDetail {
  command: string;
}

export interface QuizResultDetail {
  lessonId: string;
  result: QuizResult;
}

declare global {
  interface WindowEventMap {
    "kubelab:run-command": CustomEvent<RunCommandDetail>;
    "kubelab:quiz-result": CustomEvent<QuizResultDetail>;
  }
}

/**
 * Dispatched on window by the sandbox terminal when its first output (the prompt) has arrived.
 * Heavy panel parts (the Monaco editor) wait for it, so the prompt is never stuck behind them.
 */
export const TERMINAL_READY_EVENT = "kubelab:terminal-ready";
