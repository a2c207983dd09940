/**
 * remark-quiz: collects `<Quiz>` definitions and removes everything but the quiz id from the MDX tree,
 * so the compiled lesson code never contains prompts, choices, answers or explanations.
 *
 * Authoring syntax:
 *
 *   <Quiz id="apply-flow" title="Check your understanding">
 *     <Question id="who-writes-etcd" prompt="Which component writes to etcd?" answer="b">
 *       <Choice id="a">The scheduler</Choice>
 *       <Choice id="b">The API server</Choice>
 *       <Explanation>Only the API server talks to etcd; everything else goes through it.</Explanation>
 *     </Question>
 *   </Quiz>
 *
 * Prompts may mark code with `backticks`; choices and explanations are markdown (inline code kept).
 * Every mistake (missing id, duplicate id, answer naming no choice, fewer than two choices, stray
 * content) fails the compile at the offending element's line.
 */
import type { QuizChoiceDefinition, QuizDefinition, QuizQuestionDefinition } from "../quiz";
import { type AstNode, type PluginFile, idAttr, isBlank, isJsxElement, stringAttr, toInlineText, visit } from "./mdx-ast";

export interface RemarkQuizOptions {
  /** receives the lesson's quizzes (in document order) once the tree is processed */
  onQuizzes: (quizzes: QuizDefinition[]) => void;
}

export function remarkQuiz(options: RemarkQuizOptions) {
  return (tree: AstNode, file: PluginFile): void => {
    const quizzes: QuizDefinition[] = [];
    visit(tree, (node, parent, index) => {
      if (!isJsxElement(node) || node.name !== "Quiz") return;
      if (node.type !== "mdxJsxFlowElement") file.fail("<Quiz> must start on its own line (it is a block, not inline text)", node);
      const quiz = parseQuiz(file, node);
      if (quizzes.some((q) => q.id === quiz.id)) file.fail(`duplicate quiz id "${quiz.id}" in this lesson`, node);
      quizzes.push(quiz);
      if (parent?.children) {
        parent.children[index] = {
          type: "mdxJsxFlowElement",
          name: "Quiz",
          attributes: [{ type: "mdxJsxAttribute", name: "id", value: quiz.id }],
          children: [],
          ...(node.position ? { position: node.position } : {}),
        };
      }
      return "skip";
    });
    options.onQuizzes(quizzes);
  };
}

function parseQuiz(file: PluginFile, node: AstNode): QuizDefinition {
  const id = idAttr(file, node);
  const title = stringAttr(file, node, "title", false);
  const questions: QuizQuestionDefinition[] = [];
  for (const child of elementChildren(file, node, ["Question"])) {
    const q = parseQuestion(file, child);
    if (questions.some((x) => x.id === q.id)) file.fail(`duplicate question id "${q.id}" in quiz "${id}"`, child);
    questions.push(q);
  }
  if (questions.length === 0) file.fail(`<Quiz id="${id}"> needs at least one <Question>`, node);
  const quiz: QuizDefinition = { id, questions };
  if (title) quiz.title = title;
  return quiz;
}

function parseQuestion(file: PluginFile, node: AstNode): QuizQuestionDefinition {
  const id = idAttr(file, node);
  const prompt = stringAttr(file, node, "prompt", true);
  const answer = stringAttr(file, node, "answer", true);
  const choices: QuizChoiceDefinition[] = [];
  let explanation: string | undefined;
  for (const child of elementChildren(file, node, ["Choice", "Explanation"])) {
    if (child.name === "Explanation") {
      if (explanation !== undefined) file.fail(`question "${id}" has more than one <Explanation>`, child);
      explanation = toInlineText(child.children ?? []);
      if (!explanation) file.fail(`<Explanation> of question "${id}" is empty`, child);
      continue;
    }
    const choiceId = idAttr(file, child);
    if (choices.some((c) => c.id === choiceId)) file.fail(`duplicate choice id "${choiceId}" in question "${id}"`, child);
    const text = toInlineText(child.children ?? []);
    if (!text) file.fail(`<Choice id="${choiceId}"> of question "${id}" has no text`, child);
    choices.push({ id: choiceId, text });
  }
  if (choices.length < 2) file.fail(`question "${id}" needs at least two <Choice> elements`, node);
  if (!choices.some((c) => c.id === answer)) {
    file.fail(
      `question "${id}" has answer="${answer}" but no <Choice id="${answer}"> (choices: ${choices.map((c) => c.id).join(", ")})`,
      node,
    );
  }
  const q: QuizQuestionDefinition = { id, prompt, choices, answer };
  if (explanation) q.explanation = explanation;
  return q;
}

/** The JSX element children of `node`, which must all be one of `allowed`; blank text is ignored. */
function elementChildren(file: PluginFile, node: AstNode, allowed: readonly string[]): AstNode[] {
  const out: AstNode[] = [];
  const expect = allowed.map((a) => `<${a}>`).join(" or ");
  const take = (child: AstNode) => {
    if (isBlank(child)) return;
    // a paragraph holding only inline elements (e.g. two <Choice> on one line) is unwrapped
    if (child.type === "paragraph" && child.children?.every((c) => isBlank(c) || isJsxElement(c))) {
      child.children.forEach(take);
      return;
    }
    if (!isJsxElement(child) || !allowed.includes(child.name ?? "")) {
      const what = isJsxElement(child) ? `<${child.name ?? ""}>` : "text";
      file.fail(`only ${expect} may appear inside <${node.name ?? ""}>, found ${what}`, child.position ? child : node);
    }
    out.push(child);
  };
  (node.children ?? []).forEach(take);
  return out;
}
