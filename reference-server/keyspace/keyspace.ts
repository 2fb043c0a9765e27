// The databases of one server: key -> value maps with absolute expiry times, lazy expiration on
// access, and the hooks that tell the engine a key changed (WATCH) or became ready (blocking pops).

import type { Clock } from '../ports/clock.js';
import type { RedisValue } from './value.js';

/** What the keyspace tells its owner. */
export interface KeyspaceListener {
  /** A key's value was replaced, deleted or expired (drives WATCH). */
  keyModified(db: number, key: string): void;
  /** A list, sorted set or stream key was created, or a stream written or removed (drives blocked clients). */
  keyReady(db: number, key: string): void;
  /** A key was removed because its TTL passed (propagated as DEL by a master). */
  keyExpired(db: number, key: string): void;
}

/**
 * Told before a key is changed in any way, so a point-in-time snapshot (BGSAVE, AOF rewrite) can
 * keep the value it had when the snapshot started: the copy-on-write that fork gives Redis.
 */
export interface WriteObserver {
  beforeWrite(db: Database, key: string): void;
  beforeFlush(db: Database): void;
}

/** One numbered database. */
export class Database {
  /** Replaced only by Keyspace.replaceContents (a load); hold no reference to it across calls. */
  dict = new Map<string, RedisValue>();
  /** Absolute expiry time (Unix ms) of keys that have one. */
  expires = new Map<string, number>();
  constructor(public id: number) {}
}

export interface KeyspaceStats {
  expiredKeys: number;
  keyspaceHits: number;
  keyspaceMisses: number;
}

/**
 * All databases. Lookups apply lazy expiry (Redis src/db.c expireIfNeeded): a master deletes an
 * expired key when it is touched; a replica never deletes but reports it missing to reads.
 */
export class Keyspace {
  readonly dbs: Database[];
  /** True on a replica: expired keys are hidden from reads but only the master deletes them. */
  isReplica = false;
  /** While loading or replaying, keys are not expired on access. */
  expiryPaused = false;
  readonly stats: KeyspaceStats = { expiredKeys: 0, keyspaceHits: 0, keyspaceMisses: 0 };
  /** Snapshots in progress; empty almost always, so the hot path costs one size check. */
  readonly writeObservers = new Set<WriteObserver>();

  constructor(
    count: number,
    readonly clock: Clock,
    private readonly listener: KeyspaceListener,
  ) {
    this.dbs = Array.from({ length: count }, (_, i) => new Database(i));
  }

  /** Whether `key` in `db` has a TTL that has passed (without deleting it). */
  isExpired(db: Database, key: string): boolean {
    const when = db.expires.get(key);
    return when !== undefined && when <= this.clock.now();
  }

  /**
   * Deletes `key` when its TTL has passed (on a master). Returns true when the key is logically
   * expired, deleted or not.
   */
  expireIfNeeded(db: Database, key: string): boolean {
    if (db.expires.size === 0) return false;
    const when = db.expires.get(key);
    if (when === undefined || when > this.clock.now()) return false;
    if (this.isReplica || this.expiryPaused) return !this.expiryPaused;
    this.deleteExpired(db, key);
    return true;
  }

  /** Removes an expired key and reports it (stats, WATCH, propagation as DEL). */
  deleteExpired(db: Database, key: string): void {
    if (this.writeObservers.size > 0) this.notifyWrite(db, key);
    if (db.dict.get(key)?.type === 'stream') this.listener.keyReady(db.id, key);
    db.dict.delete(key);
    db.expires.delete(key);
    this.stats.expiredKeys++;
    this.listener.keyExpired(db.id, key);
    this.listener.keyModified(db.id, key);
  }

  /** The value at `key` for a read command (counts hits and misses), or undefined. */
  lookupRead(db: Database, key: string): RedisValue | undefined {
    if (this.expireIfNeeded(db, key)) {
      this.stats.keyspaceMisses++;
      return undefined;
    }
    const v = db.dict.get(key);
    if (v === undefined) this.stats.keyspaceMisses++;
    else this.stats.keyspaceHits++;
    return v;
  }

  /** The value at `key` for a write command (no stats), or undefined. */
  lookupWrite(db: Database, key: string): RedisValue | undefined {
    if (this.writeObservers.size > 0) this.notifyWrite(db, key);
    if (this.expireIfNeeded(db, key)) return undefined;
    return db.dict.get(key);
  }

