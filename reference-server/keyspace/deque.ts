// A growable ring buffer: O(1) push and pop at both ends, O(1) index. Backs list values,
// so LPUSH on a long list costs what it costs Redis's quicklist, not an O(n) array shift.

/** Double-ended queue of items with random access by index (0 = head). */
export class Deque<T> {
  private items: (T | undefined)[];
  private head = 0;
  private count = 0;

  constructor(initial?: Iterable<T>) {
    this.items = new Array<T | undefined>(8);
    if (initial) for (const v of initial) this.pushTail(v);
  }

  get length(): number {
    return this.count;
  }

  private grow(): void {
    const old = this.items;
    const next = new Array<T | undefined>(old.length * 2);
    for (let i = 0; i < this.count; i++) next[i] = old[(this.head + i) & (old.length - 1)];
    this.items = next;
    this.head = 0;
  }

  pushHead(v: T): void {
    if (this.count === this.items.length) this.grow();
    this.head = (this.head - 1) & (this.items.length - 1);
    this.items[this.head] = v;
    this.count++;
  }

  pushTail(v: T): void {
    if (this.count === this.items.length) this.grow();
    this.items[(this.head + this.count) & (this.items.length - 1)] = v;
    this.count++;
  }

  popHead(): T | undefined {
    if (this.count === 0) return undefined;
    const v = this.items[this.head];
    this.items[this.head] = undefined;
    this.head = (this.head + 1) & (this.items.length - 1);
    this.count--;
    return v;
  }

  popTail(): T | undefined {
    if (this.count === 0) return undefined;
    const idx = (this.head + this.count - 1) & (this.items.length - 1);
    const v = this.items[idx];
    this.items[idx] = undefined;
    this.count--;
    return v;
  }

  /** Item at `index` (0-based from the head), or undefined when out of range. */
  at(index: number): T | undefined {
    if (index < 0 || index >= this.count) return undefined;
    return this.items[(this.head + index) & (this.items.length - 1)];
  }

  set(index: number, v: T): void {
    if (index < 0 || index >= this.count) throw new RangeError('deque index out of range');
    this.items[(this.head + index) & (this.items.length - 1)] = v;
  }

  /** Items from `start` to `end` inclusive, clamped to the deque. */
  slice(start: number, end: number): T[] {
    const out: T[] = [];
    const last = Math.min(end, this.count - 1);
    for (let i = Math.max(0, start); i <= last; i++) out.push(this.items[(this.head + i) & (this.items.length - 1)] as T);
    return out;
  }

  toArray(): T[] {
    return this.slice(0, this.count - 1);
  }

  /** Replaces the whole content (used by LREM, LINSERT, LTRIM which rebuild the list). */
  replaceAll(values: Iterable<T>): void {
    this.items = new Array<T | undefined>(8);
    this.head = 0;
    this.count = 0;
    for (const v of values) this.pushTail(v);
  }

  *[Symbol.iterator](): IterableIterator<T> {
    for (let i = 0; i < this.count; i++) yield this.items[(this.head + i) & (this.items.length - 1)] as T;
  }
}
