/**
 * Discovery: walks `<root>/<course>/NN.<module>/NN.<lesson>.mdx`, reads `course.yaml` / `module.yaml`
 * and validates every lesson's frontmatter. Never throws for content problems: every problem becomes a
 * located `ContentError` in `errors`, and the broken item is left out of the tree.
 *
 * Order comes from the NN prefixes (numerically); slugs are the names without prefix. Courses are
 * ordered by slug. Hidden entries and non-MDX files beside lessons are ignored.
 */
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import type { z } from "zod";
import { ContentError } from "./errors";
import { resolveLessonSandbox, type LessonSandbox } from "./sandbox";
import {
  courseMetaSchema,
  lessonFrontmatterSchema,
  moduleMetaSchema,
  parseYamlWith,
  splitFrontmatter,
  type ParsedLessonFrontmatter,
} from "./frontmatter";

export interface DiscoveredLesson {
  file: string;
  order: number;
  slug: string;
  frontmatter: ParsedLessonFrontmatter;
  /** MDX body with the frontmatter blanked (line numbers preserved) */
  body: string;
  /** the resolved `sandbox:` block (manifests read) */
  sandbox?: LessonSandbox;
}
export interface DiscoveredModule {
  dir: string;
  order: number;
  slug: string;
  title: string;
  summary?: string;
  lessons: DiscoveredLesson[];
}
export interface DiscoveredCourse {
  dir: string;
  slug: string;
  title: string;
  summary: string;
  /** from course.yaml `gating:`; absent when "none" */
  gating?: "exercises";
  modules: DiscoveredModule[];
}
export interface Discovery {
  root: string;
  courses: DiscoveredCourse[];
  errors: ContentError[];
}

const SLUG = "[a-z0-9]+(?:-[a-z0-9]+)*";
const COURSE_DIR = new RegExp(`^${SLUG}$`);
const ORDERED = new RegExp(`^(\\d+)\\.(${SLUG})$`);

export async function discover(root: string): Promise<Discovery> {
  const errors: ContentError[] = [];
  const courses: DiscoveredCourse[] = [];
  const entries = await listDir(root);
  if (!entries) {
    errors.push(new ContentError({ file: root, line: 1, column: 1 }, "content directory does not exist"));
    return { root, courses, errors };
  }
  for (const e of entries.filter((e) => e.isDirectory() && !e.name.startsWith(".")).sort(byName)) {
    const dir = path.join(root, e.name);
    if (!COURSE_DIR.test(e.name)) {
      errors.push(at(dir, `course folder "${e.name}" must be a slug: lowercase letters, digits and dashes`));
      continue;
    }
    const course = await discoverCourse(dir, e.name, errors);
    if (course) courses.push(course);
  }
  return { root, courses, errors };
}

async function discoverCourse(dir: string, slug: string, errors: ContentError[]): Promise<DiscoveredCourse | undefined> {
  const metaFile = path.join(dir, "course.yaml");
  const meta = await readYaml(metaFile, courseMetaSchema, "course.yaml", errors);
  const modules: DiscoveredModule[] = [];
  const entries = (await listDir(dir)) ?? [];
  const dirs = entries.filter((e) => e.isDirectory() && !e.name.startsWith("."));
  for (const { entry, order, slug: moduleSlug } of ordered(
    dir,
    dirs.map((d) => d.name),
    "module folder",
    "01.control-plane",
    errors,
  )) {
    const mod = await discoverModule(path.join(dir, entry), order, moduleSlug, errors);
    if (mod) modules.push(mod);
  }
  if (!meta) return undefined;
  return { dir, slug, title: meta.title, summary: meta.summary, ...(meta.gating === "exercises" ? { gating: meta.gating } : {}), modules };
}

