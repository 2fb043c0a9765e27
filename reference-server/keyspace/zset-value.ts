// The sorted-set type: member -> score plus members ordered by (score, member bytes), as Redis's
// skiplist orders them (src/t_zset.c zslInsert), and the encoding Redis would report.
// Ordered storage is a list of sorted chunks with a Fenwick tree over chunk sizes, so insert,
// delete, rank and select by rank are O(log n + chunk size) like the skiplist's O(log n).

export type ZSetEncoding = 'listpack' | 'skiplist';

/** One member of a sorted set with its score. */
export interface ZEntry {
  member: string;
  score: number;
}

/** Largest chunk before it is split in two. */
const MAX_CHUNK = 512;

/** Negative when (score, member) sorts before `e`. Members compare as bytes (latin1 strings). */
function compareTo(score: number, member: string, e: ZEntry): number {
  if (score !== e.score) return score < e.score ? -1 : 1;
  return member < e.member ? -1 : member > e.member ? 1 : 0;
}

/**
 * A sorted set. `scores` indexes members; the chunks hold entries in ascending order.
 * WARNING: mutate only through add/remove/clear so the two stay in step.
 */
export class ZSetValue {
  readonly type = 'zset' as const;
  readonly scores = new Map<string, number>();
  private chunks: ZEntry[][] = [];
  /** Fenwick tree (1-based) over chunk sizes. */
  private tree: Int32Array = new Int32Array(1);
  constructor(public encoding: ZSetEncoding = 'listpack') {}

  get size(): number {
    return this.scores.size;
  }

  /** Rebuilds the Fenwick tree after chunks were split or removed. */
  private rebuild(): void {
    const n = this.chunks.length;
    const tree = new Int32Array(n + 1);
    for (let i = 1; i <= n; i++) {
      tree[i]! += this.chunks[i - 1]!.length;
      const parent = i + (i & -i);
      if (parent <= n) tree[parent]! += tree[i]!;
    }
    this.tree = tree;
  }

  private bump(chunk: number, delta: number): void {
    const tree = this.tree;
    for (let i = chunk + 1; i < tree.length; i += i & -i) tree[i]! += delta;
  }

  /** Number of entries in chunks before `chunk`. */
  private before(chunk: number): number {
    let sum = 0;
    for (let i = chunk; i > 0; i -= i & -i) sum += this.tree[i]!;
    return sum;
  }

