/**
 * Sorted key index split into buckets by resource prefix (`/registry/pods/`), so that writes
 * insert into a small sorted array and `list`/`count` under a prefix are two binary searches.
 * Keys with fewer than three `/` go into the "" bucket.
 */

/** `/registry/pods/ns/name` -> `/registry/pods/`; "" when the key has fewer than 3 slashes. */
export function bucketOf(key: string): string {
  let idx = -1;
  for (let n = 0; n < 3; n++) {
    idx = key.indexOf("/", idx + 1);
    if (idx < 0) return "";
  }
  return key.slice(0, idx + 1);
}

function lowerBound(arr: readonly string[], target: string): number {
  let lo = 0;
  let hi = arr.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (arr[mid]! < target) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** the first string greater than every string starting with `prefix` (prefix non-empty) */
function prefixEnd(prefix: string): string {
  return prefix + "\uffff";
}

export class KeyIndex {
  private buckets = new Map<string, string[]>();
  /** bucket names, sorted; rebuilt lazily */
  private sortedBuckets: string[] | null = [];

  add(key: string): void {
    const b = bucketOf(key);
    let arr = this.buckets.get(b);
    if (!arr) {
      arr = [];
      this.buckets.set(b, arr);
      this.sortedBuckets = null;
    }
    const i = lowerBound(arr, key);
    if (arr[i] !== key) arr.splice(i, 0, key);
  }

  remove(key: string): void {
    const b = bucketOf(key);
    const arr = this.buckets.get(b);
    if (!arr) return;
    const i = lowerBound(arr, key);
    if (arr[i] === key) arr.splice(i, 1);
    if (arr.length === 0) {
      this.buckets.delete(b);
      this.sortedBuckets = null;
    }
  }

  /** Calls `fn` for every key matching `prefix` (`/`-terminated prefix or exact key), in key order. */
  forEach(prefix: string, fn: (key: string) => void): void {
    if (!prefix.endsWith("/")) {
      const arr = this.buckets.get(bucketOf(prefix));
      if (arr && arr[lowerBound(arr, prefix)] === prefix) fn(prefix);
      return;
    }
    for (const [arr, from, to] of this.ranges(prefix)) for (let i = from; i < to; i++) fn(arr[i]!);
  }

  count(prefix: string): number {
    if (!prefix.endsWith("/")) {
      const arr = this.buckets.get(bucketOf(prefix));
      return arr && arr[lowerBound(arr, prefix)] === prefix ? 1 : 0;
    }
    if (bucketOf(prefix) === "") {
      // a wide prefix: whole buckets plus the short keys under it (no range merging needed)
      let n = 0;
      for (const name of this.bucketNames()) if (name !== "" && name.startsWith(prefix)) n += this.buckets.get(name)!.length;
      const short = this.buckets.get("");
      if (short) n += lowerBound(short, prefixEnd(prefix)) - lowerBound(short, prefix);
      return n;
    }
    let n = 0;
    for (const [, from, to] of this.ranges(prefix)) n += to - from;
    return n;
  }

  /** [array, from, to) ranges of keys under a `/`-terminated prefix, in key order */
  private *ranges(prefix: string): Generator<[string[], number, number]> {
    const b = bucketOf(prefix);
    if (b !== "") {
      // the prefix is at or below one resource bucket
      const arr = this.buckets.get(b);
      if (!arr) return;
      yield [arr, lowerBound(arr, prefix), lowerBound(arr, prefixEnd(prefix))];
      return;
    }
    // a wide prefix ("/", "/registry/"): every bucket starting with it, merged in key order
    // with the short keys ("" bucket). A short key never starts with a bucket name, so it sorts
    // entirely before or entirely after each bucket's keys: comparing it to the name suffices.
    const short = this.buckets.get("") ?? [];
    let si = lowerBound(short, prefix);
    const sEnd = lowerBound(short, prefixEnd(prefix));
    for (const name of this.bucketNames()) {
      if (name === "" || !name.startsWith(prefix)) continue;
      const from = si;
      while (si < sEnd && short[si]! < name) si++;
      if (si > from) yield [short, from, si];
      const arr = this.buckets.get(name)!;
      yield [arr, 0, arr.length];
    }
    if (sEnd > si) yield [short, si, sEnd];
  }

  /** bucket names, sorted (iterating buckets in this order yields keys in key order) */
  private bucketNames(): string[] {
    if (!this.sortedBuckets) this.sortedBuckets = [...this.buckets.keys()].sort();
    return this.sortedBuckets;
  }
}
