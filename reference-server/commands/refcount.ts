// OBJECT REFCOUNT and DEBUG OBJECT's refcount: shared small integers answer OBJ_SHARED_REFCOUNT;
// a string stored from a command's own argument (SET, MSET, GETSET, APPEND of a new key,
// INCRBYFLOAT's rewritten argv) is still referenced by the queued argv until EXEC ends, and by
// the pending propagation when the AOF is on (src/multi.c execCommand, src/server.c alsoPropagate).

import type { CommandEngine } from '../engine.js';
import type { ServerConfig } from '../config/server-config.js';
import type { RedisValue } from '../keyspace/value.js';

/** OBJ_SHARED_REFCOUNT in src/server.h. */
export const SHARED_REFCOUNT = 2147483647;
/** OBJ_SHARED_INTEGERS in src/server.h. */
const SHARED_INTEGERS = 10000;

/**
 * Whether `v` is one of the shared integers 0..9999: createStringObjectFromLongLongWithOptions
 * shares them unless maxmemory is set with an LRU/LFU policy.
 */
function isSharedInteger(v: RedisValue, config: ServerConfig): boolean {
  if (v.type !== 'string' || v.encoding !== 'int' || privateIntegers.has(v)) return false;
  const n = Number(v.data);
  const policy = config.get('maxmemory-policy');
  const sharingAllowed = config.getNumber('maxmemory') === 0 || !(policy.includes('lru') || policy.includes('lfu'));
  return n >= 0 && n < SHARED_INTEGERS && sharingAllowed;
}

/** Int-encoded strings that are their own object, not a shared integer (a COPY's duplicate). */
const privateIntegers = new WeakSet<RedisValue>();

/**
 * COPY duplicates a string with dupStringObject (src/object.c), which makes a new object even for
 * a shared integer: the copy answers refcount 1, not OBJ_SHARED_REFCOUNT.
 */
export function markDuplicatedString(v: RedisValue): RedisValue {
  if (v.type === 'string' && v.encoding === 'int') privateIntegers.add(v);
  return v;
}

/** The refcount Redis would report for `v` right now. */
export function refcountOf(engine: CommandEngine, v: RedisValue): number {
  if (isSharedInteger(v, engine.config)) return SHARED_REFCOUNT;
  if (engine.execArgvValues?.has(v)) return engine.aof && engine.aof.state !== 'off' ? 3 : 2;
  return 1;
}

/** Notes that a command stored its own argument object as `v` (matters only inside EXEC). */
export function storedFromArgv(engine: CommandEngine, v: RedisValue): RedisValue {
  engine.execArgvValues?.add(v);
  return v;
}

/** dbUnshareStringValue: a string changed in place is a private copy from then on (refcount 1). */
export function unshareStringValue(engine: CommandEngine, v: RedisValue): void {
  engine.execArgvValues?.delete(v);
}
