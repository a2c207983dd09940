import { describe, expect, it } from "vitest";
import { QuizError } from "./errors";
import { gradeQuiz, splitInlineCode, toPublicQuiz, type QuizDefinition } from "./quiz";

const quiz: QuizDefinition = {
  id: "apply-flow",
  title: "Check",
  questions: [
    {
      id: "q1",
      prompt: "Who writes etcd?",
      answer: "b",
      explanation: "Only the API server.",
      choices: [
        { id: "a", text: "scheduler" },
        { id: "b", text: "API server" },
      ],
    },
    {
      id: "q2",
      prompt: "Who creates Pods?",
      answer: "c",
      choices: [
        { id: "a", text: "Deployment controller" },
        { id: "b", text: "kubelet" },
        { id: "c", text: "ReplicaSet controller" },
      ],
    },
  ],
};

describe("gradeQuiz", () => {
  it("scores right and wrong answers, with the explanation once answered", () => {
    expect(gradeQuiz(quiz, { q1: "b", q2: "a" })).toEqual({
      quizId: "apply-flow",
      score: 1,
      total: 2,
      results: [
        { questionId: "q1", correct: true, explanation: "Only the API server." },
        { questionId: "q2", correct: false },
      ],
    });
    expect(gradeQuiz(quiz, { q1: "b", q2: "c" }).score).toBe(2);
    expect(gradeQuiz(quiz, { q1: "a", q2: "c" }).results[0]).toEqual({
      questionId: "q1",
      correct: false,
      explanation: "Only the API server.",
    });
  });

  it("counts unanswered questions as wrong and gives them no explanation", () => {
    const r = gradeQuiz(quiz, { q2: "c" });
    expect(r.score).toBe(1);
    expect(r.results[0]).toEqual({ questionId: "q1", correct: false });
  });

  it("throws a typed 400 error for an unknown question or choice", () => {
    const unknownQuestion = (() => {
      try {
        gradeQuiz(quiz, { q9: "a" });
      } catch (e) {
        return e;
      }
    })();
    expect(unknownQuestion).toBeInstanceOf(QuizError);
    expect(unknownQuestion).toMatchObject({ code: "unknown_question", httpStatus: 400, message: 'quiz "apply-flow" has no question "q9"' });
    expect(() => gradeQuiz(quiz, { q1: "z" })).toThrow(expect.objectContaining({ code: "unknown_choice", httpStatus: 400 }));
  });

  it("only reads own keys: inherited keys are not answers, an own __proto__ key is an unknown question", () => {
    expect(() => gradeQuiz(quiz, JSON.parse('{"__proto__": "a"}') as Record<string, string>)).toThrow(
      expect.objectContaining({ code: "unknown_question" }),
    );
    expect(gradeQuiz(quiz, Object.create({ q1: "b" }) as Record<string, string>).score).toBe(0);
  });
});

describe("toPublicQuiz", () => {
  it("keeps ids, prompts and choices and drops answers and explanations", () => {
    const pub = toPublicQuiz(quiz);
    expect(pub).toEqual({
      id: "apply-flow",
      title: "Check",
      questions: [
        { id: "q1", prompt: "Who writes etcd?", choices: quiz.questions[0]?.choices },
        { id: "q2", prompt: "Who creates Pods?", choices: quiz.questions[1]?.choices },
      ],
    });
    const json = JSON.stringify(pub);
    expect(json).not.toMatch(/answer|explanation|Only the API server/);
  });

  it("returns fresh objects (mutating the public copy cannot change the key)", () => {
    const pub = toPublicQuiz(quiz);
    pub.questions[0]!.choices[0]!.id = "b";
    expect(quiz.questions[0]?.choices[0]?.id).toBe("a");
  });
});

describe("splitInlineCode", () => {
  it("splits backtick code spans", () => {
    expect(splitInlineCode("Run `kubectl get pods` now")).toEqual([
      { text: "Run ", code: false },
      { text: "kubectl get pods", code: true },
      { text: " now", code: false },
    ]);
    expect(splitInlineCode("a ` b")).toEqual([{ text: "a ` b", code: false }]);
  });
});