async function discoverModule(dir: string, order: number, slug: string, errors: ContentError[]): Promise<DiscoveredModule | undefined> {
  const meta = await readYaml(path.join(dir, "module.yaml"), moduleMetaSchema, "module.yaml", errors);
  const entries = (await listDir(dir)) ?? [];
  const mdx = entries.filter((e) => e.isFile() && e.name.endsWith(".mdx")).map((e) => e.name.slice(0, -".mdx".length));
  const lessons: DiscoveredLesson[] = [];
  for (const { entry, order: lessonOrder, slug: lessonSlug } of ordered(
    dir,
    mdx,
    "lesson file",
    "01.what-happens-on-apply.mdx",
    errors,
    ".mdx",
  )) {
    const lesson = await discoverLesson(path.join(dir, `${entry}.mdx`), lessonOrder, lessonSlug, errors);
    if (lesson) lessons.push(lesson);
  }
  if (!meta) return undefined;
  const mod: DiscoveredModule = { dir, order, slug, title: meta.title, lessons };
  if (meta.summary) mod.summary = meta.summary;
  return mod;
}

async function discoverLesson(file: string, order: number, slug: string, errors: ContentError[]): Promise<DiscoveredLesson | undefined> {
  const source = await readFile(file, "utf8");
  let split;
  try {
    split = splitFrontmatter(file, source);
  } catch (err) {
    if (err instanceof ContentError) errors.push(err);
    else throw err;
    return undefined;
  }
  if (split.yaml === undefined) {
    errors.push(at(file, "missing frontmatter: start the lesson with a `---` block giving title, summary, duration and objectives"));
    return undefined;
  }
  const parsed = parseYamlWith(file, split.yaml, split.yamlLine, lessonFrontmatterSchema, "frontmatter", 1);
  if (!parsed.ok) {
    errors.push(...parsed.errors);
    return undefined;
  }
  const lesson: DiscoveredLesson = { file, order, slug, frontmatter: parsed.value, body: split.body };
  if (parsed.value.sandbox) {
    // manifest files may live anywhere inside the lesson's course folder
    const sandbox = await resolveLessonSandbox(file, path.dirname(path.dirname(file)), parsed.value.sandbox, errors);
    if (!sandbox) return undefined;
    lesson.sandbox = sandbox;
  }
  return lesson;
}

/** Entries named `NN.slug`, sorted by NN; bad names and duplicate orders/slugs become errors. */
function ordered(dir: string, names: string[], what: string, example: string, errors: ContentError[], ext = "") {
  const out: Array<{ entry: string; order: number; slug: string }> = [];
  for (const entry of names.sort()) {
    const m = ORDERED.exec(entry);
    if (!m) {
      errors.push(at(path.join(dir, entry + ext), `${what} "${entry}${ext}" must be named like "${example}" (NN.slug)`));
      continue;
    }
    const order = Number(m[1]);
    const slug = m[2] ?? "";
    const clash = out.find((o) => o.order === order || o.slug === slug);
    if (clash) {
      const why = clash.slug === slug ? `slug "${slug}"` : `order ${m[1]}`;
      errors.push(at(path.join(dir, entry + ext), `${what} "${entry}${ext}" has the same ${why} as "${clash.entry}${ext}"`));
      continue;
    }
    out.push({ entry, order, slug });
  }
  return out.sort((a, b) => a.order - b.order);
}

async function readYaml<T>(file: string, schema: z.ZodType<T>, what: string, errors: ContentError[]): Promise<T | undefined> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch {
    errors.push(at(file, `missing ${what} (needs title${what === "course.yaml" ? " and summary" : ", optional summary"})`));
    return undefined;
  }
  const parsed = parseYamlWith(file, text, 1, schema, what, 1);
  if (!parsed.ok) {
    errors.push(...parsed.errors);
    return undefined;
  }
  return parsed.value;
}

async function listDir(dir: string) {
  try {
    return await readdir(dir, { withFileTypes: true });
  } catch {
    return undefined;
  }
}

function byName(a: { name: string }, b: { name: string }): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

function at(file: string, reason: string): ContentError {
  return new ContentError({ file, line: 1, column: 1 }, reason);
}
