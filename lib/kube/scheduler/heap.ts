/** A binary heap with keyed removal and update (client-go's heap used by the scheduling queue). */
export class KeyedHeap<T> {
  private readonly items: T[] = [];
  private readonly index = new Map<string, number>();

  constructor(
    private readonly keyOf: (x: T) => string,
    /** true when a must come out before b */
    private readonly less: (a: T, b: T) => boolean,
  ) {}

  get size(): number {
    return this.items.length;
  }
  has(key: string): boolean {
    return this.index.has(key);
  }
  get(key: string): T | undefined {
    const i = this.index.get(key);
    return i === undefined ? undefined : this.items[i];
  }
  peek(): T | undefined {
    return this.items[0];
  }

  /** adds or replaces the item with the same key */
  push(x: T): void {
    const k = this.keyOf(x);
    const i = this.index.get(k);
    if (i !== undefined) {
      this.items[i] = x;
      this.fix(i);
      return;
    }
    this.items.push(x);
    this.index.set(k, this.items.length - 1);
    this.up(this.items.length - 1);
  }

  pop(): T | undefined {
    if (this.items.length === 0) return undefined;
    const top = this.items[0]!;
    this.removeAt(0);
    return top;
  }

  delete(key: string): T | undefined {
    const i = this.index.get(key);
    if (i === undefined) return undefined;
    const x = this.items[i]!;
    this.removeAt(i);
    return x;
  }

  values(): readonly T[] {
    return this.items;
  }

  private removeAt(i: number): void {
    const last = this.items.length - 1;
    this.index.delete(this.keyOf(this.items[i]!));
    if (i !== last) {
      this.items[i] = this.items[last]!;
      this.index.set(this.keyOf(this.items[i]!), i);
      this.items.pop();
      this.fix(i);
    } else this.items.pop();
  }

  private fix(i: number): void {
    if (!this.up(i)) this.down(i);
  }

  private up(i: number): boolean {
    const start = i;
    const x = this.items[i]!;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const parent = this.items[p]!;
      if (!this.less(x, parent)) break;
      this.items[i] = parent;
      this.index.set(this.keyOf(parent), i);
      i = p;
    }
    this.items[i] = x;
    this.index.set(this.keyOf(x), i);
    return i !== start;
  }

  private down(i: number): void {
    const n = this.items.length;
    const x = this.items[i]!;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const c = r < n && this.less(this.items[r]!, this.items[l]!) ? r : l;
      const child = this.items[c]!;
      if (!this.less(child, x)) break;
      this.items[i] = child;
      this.index.set(this.keyOf(child), i);
      i = c;
    }
    this.items[i] = x;
    this.index.set(this.keyOf(x), i);
  }
}
