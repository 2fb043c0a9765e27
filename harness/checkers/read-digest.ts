// DEBUG DIGEST computed from ordinary reads, for servers that lack or refuse DEBUG: every db that
// INFO keyspace lists, keys by SCAN, values by each type's read, the TTL by PTTL, binary-safe.

import type { Redis } from 'ioredis';
import { digestHex, mixDigest, TYPE_IDS, u32be, xorDigest, type Digest } from '../../reference-server/keyspace/digest.js';

/** SCAN rounds per db at most (COUNT 1000 each): the loop is bounded. */
const MAX_SCAN_ROUNDS = 100_000;

/** A server answered something the digest cannot be computed from. */
export class ReadDigestError extends Error {}

const text = (v: unknown): string => (Buffer.isBuffer(v) ? v.toString('latin1') : String(v));

/** The dbs that hold keys, ascending, from INFO keyspace (`db3:keys=5,...`); [0] when it lists none. */
export async function keyedDbs(c: Redis): Promise<number[]> {
  let info: string;
  try {
    info = text(await c.callBuffer('INFO', 'keyspace'));
  } catch {
    return [0];
  }
  const dbs = [...info.matchAll(/^db(\d+):keys=(\d+)/gm)].filter((m) => Number(m[2]) > 0).map((m) => Number(m[1]));
  return dbs.length > 0 ? dbs.sort((a, b) => a - b) : [0];
}

/** The keys of the selected db, each once (SCAN may return a key twice). */
export async function keysOf(c: Redis): Promise<Buffer[]> {
  const seen = new Map<string, Buffer>();
  let cursor = '0';
  for (let i = 0; i < MAX_SCAN_ROUNDS; i++) {
    const [next, batch] = (await c.callBuffer('SCAN', cursor, 'COUNT', '1000')) as [Buffer, Buffer[]];
    for (const k of batch) seen.set(k.toString('latin1'), k);
    cursor = text(next);
    if (cursor === '0') return [...seen.values()];
  }
  throw new ReadDigestError(`SCAN did not finish within ${MAX_SCAN_ROUNDS} rounds`);
}

/** The pairwise element digest of a hash field or a zset member (debug.c: digested as one unit, xored in). */
function xorPair(digest: Digest, a: Buffer, b: Buffer): void {
  const ele = Buffer.alloc(20);
  mixDigest(ele, a);
  mixDigest(ele, b);
  xorDigest(digest, ele);
}

/**
 * One key's digest (key mixed, then its value as xorObjectDigest does), or undefined when it is
 * gone by the time it is read. A zset's scores are mixed as the reply spells them: ZRANGE replies
 * with "%.17g" like the digest does, and a listpack's integral -0 reads back as 0 both ways.
 */
async function keyDigest(c: Redis, key: Buffer): Promise<Digest | undefined> {
  const type = text(await c.callBuffer('TYPE', key));
  if (type === 'none') return undefined;
  const digest = Buffer.alloc(20);
  mixDigest(digest, key);
  const id = Object.hasOwn(TYPE_IDS, type) ? TYPE_IDS[type as keyof typeof TYPE_IDS] : undefined;
  if (id === undefined) throw new ReadDigestError(`key '${key.toString('latin1')}' has type '${type}', which the digest cannot read`);
  mixDigest(digest, u32be(id));
  if (type === 'string') {
    mixDigest(digest, (await c.callBuffer('GET', key)) as Buffer);
  } else if (type === 'list') {
    for (const item of (await c.callBuffer('LRANGE', key, '0', '-1')) as Buffer[]) mixDigest(digest, item);
  } else if (type === 'set') {
    for (const m of (await c.callBuffer('SMEMBERS', key)) as Buffer[]) xorDigest(digest, m);
  } else if (type === 'zset') {
    const flat = (await c.callBuffer('ZRANGE', key, '0', '-1', 'WITHSCORES')) as Buffer[];
    for (let i = 0; i + 1 < flat.length; i += 2) xorPair(digest, flat[i]!, flat[i + 1]!);
  } else if (type === 'hash') {
    const flat = (await c.callBuffer('HGETALL', key)) as Buffer[];
    for (let i = 0; i + 1 < flat.length; i += 2) xorPair(digest, flat[i]!, flat[i + 1]!);
  } else {
    // Stream: entries oldest first, the ID as "<ms>.<seq>", then each field and value; groups do not count.
    for (const [entryId, fields] of (await c.callBuffer('XRANGE', key, '-', '+')) as Array<[Buffer, Buffer[]]>) {
      mixDigest(digest, Buffer.from(text(entryId).replace('-', '.'), 'latin1'));
      for (const f of fields) mixDigest(digest, f);
    }
  }
  const pttl = Number(await c.callBuffer('PTTL', key));
  if (pttl === -2) return undefined;
  if (pttl !== -1) xorDigest(digest, Buffer.from('!!expire!!', 'latin1'));
  return digest;
}

/**
 * The dataset digest as DEBUG DIGEST computes it (debug.c computeDatasetDigest), from reads. It
 * differs from DEBUG DIGEST only for keys past their TTL that the server still holds (DEBUG counts
 * them; a read expires them) and for writes racing the reads. Leaves the client in db 0.
 */
export async function readDigest(c: Redis): Promise<string> {
  const final = Buffer.alloc(20);
  try {
    for (const db of await keyedDbs(c)) {
      if (db !== 0) await c.callBuffer('SELECT', String(db));
      const dbDigests: Digest[] = [];
      for (const key of await keysOf(c)) {
        const d = await keyDigest(c, key);
        if (d) dbDigests.push(d);
      }
      if (dbDigests.length === 0) continue;
      mixDigest(final, u32be(db));
      for (const d of dbDigests) xorDigest(final, d);
    }
  } finally {
    await c.callBuffer('SELECT', '0').catch(() => undefined);
  }
  return digestHex(final);
}
