/**
 * remark-components: checks JSX usage so a typo fails the build at its line instead of breaking the page,
 * validates the props of the lesson components, and collects `<Exercise>` definitions.
 *
 * - A capitalised element must be a lesson component (`LESSON_COMPONENTS`) or imported/exported in the
 *   lesson itself. Lowercase elements (svg, div, …) pass through.
 * - <Question>/<Choice>/<Explanation> only exist inside <Quiz> (remark-quiz removes them before this runs).
 * - <Callout type>, <Command run>, <Diagram title>, <Exercise id title points> are checked.
 */
import { type AstNode, type PluginFile, attr, idAttr, isJsxElement, stringAttr, visit } from "./mdx-ast";

/** Components every lesson may use; `app/_components/lesson` must provide each (a test checks it). */
export const LESSON_COMPONENTS = ["Callout", "Command", "Diagram", "Quiz", "Exercise"] as const;
export const CALLOUT_TYPES = ["note", "tip", "warning", "danger"] as const;

export interface ExerciseDefinition {
  id: string;
  title: string;
  points: number;
}

export interface RemarkComponentsOptions {
  onExercises: (exercises: ExerciseDefinition[]) => void;
}

export function remarkComponents(options: RemarkComponentsOptions) {
  return (tree: AstNode, file: PluginFile): void => {
    const local = localNames(tree);
    const exercises: ExerciseDefinition[] = [];
    visit(tree, (node) => {
      if (!isJsxElement(node) || !node.name) return;
      const name = node.name;
      const root = name.split(".")[0] ?? name;
      if (!/^[A-Z]/.test(root) || local.has(root)) return;
      switch (name) {
        case "Callout": {
          const type = stringAttr(file, node, "type", false) ?? "note";
          if (!(CALLOUT_TYPES as readonly string[]).includes(type)) {
            file.fail(`<Callout> type "${type}" is not one of ${CALLOUT_TYPES.join(", ")}`, node);
          }
          stringAttr(file, node, "title", false);
          return;
        }
        case "Command":
          stringAttr(file, node, "run", true);
          return;
        case "Diagram":
          stringAttr(file, node, "title", true);
          stringAttr(file, node, "caption", false);
          return;
        case "Quiz":
          return;
        case "Exercise": {
          const ex = parseExercise(file, node);
          if (exercises.some((e) => e.id === ex.id)) file.fail(`duplicate exercise id "${ex.id}" in this lesson`, node);
          exercises.push(ex);
          return;
        }
        case "Question":
        case "Choice":
        case "Explanation":
          file.fail(`<${name}> can only be used inside <Quiz>`, node);
          return;
        default:
          file.fail(
            `unknown component <${name}>: lessons can use ${LESSON_COMPONENTS.map((c) => `<${c}>`).join(", ")} or import their own`,
            node,
          );
      }
    });
    options.onExercises(exercises);
  };
}

function parseExercise(file: PluginFile, node: AstNode): ExerciseDefinition {
  const id = idAttr(file, node);
  const title = stringAttr(file, node, "title", true);
  const p = attr(node, "points");
  let points = 0;
  if (p.kind === "missing") file.fail(`<Exercise id="${id}"> needs points={…}`, node);
  if (p.kind === "string" || p.kind === "expression") points = Number(p.value.trim());
  if (!Number.isInteger(points) || points <= 0) file.fail(`<Exercise id="${id}"> points must be a positive whole number`, node);
  return { id, title, points };
}

/** Names a lesson defines itself: imports and exported declarations. */
function localNames(tree: AstNode): Set<string> {
  const names = new Set<string>();
  for (const node of tree.children ?? []) {
    if (node.type !== "mdxjsEsm") continue;
    for (const stmt of node.data?.estree?.body ?? []) {
      for (const s of stmt.specifiers ?? []) if (s.local?.name) names.add(s.local.name);
      const decl = stmt.declaration;
      if (decl?.id?.name) names.add(decl.id.name);
      for (const d of decl?.declarations ?? []) if (d.id?.name) names.add(d.id.name);
    }
  }
  return names;
}
