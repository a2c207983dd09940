/**
 * Field sets as sigs.k8s.io/structured-merge-diff/fieldpath has them: a tree of path elements
 * (`f:` field, `k:` associative-list key, `v:` set value, `i:` index) where a node is either a
 * member (owned itself) or only a parent of owned children, serialized as FieldsV1.
 *
 * Guarantees: sets are immutable values (every operation returns a new set); a child set is
 * never empty; iteration and serialization follow upstream's element order (fields < keys <
 * values < indices, each sorted), so encoded FieldsV1 is byte-identical to upstream's.
 */
import { goJson, goStringCompare, isObject } from "./go-format";

export type PathElement =
  | { readonly field: string }
  | { readonly key: ReadonlyArray<readonly [string, unknown]> }
  | { readonly value: unknown }
  | { readonly index: number };

export type Path = readonly PathElement[];

const rank = (pe: PathElement) => ("field" in pe ? 0 : "key" in pe ? 1 : "value" in pe ? 2 : 3);

function valueRank(v: unknown): number {
  if (typeof v === "number") return 0;
  if (typeof v === "string") return 1;
  if (typeof v === "boolean") return 2;
  if (Array.isArray(v)) return 3;
  if (isObject(v)) return 4;
  return 5;
}

/** structured-merge-diff's `value.Compare`. */
export function compareValues(a: unknown, b: unknown): number {
  const ra = valueRank(a);
  const rb = valueRank(b);
  if (ra !== rb) return ra - rb;
  if (typeof a === "number" && typeof b === "number") return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === "string" && typeof b === "string") return goStringCompare(a, b);
  if (typeof a === "boolean" && typeof b === "boolean") return a === b ? 0 : a ? 1 : -1;
  return goStringCompare(goJson(a), goJson(b));
}

export function comparePE(a: PathElement, b: PathElement): number {
  const r = rank(a) - rank(b);
  if (r !== 0) return r;
  if ("field" in a && "field" in b) return goStringCompare(a.field, b.field);
  if ("key" in a && "key" in b) {
    for (let i = 0; ; i++) {
      const x = a.key[i];
      const y = b.key[i];
      if (!x && !y) return 0;
      if (!x) return -1;
      if (!y) return 1;
      const c = goStringCompare(x[0], y[0]) || compareValues(x[1], y[1]);
      if (c !== 0) return c;
    }
  }
  if ("value" in a && "value" in b) return compareValues(a.value, b.value);
  return (a as { index: number }).index - (b as { index: number }).index;
}

/** The FieldsV1 key of a path element: `f:name`, `k:{"name":"x"}`, `v:"x"`, `i:0`. */
export function peKey(pe: PathElement): string {
  if ("field" in pe) return `f:${pe.field}`;
  if ("key" in pe) return `k:{${pe.key.map(([n, v]) => `${goJson(n)}:${goJson(v)}`).join(",")}}`;
  if ("value" in pe) return `v:${goJson(pe.value)}`;
  return `i:${pe.index}`;
}

export function makeKey(fields: Iterable<readonly [string, unknown]>): PathElement {
  return { key: [...fields].sort((x, y) => goStringCompare(x[0], y[0])) };
}

/** Parses a FieldsV1 key; throws on anything upstream would reject. */
export function parsePeKey(s: string): PathElement {
  const body = s.slice(2);
  switch (s.slice(0, 2)) {
    case "f:":
      return { field: body };
    case "k:": {
      const obj: unknown = JSON.parse(body);
      if (!isObject(obj)) throw new Error(`invalid key path element: ${s}`);
      return makeKey(Object.entries(obj));
    }
    case "v:":
      return { value: JSON.parse(body) as unknown };
    case "i:": {
      const n = Number(body);
      if (!Number.isInteger(n)) throw new Error(`invalid index path element: ${s}`);
      return { index: n };
    }
    default:
      throw new Error(`unknown path element type: ${s}`);
  }
}