  /** Whether `key` exists (not expired), without touching stats. */
  exists(db: Database, key: string): boolean {
    if (this.expireIfNeeded(db, key)) return false;
    return db.dict.has(key);
  }

  /** Adds a new key (it must not exist). Lists and sorted sets wake blocked clients. */
  add(db: Database, key: string, value: RedisValue): void {
    if (this.writeObservers.size > 0) this.notifyWrite(db, key);
    db.dict.set(key, value);
    if (value.type === 'list' || value.type === 'zset' || value.type === 'stream') this.listener.keyReady(db.id, key);
    this.listener.keyModified(db.id, key);
  }

  /**
   * Stores `value` at `key`, replacing what was there. The TTL is removed unless `keepTtl`
   * (Redis setKey with SETKEY_KEEPTTL).
   */
  set(db: Database, key: string, value: RedisValue, keepTtl = false): void {
    if (this.writeObservers.size > 0) this.notifyWrite(db, key);
    const old = db.dict.get(key);
    db.dict.set(key, value);
    if (!keepTtl) db.expires.delete(key);
    if (old === undefined && (value.type === 'list' || value.type === 'zset' || value.type === 'stream')) this.listener.keyReady(db.id, key);
    // dbOverwrite: replacing a stream wakes XREADGROUP clients blocked on it (they get UNBLOCKED).
    if (old?.type === 'stream') this.listener.keyReady(db.id, key);
    this.listener.keyModified(db.id, key);
  }

  /** Deletes `key`; returns whether it existed (an expired key counts as absent). */
  delete(db: Database, key: string): boolean {
    if (this.writeObservers.size > 0) this.notifyWrite(db, key);
    if (this.expireIfNeeded(db, key)) return false;
    // dbGenericDelete: deleting a stream wakes XREADGROUP clients blocked on it.
    if (db.dict.get(key)?.type === 'stream') this.listener.keyReady(db.id, key);
    if (!db.dict.delete(key)) return false;
    db.expires.delete(key);
    this.listener.keyModified(db.id, key);
    return true;
  }

  /** Sets the absolute expiry (Unix ms) of an existing key. */
  setExpire(db: Database, key: string, whenMs: number): void {
    if (this.writeObservers.size > 0) this.notifyWrite(db, key);
    db.expires.set(key, whenMs);
    this.listener.keyModified(db.id, key);
  }

  /** Removes the TTL of `key`; returns whether it had one. */
  persist(db: Database, key: string): boolean {
    if (this.writeObservers.size > 0) this.notifyWrite(db, key);
    const had = db.expires.delete(key);
    if (had) this.listener.keyModified(db.id, key);
    return had;
  }

  private notifyWrite(db: Database, key: string): void {
    for (const o of this.writeObservers) o.beforeWrite(db, key);
  }

  /** Tells watchers a value was changed in place (Redis signalModifiedKey). */
  modified(db: Database, key: string): void {
    this.listener.keyModified(db.id, key);
  }

  /** Empties one database; returns how many keys it held. */
  flush(db: Database): number {
    for (const o of this.writeObservers) o.beforeFlush(db);
    const n = db.dict.size;
    for (const [key, value] of db.dict) {
      // scanDatabaseForDeletedStreams: a flushed stream wakes XREADGROUP clients blocked on it.
      if (value.type === 'stream') this.listener.keyReady(db.id, key);
      this.listener.keyModified(db.id, key);
    }
    db.dict.clear();
    db.expires.clear();
    return n;
  }

  /**
   * Empties every database (as FLUSHALL does, observers and listeners told) and then makes
   * `contents` the new databases, adopting its maps as they are: a load of a million keys does not
   * insert them a second time. The maps must not be used by the caller afterwards.
   */
  replaceContents(contents: ReadonlyMap<number, { dict: Map<string, RedisValue>; expires: Map<string, number> }>): void {
    for (const db of this.dbs) this.flush(db);
    for (const [id, d] of contents) {
      const db = this.dbs[id];
      if (db === undefined) throw new RangeError(`database ${id} out of range (${this.dbs.length} databases)`);
      db.dict = d.dict;
      db.expires = d.expires;
    }
  }

  /** Keys of all databases with a TTL: `(db, count)`, used by INFO keyspace. */
  totalKeys(): number {
    let n = 0;
    for (const db of this.dbs) n += db.dict.size;
    return n;
  }
}
