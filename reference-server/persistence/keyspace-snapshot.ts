// A point-in-time view of the whole keyspace that stays valid while writes continue: the first
// write to a key during the snapshot saves its value as it was (copy-on-write), as fork gives
// Redis's BGSAVE and rewrite children. Starting one costs O(1): the live dicts are walked lazily.

import { cloneValue } from '../keyspace/clone-value.js';
import type { Database, Keyspace, WriteObserver } from '../keyspace/keyspace.js';
import type { RedisValue } from '../keyspace/value.js';

interface PreImage {
  value: RedisValue;
  expireAt: number | undefined;
}

/** Marks a key already written out: later writes to it need no copy. */
const EMITTED = Symbol('emitted');

/** One key of the snapshot. */
export type SnapshotEntry = readonly [key: string, value: RedisValue, expireAt: number | undefined];

export class KeyspaceSnapshot implements WriteObserver {
  private readonly sizesAtStart: Array<{ size: number; expiresSize: number }>;
  /**
   * Per db, for keys written since the start: the value as it was (null = the key did not exist
   * then), or EMITTED once entries() has written the key out.
   */
  private readonly preImages: Map<string, PreImage | null | typeof EMITTED>[];
  /**
   * Per db: true once it was flushed (or swapped, SWAPDB) since the start. Every key it had then
   * has a saved value, so a key without one came later (from the other db of a SWAPDB).
   */
  private readonly flushed: boolean[];
  private released = false;

  constructor(private readonly keyspace: Keyspace) {
    this.sizesAtStart = keyspace.dbs.map((db) => ({ size: db.dict.size, expiresSize: db.expires.size }));
    this.preImages = keyspace.dbs.map(() => new Map());
    this.flushed = keyspace.dbs.map(() => false);
    keyspace.writeObservers.add(this);
  }

  beforeWrite(db: Database, key: string): void {
    const saved = this.preImages[db.id]!;
    if (saved.has(key)) return;
    const v = db.dict.get(key);
    // After a flush or SWAPDB every start key already has its entry: this one came later.
    saved.set(key, v === undefined || this.flushed[db.id] ? null : { value: cloneValue(v), expireAt: db.expires.get(key) });
  }

  beforeFlush(db: Database): void {
    for (const key of db.dict.keys()) this.beforeWrite(db, key);
    this.flushed[db.id] = true;
  }

  /** Number of keys and of keys with a TTL in db `id` at the start. */
  sizes(id: number): { size: number; expiresSize: number } {
    return this.sizesAtStart[id]!;
  }

  /**
   * The keys of db `id` with their values and expiries as of the start, each once. Walks the live
   * dict (a Map iterator sees deletions and visits later insertions), taking the saved value for
   * keys written since the start; then the saved values of start keys the walk did not meet
   * (deleted before it reached them). Writes may happen between the yields.
   */
  *entries(id: number): Generator<SnapshotEntry> {
    const db = this.keyspace.dbs[id]!;
    const saved = this.preImages[id]!;
    for (const [key, current] of db.dict) {
      const pre = saved.get(key);
      if (pre === null || pre === EMITTED || (pre === undefined && this.flushed[id])) continue;
      // Mark first: the consumer may let writes run before the next item is asked for.
      const entry: SnapshotEntry = pre === undefined ? [key, current, db.expires.get(key)] : [key, pre.value, pre.expireAt];
      saved.set(key, EMITTED);
      yield entry;
    }
    for (const [key, pre] of saved) {
      if (pre === null || pre === EMITTED) continue;
      saved.set(key, EMITTED);
      yield [key, pre.value, pre.expireAt];
    }
  }

  /** Stops tracking writes. Call when the snapshot has been written (or abandoned). */
  release(): void {
    if (this.released) return;
    this.released = true;
    this.keyspace.writeObservers.delete(this);
  }
}
