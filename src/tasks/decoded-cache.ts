/**
 * A bounded memo for decoding stored text (signed payloads, picklefield
 * columns). Decoding is a pure function of the stored text (and the keys),
 * while a polled list page shows the same rows again and again, and decoding
 * is the largest share of our own CPU per list request (docs/performance.md,
 * "What the profile showed").
 *
 * Two generations instead of a strict LRU (no per-hit reordering, no scans
 * for the oldest entry): new values go into the young generation; when it
 * holds half the budget, it becomes the old one and the previous old one is
 * dropped. A hit in the old generation is promoted. Bounded by characters,
 * not entries, so a few huge values cannot pin memory; a value larger than
 * an eighth of the budget is not kept at all.
 */
export class DecodedCache<V> {
  private young = new Map<string, { value: V; size: number }>();
  private old = new Map<string, { value: V; size: number }>();
  private youngChars = 0;

  constructor(private readonly maxChars: number) {}

  get size(): number {
    return this.young.size + this.old.size;
  }

  /** The memoised `decode(key)`; `sizeOf` counts the characters the value holds. */
  get(key: string, decode: (key: string) => V, sizeOf: (value: V) => number): V {
    const hit = this.young.get(key);
    if (hit) return hit.value;
    const aged = this.old.get(key);
    if (aged) {
      this.remember(key, aged);
      return aged.value;
    }
    const value = decode(key);
    const size = key.length + sizeOf(value);
    if (size <= this.maxChars / 8) this.remember(key, { value, size });
    return value;
  }

  private remember(key: string, entry: { value: V; size: number }): void {
    if (this.youngChars + entry.size > this.maxChars / 2) {
      this.old = this.young;
      this.young = new Map();
      this.youngChars = 0;
    }
    this.young.set(key, entry);
    this.youngChars += entry.size;
  }

  clear(): void {
    this.young.clear();
    this.old.clear();
    this.youngChars = 0;
  }
}
