/**
 * The MDX component map every lesson gets (`Quiz` is bound per lesson by LessonBody).
 * Must cover LESSON_COMPONENTS from lib/content (a test checks it).
 */
import { Callout } from "./callout";
import { CodeBlock, H2, H3 } from "./code-block";
import { Command } from "./command";
import { Diagram } from "./diagram";
import { Exercise } from "./exercise";

export const lessonComponents = {
  Callout,
  Command,
  Diagram,
  Exercise,
  pre: CodeBlock,
  h2: H2,
  h3: H3,
};
