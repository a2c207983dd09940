/**
 * The learner's exercise scoreboard for one course ("My learning"): every exercise of the course in
 * lesson order, joined with the learner's best scores. Pure.
 */
import type { CourseSummary } from "../content/types";
import type { ExerciseScore } from "./records";
import { isExercisePassed, type GatingExercise } from "./gating";

export interface ExerciseBoardRow {
  exerciseId: string;
  title: string;
  lessonId: string;
  lessonTitle: string;
  /** "<lesson href>#exercise-<id>" */
  href: string;
  points: number;
  /** null when never attempted */
  bestScore: number | null;
  /** the total the best score was graded against (the exercise's points unless they changed since) */
  total: number;
  attempts: number;
  lastAt: Date | null;
  passed: boolean;
}

export function exerciseBoard(course: CourseSummary, exercises: readonly GatingExercise[], scores: readonly ExerciseScore[]): ExerciseBoardRow[] {
  const byExercise = new Map(scores.map((s) => [s.exerciseId, s]));
  const rows: ExerciseBoardRow[] = [];
  for (const lesson of course.modules.flatMap((m) => m.lessons)) {
    for (const e of exercises.filter((x) => x.lessonId === lesson.id)) {
      const s = byExercise.get(e.id);
      rows.push({
        exerciseId: e.id,
        title: e.title,
        lessonId: lesson.id,
        lessonTitle: lesson.title,
        href: `${lesson.href}#exercise-${e.id}`,
        points: e.points,
        bestScore: s ? s.bestScore : null,
        total: s ? s.total : e.points,
        attempts: s ? s.attempts : 0,
        lastAt: s ? s.lastAt : null,
        passed: isExercisePassed(s, e.points),
      });
    }
  }
  return rows;
}
