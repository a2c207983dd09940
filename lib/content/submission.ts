/**
 * The quiz submission a browser POSTs to /api/quiz, validated at the boundary.
 */
import { z } from "zod";

const id = z.string().trim().min(1).max(200);

export const quizSubmissionSchema = z.strictObject({
  lessonId: id,
  quizId: id,
  /** question id → choice id */
  answers: z.record(id, id),
});
export type QuizSubmission = z.infer<typeof quizSubmissionSchema>;