/** Go `%q`-like rendering used by `value.ToString`. */
function toStringValue(v: unknown): string {
  if (v === null || v === undefined) return "null";
  if (typeof v === "string") return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(toStringValue).join(",")}]`;
  if (isObject(v))
    return `{${Object.entries(v)
      .map(([k, x]) => `${k}=${toStringValue(x)}`)
      .join(",")}}`;
  return String(v);
}

/** `Path.String()`: `.spec.containers[name="nginx"].image`, `[="x"]`, `[0]`. */
export function pathString(path: Path): string {
  return path
    .map((pe) => {
      if ("field" in pe) return `.${pe.field}`;
      if ("key" in pe) return `[${pe.key.map(([n, v]) => `${n}=${toStringValue(v)}`).join(",")}]`;
      if ("value" in pe) return `[=${toStringValue(pe.value)}]`;
      return `[${pe.index}]`;
    })
    .join("");
}

/** every leaf of an encoded FieldsV1 is this one frozen `{}` (stored objects share it) */
const EMPTY_LEAF: Readonly<Record<string, never>> = Object.freeze({});

interface Child {
  readonly pe: PathElement;
  readonly set: FieldSet;
}

export class FieldSet {
  private constructor(
    private readonly members: ReadonlyMap<string, PathElement>,
    private readonly children: ReadonlyMap<string, Child>,
  ) {}

  /** @internal the shared empty set */
  static readonly EMPTY: FieldSet = new FieldSet(new Map(), new Map());

  /** the empty set (one shared instance: sets are immutable) */
  static empty(): FieldSet {
    return EMPTY_SET;
  }

  static of(...paths: Path[]): FieldSet {
    // built in place: the maps are private to the sets created here until it returns
    const root = new FieldSet(new Map(), new Map());
    for (const p of paths) root.insertInPlace(p, 0);
    return root.isEmpty() ? EMPTY_SET : root;
  }

  /** `insert` mutating this set and the children it created itself (only while building) */
  private insertInPlace(path: Path, from: number): void {
    if (path.length <= from) return;
    const head = path[from]!;
    const k = peKey(head);
    if (from === path.length - 1) {
      if (!this.members.has(k)) (this.members as Map<string, PathElement>).set(k, head);
      return;
    }
    let child = this.children.get(k);
    if (!child) (this.children as Map<string, Child>).set(k, (child = { pe: head, set: new FieldSet(new Map(), new Map()) }));
    child.set.insertInPlace(path, from + 1);
  }

  isEmpty(): boolean {
    return this.members.size === 0 && this.children.size === 0;
  }

  insert(path: Path): FieldSet {
    if (path.length === 0) return this;
    const [head, ...rest] = path as [PathElement, ...PathElement[]];
    const k = peKey(head);
    if (rest.length === 0) {
      if (this.members.has(k)) return this;
      return new FieldSet(new Map(this.members).set(k, head), this.children);
    }
    const prev = this.children.get(k)?.set ?? EMPTY_SET;
    return new FieldSet(this.members, new Map(this.children).set(k, { pe: head, set: prev.insert(rest) }));
  }

  has(path: Path): boolean {
    if (path.length === 0) return false;
    const k = peKey(path[0]!);
    if (path.length === 1) return this.members.has(k);
    return this.children.get(k)?.set.has(path.slice(1)) ?? false;
  }

  /** The children below `pe` (empty when none). */
  withPrefix(pe: PathElement): FieldSet {
    return this.children.get(peKey(pe))?.set ?? EMPTY_SET;
  }

  hasMember(pe: PathElement): boolean {
    return this.members.has(peKey(pe));
  }

  // The set operations below share unchanged subtrees (and return an operand as it is when
  // the result equals it), so the common cases allocate little.

  union(o: FieldSet): FieldSet {
    if (o === this || o.isEmpty()) return this;
    if (this.isEmpty()) return o;
    let members: Map<string, PathElement> | undefined;
    for (const [k, pe] of o.members) if (!this.members.has(k)) (members ??= new Map(this.members)).set(k, pe);
    let children: Map<string, Child> | undefined;
    for (const [k, c] of o.children) {
      const mine = this.children.get(k);
      if (!mine) (children ??= new Map(this.children)).set(k, c);
      else {
        const u = mine.set.union(c.set);
        if (u !== mine.set) (children ??= new Map(this.children)).set(k, { pe: c.pe, set: u });
      }
    }
    if (!members && !children) return this;
    return new FieldSet(members ?? this.members, children ?? this.children);
  }

  intersection(o: FieldSet): FieldSet {
    if (o === this) return this;
    if (this.isEmpty() || o.isEmpty()) return EMPTY_SET;
    const members = new Map<string, PathElement>();
    for (const [k, pe] of this.members) if (o.members.has(k)) members.set(k, pe);
    const children = new Map<string, Child>();
    for (const [k, c] of this.children) {
      const other = o.children.get(k);
      if (!other) continue;
      const s = c.set.intersection(other.set);
      if (!s.isEmpty()) children.set(k, s === c.set ? c : { pe: c.pe, set: s });
    }
    if (members.size === 0 && children.size === 0) return EMPTY_SET;
    return new FieldSet(members, children);
  }

  /** Non-recursive difference: removing a member keeps that path's children. */
  difference(o: FieldSet): FieldSet {
    return this.minus(o, false);
  }

  /** Difference where a member of `o` also removes everything below it. */
  recursiveDifference(o: FieldSet): FieldSet {
    return this.minus(o, true);
  }

  private minus(o: FieldSet, recursive: boolean): FieldSet {
    if (this.isEmpty()) return this;
    if (o === this) return EMPTY_SET;
    if (o.isEmpty()) return this;
    let members: Map<string, PathElement> | undefined;
    for (const k of o.members.keys()) {
      if (!this.members.has(k)) continue;
      (members ??= new Map(this.members)).delete(k);
    }
    let children: Map<string, Child> | undefined;
    for (const [k, c] of this.children) {
      let s: FieldSet;
      if (recursive && o.members.has(k)) s = EMPTY_SET;
      else {
        const other = o.children.get(k);
        if (!other) continue;
        s = c.set.minus(other.set, recursive);
        if (s === c.set) continue;
      }
      children ??= new Map(this.children);
      if (s.isEmpty()) children.delete(k);
      else children.set(k, { pe: c.pe, set: s });
    }
    if (!members && !children) return this;
    const m = members ?? this.members;
    const ch = children ?? this.children;
    return m.size === 0 && ch.size === 0 ? EMPTY_SET : new FieldSet(m, ch);
  }

  /** Adds `pe` as a member where `isNamed(pe)` holds for a parent of owned children, recursively. */
  ensureMembers(isNamed: (path: Path) => boolean, prefix: Path = []): FieldSet {
    let members: Map<string, PathElement> | undefined;
    const children = new Map<string, Child>();
    for (const [k, c] of this.children) {
      const p = [...prefix, c.pe];
      if (isNamed(p) && !this.members.has(k)) (members ??= new Map(this.members)).set(k, c.pe);
      children.set(k, { pe: c.pe, set: c.set.ensureMembers(isNamed, p) });
    }
    return new FieldSet(members ?? this.members, children);
  }

  private sortedKeys(): { key: string; pe: PathElement; member: boolean; child?: FieldSet }[] {
    const all = new Map<string, { key: string; pe: PathElement; member: boolean; child?: FieldSet }>();
    for (const [k, pe] of this.members) all.set(k, { key: k, pe, member: true });
    for (const [k, c] of this.children) {
      const e = all.get(k);
      all.set(k, { key: k, pe: c.pe, member: e?.member ?? false, child: c.set });
    }
    return [...all.values()].sort((a, b) => comparePE(a.pe, b.pe));
  }

  /** Visits every member path: this level's members first, then children, each in order. */
  iterate(fn: (path: Path) => void, prefix: Path = []): void {
    const entries = this.sortedKeys();
    for (const e of entries) if (e.member) fn([...prefix, e.pe]);
    for (const e of entries) if (e.child) e.child.iterate(fn, [...prefix, e.pe]);
  }

  paths(): Path[] {
    const out: Path[] = [];
    this.iterate((p) => out.push(p));
    return out;
  }

  /** FieldsV1 JSON: `{"f:spec":{"f:replicas":{}}}`, with `".":{}` for members that have children. */
  toFieldsV1(includeSelf = false): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    if (includeSelf && !this.isEmpty()) out["."] = EMPTY_LEAF;
    for (const e of this.sortedKeys()) out[e.key] = e.child ? e.child.toFieldsV1(e.member) : EMPTY_LEAF;
    return out;
  }

  static fromFieldsV1(obj: unknown): FieldSet {
    if (!isObject(obj)) throw new Error("FieldsV1 must be an object");
    const members = new Map<string, PathElement>();
    const children = new Map<string, Child>();
    for (const [k, v] of Object.entries(obj)) {
      if (k === ".") continue;
      const pe = parsePeKey(k);
      const inner = isObject(v) ? v : {};
      const hasChildren = Object.keys(inner).some((x) => x !== ".");
      if (!hasChildren || Object.hasOwn(inner, ".")) members.set(k, pe);
      if (hasChildren) {
        const set = FieldSet.fromFieldsV1(inner);
        if (!set.isEmpty()) children.set(k, { pe, set });
      }
    }
    return new FieldSet(members, children);
  }
}

const EMPTY_SET: FieldSet = FieldSet.EMPTY;
