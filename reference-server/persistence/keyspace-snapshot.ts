// A point-in-time view of the whole keyspace that stays valid while writes continue: the key set
// is frozen when the snapshot starts, and the first write to a key during the snapshot saves its
// value as it was (copy-on-write), as fork gives Redis's BGSAVE and rewrite children.

import { cloneValue } from '../keyspace/clone-value.js';
import type { Database, Keyspace, WriteObserver } from '../keyspace/keyspace.js';
import type { RedisValue } from '../keyspace/value.js';

interface PreImage {
  value: RedisValue;
  expireAt: number | undefined;
}

/** One key of the snapshot. */
export type SnapshotEntry = readonly [key: string, value: RedisValue, expireAt: number | undefined];

export class KeyspaceSnapshot implements WriteObserver {
  private readonly keys: string[][];
  private readonly expiresCount: number[];
  /** Values as they were at the start, for keys written since; null = key did not exist then. */
  private readonly preImages: Map<string, PreImage | null>[];
  private released = false;

  constructor(private readonly keyspace: Keyspace) {
    this.keys = keyspace.dbs.map((db) => Array.from(db.dict.keys()));
    this.expiresCount = keyspace.dbs.map((db) => db.expires.size);
    this.preImages = keyspace.dbs.map(() => new Map());
    keyspace.writeObservers.add(this);
  }

  beforeWrite(db: Database, key: string): void {
    const saved = this.preImages[db.id]!;
    if (saved.has(key)) return;
    const v = db.dict.get(key);
    saved.set(key, v === undefined ? null : { value: cloneValue(v), expireAt: db.expires.get(key) });
  }

  beforeFlush(db: Database): void {
    for (const key of db.dict.keys()) this.beforeWrite(db, key);
  }

  /** Number of keys and of keys with a TTL in db `id` at the start. */
  sizes(id: number): { size: number; expiresSize: number } {
    return { size: this.keys[id]!.length, expiresSize: this.expiresCount[id]! };
  }

  /** The keys of db `id` with their values and expiries as of the start. */
  *entries(id: number): Generator<SnapshotEntry> {
    const db = this.keyspace.dbs[id]!;
    const saved = this.preImages[id]!;
    for (const key of this.keys[id]!) {
      const pre = saved.get(key);
      if (pre === null) continue;
      if (pre !== undefined) {
        yield [key, pre.value, pre.expireAt];
        continue;
      }
      const v = db.dict.get(key);
      // Every change goes through a write hook, so an untouched frozen key is still there.
      if (v !== undefined) yield [key, v, db.expires.get(key)];
    }
  }

  /** Stops tracking writes. Call when the snapshot has been written (or abandoned). */
  release(): void {
    if (this.released) return;
    this.released = true;
    this.keyspace.writeObservers.delete(this);
  }
}