  /** Index of the chunk holding (or that should hold) (score, member): the first whose last entry is >= it. */
  private findChunk(score: number, member: string): number {
    const chunks = this.chunks;
    let lo = 0;
    let hi = chunks.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const c = chunks[mid]!;
      if (compareTo(score, member, c[c.length - 1]!) > 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Position of the first entry of `chunk` not less than (score, member). */
  private static lowerBound(chunk: ZEntry[], score: number, member: string): number {
    let lo = 0;
    let hi = chunk.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compareTo(score, member, chunk[mid]!) > 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private insertEntry(member: string, score: number): void {
    if (this.chunks.length === 0) {
      this.chunks.push([{ member, score }]);
      this.rebuild();
      return;
    }
    const ci = this.findChunk(score, member);
    const chunk = this.chunks[ci]!;
    const pos = ZSetValue.lowerBound(chunk, score, member);
    if (pos === chunk.length) chunk.push({ member, score });
    else chunk.splice(pos, 0, { member, score });
    if (chunk.length > MAX_CHUNK) {
      this.chunks.splice(ci + 1, 0, chunk.splice(chunk.length >>> 1));
      this.rebuild();
    } else {
      this.bump(ci, 1);
    }
  }

  private deleteEntry(member: string, score: number): void {
    const ci = this.findChunk(score, member);
    const chunk = this.chunks[ci]!;
    const pos = ZSetValue.lowerBound(chunk, score, member);
    if (pos === chunk.length - 1) chunk.pop();
    else chunk.splice(pos, 1);
    if (chunk.length === 0) {
      this.chunks.splice(ci, 1);
      this.rebuild();
    } else {
      this.bump(ci, -1);
    }
  }

  /**
   * Sets `member`'s score, inserting it when new. A listpack stores the score as text that reads
   * back -0 as 0 (listpack.c lpStringToInt64 takes "-0" as the integer 0), so -0 becomes 0 there.
   */
  add(member: string, score: number): void {
    if (score === 0 && this.encoding === 'listpack') score = 0;
    const old = this.scores.get(member);
    if (old !== undefined) {
      if (old === score) return; // zsetAdd: "score != curscore" (so -0 does not replace 0)
      this.deleteEntry(member, old);
    }
    this.scores.set(member, score);
    this.insertEntry(member, score);
  }

  /** Removes `member`; returns whether it was present. */
  remove(member: string): boolean {
    const old = this.scores.get(member);
    if (old === undefined) return false;
    this.deleteEntry(member, old);
    this.scores.delete(member);
    return true;
  }

  /** Switches to the listpack encoding (zsetConvert), turning -0 scores into 0 as a listpack does. */
  convertToListpack(): void {
    this.encoding = 'listpack';
    for (const c of this.chunks) {
      for (const e of c) {
        if (Object.is(e.score, -0)) {
          e.score = 0;
          this.scores.set(e.member, 0);
        }
      }
    }
  }

  /** Removes every entry. */
  clear(): void {
    this.scores.clear();
    this.chunks = [];
    this.rebuild();
  }

  /** 0-based ascending rank of `member`, or undefined. */
  rank(member: string): number | undefined {
    const score = this.scores.get(member);
    if (score === undefined) return undefined;
    const ci = this.findChunk(score, member);
    return this.before(ci) + ZSetValue.lowerBound(this.chunks[ci]!, score, member);
  }

  /** Chunk index and offset of ascending rank `i` (0 <= i < size). */
  private locate(i: number): [number, number] {
    const tree = this.tree;
    let pos = 0;
    let rem = i;
    let step = 1;
    while (step * 2 < tree.length) step *= 2;
    for (; step > 0; step >>= 1) {
      const next = pos + step;
      if (next < tree.length && tree[next]! <= rem) {
        pos = next;
        rem -= tree[next]!;
      }
    }
    return [pos, rem];
  }

  /** Entry at ascending rank `i`. */
  at(i: number): ZEntry | undefined {
    if (i < 0 || i >= this.size) return undefined;
    const [ci, off] = this.locate(i);
    return this.chunks[ci]![off];
  }

  /** Entries with ascending ranks start..end inclusive (clamped), in ascending order. */
  range(start: number, end: number): ZEntry[] {
    const from = Math.max(0, start);
    const to = Math.min(this.size - 1, end);
    const out: ZEntry[] = [];
    if (from > to) return out;
    let [ci, off] = this.locate(from);
    let left = to - from + 1;
    while (left > 0) {
      const chunk = this.chunks[ci]!;
      const take = Math.min(left, chunk.length - off);
      for (let k = 0; k < take; k++) out.push(chunk[off + k]!);
      left -= take;
      ci++;
      off = 0;
    }
    return out;
  }

  /**
   * Calls `fn` on entries from ascending rank `start`, moving up (or down when `reverse`), until
   * `fn` returns false or the set ends. Cheap per step; nothing is copied.
   */
  walk(start: number, reverse: boolean, fn: (e: ZEntry) => boolean): void {
    if (start < 0 || start >= this.size) return;
    let [ci, off] = this.locate(start);
    const chunks = this.chunks;
    if (!reverse) {
      for (; ci < chunks.length; ci++, off = 0) {
        const chunk = chunks[ci]!;
        for (; off < chunk.length; off++) if (!fn(chunk[off]!)) return;
      }
    } else {
      for (;;) {
        const chunk = chunks[ci]!;
        for (; off >= 0; off--) if (!fn(chunk[off]!)) return;
        if (--ci < 0) return;
        off = chunks[ci]!.length - 1;
      }
    }
  }

  /** First ascending rank whose score is >= `score` (or > when `exclusive`). */
  rankOfScore(score: number, exclusive: boolean): number {
    return this.rankWhere((e) => (exclusive ? e.score <= score : e.score < score));
  }

  /** First ascending rank whose member is >= `member` (or > when `exclusive`); meaningful when all scores are equal. */
  rankOfLex(member: string, exclusive: boolean): number {
    return this.rankWhere((e) => (exclusive ? e.member <= member : e.member < member));
  }

  /** Number of leading entries for which `below` holds (`below` must be monotone: true then false). */
  private rankWhere(below: (e: ZEntry) => boolean): number {
    const chunks = this.chunks;
    let lo = 0;
    let hi = chunks.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const c = chunks[mid]!;
      if (below(c[c.length - 1]!)) lo = mid + 1;
      else hi = mid;
    }
    if (lo === chunks.length) return this.size;
    const chunk = chunks[lo]!;
    let a = 0;
    let b = chunk.length;
    while (a < b) {
      const mid = (a + b) >>> 1;
      if (below(chunk[mid]!)) a = mid + 1;
      else b = mid;
    }
    return this.before(lo) + a;
  }

  /** All entries in ascending order (a fresh array; O(n)). */
  entries(): readonly ZEntry[] {
    if (this.chunks.length === 1) return this.chunks[0]!.slice();
    const out: ZEntry[] = [];
    for (const c of this.chunks) for (const e of c) out.push(e);
    return out;
  }
}
