// The sorted-set type: member -> score plus members ordered by (score, member bytes), as Redis's
// skiplist orders them (src/t_zset.c zslInsert), and the encoding Redis would report.

export type ZSetEncoding = 'listpack' | 'skiplist';

/** One member of a sorted set with its score. */
export interface ZEntry {
  member: string;
  score: number;
}

function compareEntries(a: ZEntry, b: ZEntry): number {
  if (a.score !== b.score) return a.score < b.score ? -1 : 1;
  return a.member < b.member ? -1 : a.member > b.member ? 1 : 0;
}

/**
 * A sorted set. `sorted` is kept in ascending order; `scores` indexes it by member.
 * WARNING: mutate only through add/remove so the two stay in step.
 */
export class ZSetValue {
  readonly type = 'zset' as const;
  readonly scores = new Map<string, number>();
  private readonly sorted: ZEntry[] = [];
  constructor(public encoding: ZSetEncoding = 'listpack') {}

  get size(): number {
    return this.sorted.length;
  }

  /** Index of the first entry not less than (score, member). */
  private lowerBound(score: number, member: string): number {
    let lo = 0;
    let hi = this.sorted.length;
    const probe = { member, score };
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compareEntries(this.sorted[mid]!, probe) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Sets `member`'s score, inserting it when new. */
  add(member: string, score: number): void {
    const old = this.scores.get(member);
    if (old !== undefined) {
      if (old === score) return;
      this.sorted.splice(this.lowerBound(old, member), 1);
    }
    this.scores.set(member, score);
    this.sorted.splice(this.lowerBound(score, member), 0, { member, score });
  }

  /** Removes `member`; returns whether it was present. */
  remove(member: string): boolean {
    const old = this.scores.get(member);
    if (old === undefined) return false;
    this.sorted.splice(this.lowerBound(old, member), 1);
    this.scores.delete(member);
    return true;
  }

  /** 0-based ascending rank of `member`, or undefined. */
  rank(member: string): number | undefined {
    const score = this.scores.get(member);
    if (score === undefined) return undefined;
    return this.lowerBound(score, member);
  }

  /** Entry at ascending rank `i`. */
  at(i: number): ZEntry | undefined {
    return this.sorted[i];
  }

  /** Entries with ascending ranks start..end inclusive (clamped). */
  range(start: number, end: number): ZEntry[] {
    return this.sorted.slice(Math.max(0, start), Math.max(0, end + 1));
  }

  /** First ascending rank whose score is >= `score` (or > when `exclusive`). */
  rankOfScore(score: number, exclusive: boolean): number {
    let lo = 0;
    let hi = this.sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const s = this.sorted[mid]!.score;
      if (exclusive ? s <= score : s < score) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  entries(): readonly ZEntry[] {
    return this.sorted;
  }
}
