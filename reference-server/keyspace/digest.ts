// DEBUG DIGEST and DEBUG DIGEST-VALUE: SHA1-based fingerprints of the dataset and of single
// values, bit-identical to Redis 7.0.15 src/debug.c (xorDigest, mixDigest, xorObjectDigest,
// computeDatasetDigest). Reads the keyspace only; never triggers expiry.

import { createHash } from 'node:crypto';
import { formatG17 } from '../persistence/rdb/score-format.js';
import type { Database } from './keyspace.js';
import type { RedisValue } from './value.js';

/** A 20-byte digest being built up. */
export type Digest = Buffer;

/** OBJ_STRING .. OBJ_STREAM in src/server.h: the type id mixed in first for every value. */
export const TYPE_IDS: Record<RedisValue['type'], number> = { string: 0, list: 1, set: 2, zset: 3, hash: 4, stream: 6 };

function sha1(data: Buffer): Buffer {
  return createHash('sha1').update(data).digest();
}

/** digest ^= SHA1(data): order-independent accumulation (debug.c xorDigest). */
export function xorDigest(digest: Digest, data: Buffer): void {
  const h = sha1(data);
  for (let i = 0; i < 20; i++) digest[i]! ^= h[i]!;
}

/** digest = SHA1(digest ^ SHA1(data)): order-dependent accumulation (debug.c mixDigest). */
export function mixDigest(digest: Digest, data: Buffer): void {
  xorDigest(digest, data);
  sha1(digest).copy(digest);
}

function bytes(s: string): Buffer {
  return Buffer.from(s, 'latin1');
}

/** A big-endian uint32, as `htonl` lays out the type id and the db number. */
export function u32be(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n >>> 0);
  return b;
}

/**
 * A member and its score digested as one unit and xored in. Both encodings format the score with
 * "%.17g", but a listpack stores an integral score as an integer (t_zset.c zzlInsertAt uses
 * double2ll first), so there -0 reads back as 0 while a skiplist keeps -0: the one place the
 * encoding shows. A listpack integer member reads back as its canonical digits, the bytes we hold
 * (listpack.c lpStringToInt64 only accepts canonical integers).
 */
function xorScoredMember(digest: Digest, member: string, score: number, listpack: boolean): void {
  const ele = Buffer.alloc(20);
  mixDigest(ele, bytes(member));
  mixDigest(ele, bytes(formatG17(listpack && score === 0 ? 0 : score)));
  xorDigest(digest, ele);
}

/**
 * Mixes `value` (and whether `key` has a TTL) into `digest`, as debug.c xorObjectDigest does:
 * the type id first, then strings, list elements and stream entries in order, set members xored, hash fields and
 * zset members digested pairwise and xored, and "!!expire!!" xored when the key has an expire.
 */
export function xorObjectDigest(db: Database, key: string, digest: Digest, value: RedisValue): void {
  mixDigest(digest, u32be(TYPE_IDS[value.type]));
  switch (value.type) {
    case 'string':
      mixDigest(digest, bytes(value.data));
      break;
    case 'list':
      for (const item of value.items) mixDigest(digest, bytes(item));
      break;
    case 'set':
      for (const m of value.members) xorDigest(digest, bytes(m));
      break;
    case 'zset':
      for (const e of value.entries()) xorScoredMember(digest, e.member, e.score, value.encoding === 'listpack');
      break;
    case 'hash':
      for (const [field, v] of value.map) {
        const ele = Buffer.alloc(20);
        mixDigest(ele, bytes(field));
        mixDigest(ele, bytes(v));
        xorDigest(digest, ele);
      }
      break;
    case 'stream':
      // Entries only, oldest first: "<ms>.<seq>", then each field and value (groups do not count).
      for (const e of value.iterate()) {
        mixDigest(digest, bytes(`${e.id.ms}.${e.id.seq}`));
        for (let i = 0; i < e.fields.length; i++) {
          mixDigest(digest, bytes(e.fields[i]!));
          mixDigest(digest, bytes(e.values[i]!));
        }
      }
      break;
  }
  if (db.expires.has(key)) xorDigest(digest, bytes('!!expire!!'));
}

/** The digest of one key's value, as DEBUG DIGEST-VALUE reports it (all zeros when absent). */
export function valueDigest(db: Database, key: string): Digest {
  const digest = Buffer.alloc(20);
  const value = db.dict.get(key);
  if (value !== undefined) xorObjectDigest(db, key, digest, value);
  return digest;
}

/**
 * The digest of every database (debug.c computeDatasetDigest): per non-empty db its number is
 * mixed in, then each key's own digest (key mixed, then its value) is xored in. Logically
 * expired keys still in the dict count, as in Redis. An empty dataset digests to 20 zero bytes.
 */
export function datasetDigest(dbs: readonly Database[]): Digest {
  const final = Buffer.alloc(20);
  for (const db of dbs) {
    if (db.dict.size === 0) continue;
    mixDigest(final, u32be(db.id));
    for (const [key, value] of db.dict) {
      const digest = Buffer.alloc(20);
      mixDigest(digest, bytes(key));
      xorObjectDigest(db, key, digest, value);
      xorDigest(final, digest);
    }
  }
  return final;
}

/** A digest as the 40 lower-case hex digits DEBUG prints. */
export function digestHex(digest: Digest): string {
  return digest.toString('hex');
}
