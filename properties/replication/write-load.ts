// A concurrent write load of every core type for the replication properties: strings, lists,
// hashes, sets, sorted sets, expiries (short TTLs that run out during the load, relative and
// absolute), commands whose effects are propagated instead of the command (SPOP, INCRBYFLOAT,
// HINCRBYFLOAT, ZPOPMIN, LMOVE, *STORE), MULTI/EXEC, several dbs, from several connections.

import type { Redis } from 'ioredis';

/** Keys with a short TTL are named `e:<n>` (n < SHORT_TTL_KEYS) in dbs 0..LOAD_DBS-1. */
export const SHORT_TTL_KEYS = 12;
export const LOAD_DBS = 3;
/** The longest short TTL the load gives, in ms. */
export const SHORT_TTL_MAX_MS = 150;

/** A running load; stop() waits for the in-flight pipelines and returns the commands sent. */
export interface WriteLoad {
  stop(): Promise<number>;
}

/** One pipeline's worth of writes for step `n` (deterministic from `seed`, `worker` and `n`). */
function queueWrites(p: ReturnType<Redis['pipeline']>, seed: number, worker: number, n: number): number {
  const k = (seed * 7 + worker * 13 + n) % 50;
  const db = k % LOAD_DBS;
  let sent = 0;
  const q = (name: string, ...args: (string | number)[]) => {
    p.call(name, ...args);
    sent++;
  };
  q('SELECT', db);
  // strings
  q('SET', `s:${k}`, `v${n}`);
  q('INCR', `c:${k % 7}`);
  q('APPEND', `a:${k % 5}`, `+${n}`);
  if (n % 4 === 0) q('INCRBYFLOAT', `f:${k % 3}`, '1.5');
  if (n % 6 === 0) q('SETRANGE', `a:${k % 5}`, 2, 'xy');
  if (n % 9 === 0) q('MSET', `m:${k % 4}`, `${n}`, `m:${(k + 1) % 4}`, `${n + 1}`);
  if (n % 13 === 0) q('DEL', `s:${(k + 1) % 50}`);
  // lists
  q('RPUSH', `l:${k % 5}`, `e${n}`, `E${n}`);
  if (n % 3 === 0) q('LPOP', `l:${k % 5}`);
  if (n % 7 === 0) q('LMOVE', `l:${k % 5}`, `l:${(k + 2) % 5}`, 'LEFT', 'RIGHT');
  if (n % 19 === 0) q('LTRIM', `l:${k % 5}`, 0, 30);
  // hashes
  q('HSET', `h:${k % 4}`, `f${k}`, `${n}`, `g${k % 3}`, 'x');
  if (n % 4 === 1) q('HINCRBY', `h:${k % 4}`, 'cnt', 3);
  if (n % 5 === 1) q('HINCRBYFLOAT', `h:${k % 4}`, 'flt', '0.25');
  if (n % 8 === 1) q('HDEL', `h:${k % 4}`, `f${(k + 5) % 50}`);
  // sets
  q('SADD', `S:${k % 4}`, `m${k}`, `n${n % 9}`);
  if (n % 5 === 2) q('SPOP', `S:${k % 4}`);
  if (n % 7 === 2) q('SREM', `S:${k % 4}`, `m${(k + 3) % 50}`);
  if (n % 11 === 2) q('SINTERSTORE', `Si:${k % 2}`, `S:${k % 4}`, `S:${(k + 1) % 4}`);
  if (n % 12 === 2) q('SMOVE', `S:${k % 4}`, `S:${(k + 1) % 4}`, `n${n % 9}`);
  // sorted sets
  q('ZADD', `z:${k % 4}`, n % 97, `m${k}`);
  if (n % 3 === 1) q('ZINCRBY', `z:${k % 4}`, '0.5', `m${(k + 1) % 50}`);
  if (n % 6 === 1) q('ZPOPMIN', `z:${k % 4}`);
  if (n % 10 === 1) q('ZUNIONSTORE', `Zu:${k % 2}`, 2, `z:${k % 4}`, `z:${(k + 1) % 4}`);
  if (n % 14 === 1) q('ZREMRANGEBYSCORE', `z:${k % 4}`, 0, 10);
  // expiries: short TTLs that run out while the load goes on (the master expires them and
  // propagates DELs), long ones relative and absolute, PERSIST and GETEX.
  const e = `e:${n % SHORT_TTL_KEYS}`;
  switch (n % 5) {
    case 0: q('SET', e, `${n}`, 'PX', 20 + (n % (SHORT_TTL_MAX_MS - 20))); break;
    case 1: q('RPUSH', e, `${n}`); q('PEXPIRE', e, 30 + (n % 100)); break;
    case 2: q('HSET', e, 'f', `${n}`); q('PEXPIRE', e, 40 + (n % 100)); break;
    case 3: q('SADD', e, `${n}`); q('PEXPIRE', e, 25 + (n % 100)); break;
    case 4: q('ZADD', e, n, `${n}`); q('PEXPIRE', e, 35 + (n % 100)); break;
  }
  if (n % 11 === 0) q('SET', `t:${k}`, 'x', 'EX', 600);
  if (n % 17 === 0) q('EXPIREAT', `l:${k % 5}`, Math.floor(Date.now() / 1000) + 3600);
  if (n % 23 === 0) q('PERSIST', `l:${k % 5}`);
  if (n % 29 === 0) q('GETEX', `s:${k}`, 'PX', 900_000);
  // a transaction
  if (n % 17 === 3) {
    q('MULTI');
    q('INCR', 'tx');
    q('HSET', 'txh', 'n', `${n}`);
    q('ZADD', 'txz', n, `${worker}`);
    q('EXEC');
  }
  return sent;
}

/**
 * Starts `workers` loops, each on its own connection made by `connect`, sending pipelines of
 * writes as fast as the server answers, until stop().
 */
export function startWriteLoad(connect: () => Redis, seed: number, workers = 3): WriteLoad {
  let running = true;
  let sent = 0;
  const loop = async (worker: number) => {
    const c = connect();
    let n = worker * 100_000;
    try {
      while (running) {
        const p = c.pipeline();
        for (let i = 0; i < 20; i++) sent += queueWrites(p, seed, worker, n++);
        const results = await p.exec();
        const failed = results?.find(([err]) => err !== null && !/WRONGTYPE/.test(String(err)));
        if (failed) throw new Error(`write load: ${String(failed[0])}`);
      }
    } finally {
      c.disconnect();
    }
  };
  const loops = Array.from({ length: workers }, (_, w) => loop(w));
  return {
    async stop() {
      running = false;
      await Promise.all(loops);
      return sent;
    },
  };
}

/**
 * After a load: waits out every short TTL, then touches each short-TTL key on the master so it
 * deletes them (and propagates DELs) now instead of at the whim of its active expiry cycle.
 */
export async function settleShortTtls(master: Redis): Promise<void> {
  await new Promise((r) => setTimeout(r, SHORT_TTL_MAX_MS + 50));
  const p = master.pipeline();
  for (let db = 0; db < LOAD_DBS; db++) {
    p.select(db);
    for (let i = 0; i < SHORT_TTL_KEYS; i++) p.exists(`e:${i}`);
  }
  p.select(0);
  await p.exec();
}
