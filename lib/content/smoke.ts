/**
 * Smoke evaluation of compiled MDX at check time: runs the lesson's MDX function (and any component the
 * lesson defines itself) with stand-ins for the lesson components, so a runtime error — an undefined
 * variable in `{…}`, a throwing local component — fails `checkContent` instead of breaking the page.
 * It does not render to HTML (no react-dom/server, so it is safe in the Next server graph).
 */
import { getMDXComponent } from "mdx-bundler/client";
import { ContentError } from "./errors";
import { LESSON_COMPONENTS } from "./plugins/remark-components";

interface ElementLike {
  type?: unknown;
  props?: { children?: unknown } & Record<string, unknown>;
}

export function smokeEvaluate(file: string, body: string, code: string): ContentError | undefined {
  const stubs = new Set<unknown>();
  const components: Record<string, unknown> = {};
  for (const name of LESSON_COMPONENTS) {
    const stub = (props: { children?: unknown }) => props.children ?? null;
    stubs.add(stub);
    components[name] = stub;
  }
  try {
    const Content = getMDXComponent(code) as unknown as (props: Record<string, unknown>) => unknown;
    walk(Content({ components }), stubs, 0);
    return undefined;
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    return new ContentError({ file, ...locate(body, message) }, `lesson fails when rendered: ${message}`);
  }
}

function walk(node: unknown, stubs: Set<unknown>, depth: number): void {
  if (depth > 50 || node === null || typeof node !== "object") return;
  if (Array.isArray(node)) {
    for (const n of node) walk(n, stubs, depth + 1);
    return;
  }
  const el = node as ElementLike;
  if (!el.props) return;
  if (typeof el.type === "function" && !stubs.has(el.type)) {
    let out: unknown;
    try {
      out = (el.type as (p: unknown) => unknown)(el.props);
    } catch (err) {
      // hooks cannot run outside React; only the lesson's own errors matter here
      if (err instanceof Error && /hook/i.test(err.message)) return;
      throw err;
    }
    walk(out, stubs, depth + 1);
    return;
  }
  walk(el.props.children, stubs, depth + 1);
}

/** Best effort: the first line mentioning the identifier of a ReferenceError, else line 1. */
function locate(body: string, message: string): { line: number; column: number } {
  const ident = /^(\w+) is not defined/.exec(message)?.[1];
  const lines = body.split("\n");
  if (ident) {
    const re = new RegExp(`\\b${ident}\\b`);
    const i = lines.findIndex((l) => re.test(l));
    if (i >= 0) return { line: i + 1, column: (lines[i]?.search(re) ?? 0) + 1 };
  }
  return { line: 1, column: 1 };
}
