// Decodes an RDB file (versions 1..10) into values of the reference server, with the encodings
// Redis 7.0's rdbLoadObject would give them under the current limits (src/rdb.c). Anything
// malformed, truncated or not representable raises RdbError naming what and where.

import * as C from './constants.js';
import { Crc64 } from './crc64.js';
import { decodeIntset } from './intset.js';
import { decodeListpack } from './listpack.js';
import { lzfDecompress } from './lzf.js';
import { RdbError } from './rdb-error.js';
import { decodeZiplist } from './ziplist.js';
import { decodeZipmap } from './zipmap.js';
import { createStringValue, isStrictInteger } from '../../keyspace/string-value.js';
import { ListValue } from '../../keyspace/list-value.js';
import { SetValue } from '../../keyspace/set-value.js';
import { HashValue } from '../../keyspace/hash-value.js';
import { ZSetValue } from '../../keyspace/zset-value.js';
import type { RedisValue } from '../../keyspace/value.js';
import { StreamValue } from '../../keyspace/stream-value.js';
import { StreamNode } from '../../keyspace/stream-node.js';
import { ConsumerGroup } from '../../keyspace/stream-group.js';
import { compareIds, decodeIdBytes, type StreamId } from '../../keyspace/stream-id.js';

/** The encoding limits that decide how loaded values are encoded (the server's config). */
export interface EncodingLimits {
  hashMaxListpackEntries: number;
  hashMaxListpackValue: number;
  zsetMaxListpackEntries: number;
  zsetMaxListpackValue: number;
  setMaxIntsetEntries: number;
}

export const DEFAULT_LIMITS: EncodingLimits = {
  hashMaxListpackEntries: 512, // config.c default (redis.conf examples say 128)
  hashMaxListpackValue: 64,
  zsetMaxListpackEntries: 128,
  zsetMaxListpackValue: 64,
  setMaxIntsetEntries: 512,
};

export interface RdbEntry {
  key: string;
  value: RedisValue;
  /** Absolute expiry in Unix ms, if any. */
  expireAt: number | undefined;
}

/**
 * One database of the file, decoded straight into the maps a keyspace database holds, so a load
 * can adopt them whole instead of inserting a million keys a second time.
 */
export interface DecodedDb {
  readonly dict: Map<string, RedisValue>;
  /** Absolute expiry (Unix ms) of the keys that have one. */
  readonly expires: Map<string, number>;
}

/** The keys of a decoded database with their values and expiries, in file order. */
export function entriesOf(db: DecodedDb): RdbEntry[] {
  const out: RdbEntry[] = [];
  for (const [key, value] of db.dict) out.push({ key, value, expireAt: db.expires.get(key) });
  return out;
}

export interface RdbContents {
  version: number;
  /** Aux fields in file order (redis-ver, ctime, repl-id, repl-offset, aof-base, ...). */
  aux: Map<string, string>;
  /** Keys per db number (only databases that hold keys appear). */
  dbs: Map<number, DecodedDb>;
  /** Collections stored with no elements (Redis 7.0 skips them with a log line). */
  emptyKeysSkipped: number;
  /** Whether the trailer held a checksum that was verified (false when zero or version < 5). */
  checksumVerified: boolean;
  /** Byte length of the RDB (up to and including the checksum): the rest of the buffer is not RDB. */
  length: number;
}

export interface DecodeOptions {
  limits?: EncodingLimits;
  /** Number of databases the server has (`databases`); a higher SELECTDB is an error. */
  databases?: number;
}

/** A cursor over the file with RDB primitive readers; every read checks bounds. */
class Cursor {
  pos = 0;
  key: string | undefined;
  constructor(readonly buf: Buffer) {}

  fail(reason: string): never {
    throw new RdbError(reason, this.pos, this.key);
  }

  need(n: number): void {
    if (this.pos + n > this.buf.length) this.fail(`Unexpected EOF reading RDB file (needed ${n} more bytes)`);
  }

  u8(): number {
    this.need(1);
    return this.buf[this.pos++]!;
  }

  /** rdbLoadLen; `encoded` is set when the value is a special string encoding. */
  length(): { len: number; encoded: boolean } {
    const first = this.u8();
    const type = (first & 0xc0) >> 6;
    if (type === C.RDB_ENCVAL) return { len: first & 0x3f, encoded: true };
    if (type === C.RDB_6BITLEN) return { len: first & 0x3f, encoded: false };
    if (type === C.RDB_14BITLEN) return { len: ((first & 0x3f) << 8) | this.u8(), encoded: false };
    if (first === C.RDB_32BITLEN) {
      this.need(4);
      const v = this.buf.readUInt32BE(this.pos);
      this.pos += 4;
      return { len: v, encoded: false };
    }
    if (first === C.RDB_64BITLEN) {
      this.need(8);
      const v = this.buf.readBigUInt64BE(this.pos);
      this.pos += 8;
      if (v > BigInt(Number.MAX_SAFE_INTEGER)) this.fail(`Length ${v} too large`);
      return { len: Number(v), encoded: false };
    }
    return this.fail(`Unknown length encoding ${first} in rdbLoadLen()`);
  }

  /** rdbLoadLen of a full unsigned 64-bit value, exact. */
  bigLength(): bigint {
    const first = this.buf[this.pos];
    if (first === C.RDB_64BITLEN) {
      this.pos++;
      this.need(8);
      const v = this.buf.readBigUInt64BE(this.pos);
      this.pos += 8;
      return v;
    }
    return BigInt(this.plainLength());
  }

  /** Two lengths: the ms and seq of a stream ID. */
  streamId(): StreamId {
    const ms = this.bigLength();
    return { ms, seq: this.bigLength() };
  }

  /** rdbLoadMillisecondTime: a signed 64-bit little-endian integer. */
  millis(): number {
    this.need(8);
    const v = Number(this.buf.readBigInt64LE(this.pos));
    this.pos += 8;
    return v;
  }

  /** `n` raw bytes. */
  raw(n: number): Buffer {
    this.need(n);
    const b = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return b;
  }

  plainLength(): number {
    const { len, encoded } = this.length();
    if (encoded) this.fail('Unexpected encoded length');
    return len;
  }

  /** rdbGenericLoadStringObject as raw bytes. */
  bytes(): Buffer {
    const { len, encoded } = this.length();
    if (encoded) {
      switch (len) {
        case C.RDB_ENC_INT8:
          this.need(1);
          return Buffer.from(String(this.buf.readInt8(this.pos++)), 'latin1');
        case C.RDB_ENC_INT16: {
          this.need(2);
          const v = this.buf.readInt16LE(this.pos);
          this.pos += 2;
          return Buffer.from(String(v), 'latin1');
        }
        case C.RDB_ENC_INT32: {
          this.need(4);
          const v = this.buf.readInt32LE(this.pos);
          this.pos += 4;
          return Buffer.from(String(v), 'latin1');
        }
        case C.RDB_ENC_LZF: {
          const clen = this.plainLength();
          const olen = this.plainLength();
          this.need(clen);
          const data = this.buf.subarray(this.pos, this.pos + clen);
          this.pos += clen;
          try {
            return lzfDecompress(data, olen);
          } catch (e) {
            return this.fail(`Invalid LZF compressed string (${(e as Error).message})`);
          }
        }
        default:
          return this.fail(`Unknown RDB string encoding type ${len}`);
      }
    }
    this.need(len);
    const b = this.buf.subarray(this.pos, this.pos + len);
    this.pos += len;
    return b;
  }

  /**
   * rdbGenericLoadStringObject as a byte string. The hot path of loading: plain strings and
   * int-encoded ones become JS strings directly, with no intermediate Buffer per string.
   */
  string(): string {
    const first = this.buf[this.pos];
    if (first !== undefined && first >> 6 === C.RDB_6BITLEN) {
      const len = first & 0x3f;
      this.pos++;
      this.need(len);
      const s = this.buf.toString('latin1', this.pos, this.pos + len);
      this.pos += len;
      return s;
    }
    if (first !== undefined && first >> 6 === C.RDB_ENCVAL && (first & 0x3f) <= C.RDB_ENC_INT32) {
      const enc = first & 0x3f;
      this.pos++;
      const width = enc === C.RDB_ENC_INT8 ? 1 : enc === C.RDB_ENC_INT16 ? 2 : 4;
      this.need(width);
      const v = width === 1 ? this.buf.readInt8(this.pos) : width === 2 ? this.buf.readInt16LE(this.pos) : this.buf.readInt32LE(this.pos);
      this.pos += width;
      return String(v);
    }
    return this.bytes().toString('latin1');
  }

  /** rdbLoadDoubleValue: the old text encoding of a double (253 nan, 254 +inf, 255 -inf). */
  textDouble(): number {
    const len = this.u8();
    if (len === 253) return NaN;
    if (len === 254) return Infinity;
    if (len === 255) return -Infinity;
    this.need(len);
    const s = this.buf.toString('latin1', this.pos, this.pos + len);
    this.pos += len;
    const v = Number(s.trim());
    if (Number.isNaN(v) && !/^nan$/i.test(s)) this.fail(`Invalid double value '${s}'`);
    return v;
  }

  binaryDouble(): number {
    this.need(8);
    const v = this.buf.readDoubleLE(this.pos);
    this.pos += 8;
    return v;
  }
}

/** Decodes a whole RDB held in memory. Throws RdbError on any defect; returns nothing partial. */
export function decodeRdb(buf: Buffer, options: DecodeOptions = {}): RdbContents {
  const limits = options.limits ?? DEFAULT_LIMITS;
  const databases = options.databases ?? 16;
  const c = new Cursor(buf);
  c.need(9);
  if (buf.toString('latin1', 0, 5) !== 'REDIS') c.fail('Wrong signature trying to load DB from file');
  const versionText = buf.toString('latin1', 5, 9);
  const version = /^\d{4}$/.test(versionText) ? Number(versionText) : NaN;
  if (!(version >= 1 && version <= C.RDB_MAX_READ_VERSION)) c.fail(`Can't handle RDB format version ${versionText}`);
  c.pos = 9;
  const aux = new Map<string, string>();
  const dbs = new Map<number, DecodedDb>();
  let db = 0;
  let target: DecodedDb | undefined;
  let expireAt: number | undefined;
  let emptyKeysSkipped = 0;
  for (;;) {
    c.key = undefined;
    const type = c.u8();
    if (type === C.RDB_OPCODE_EXPIRETIME) {
      c.need(4);
      expireAt = c.buf.readInt32LE(c.pos) * 1000;
      c.pos += 4;
      continue;
    }
    if (type === C.RDB_OPCODE_EXPIRETIME_MS) {
      c.need(8);
      expireAt = Number(c.buf.readBigInt64LE(c.pos));
      c.pos += 8;
      continue;
    }
    if (type === C.RDB_OPCODE_FREQ) {
      c.u8();
      continue;
    }
    if (type === C.RDB_OPCODE_IDLE) {
      c.plainLength();
      continue;
    }
    if (type === C.RDB_OPCODE_EOF) break;
    if (type === C.RDB_OPCODE_SELECTDB) {
      db = c.plainLength();
      if (db >= databases) {
        c.fail(`FATAL: Data file was created with a Redis server configured to handle more than ${databases} databases`);
      }
      target = dbs.get(db);
      continue;
    }
    if (type === C.RDB_OPCODE_RESIZEDB) {
      c.plainLength();
      c.plainLength();
      continue;
    }
    if (type === C.RDB_OPCODE_AUX) {
      const name = c.string();
      aux.set(name, c.string());
      continue;
    }
    if (type === C.RDB_OPCODE_MODULE_AUX) c.fail('The RDB file contains AUX module data I can\'t load: modules are not supported');
    if (type === C.RDB_OPCODE_FUNCTION || type === C.RDB_OPCODE_FUNCTION2) {
      c.fail('The RDB file contains a function library: functions are not supported by the reference server');
    }
    if (!((type >= 0 && type <= 7) || (type >= 9 && type <= 19))) c.fail(`Unknown object type ${type}`);
    const key = c.string();
    c.key = key;
    const value = decodeValue(c, type, limits);
    if (value === undefined) {
      emptyKeysSkipped++;
    } else {
      if (target === undefined) {
        target = { dict: new Map(), expires: new Map() };
        dbs.set(db, target);
      }
      // One hash operation per key: a set that does not grow the map met a duplicate
      // (rdbLoadRioWithLoadingCtx panics on "Duplicated key found in RDB file").
      const size = target.dict.size;
      target.dict.set(key, value);
      if (target.dict.size === size) c.fail('Duplicated key found in RDB file');
      if (expireAt !== undefined) target.expires.set(key, expireAt);
    }
    expireAt = undefined;
  }
  let checksumVerified = false;
  if (version >= 5) {
    const end = c.pos;
    c.need(8);
    const expected = c.buf.readBigUInt64LE(c.pos);
    c.pos += 8;
    if (expected !== 0n) {
      const got = new Crc64().update(buf, 0, end).value();
      if (got !== expected) {
        throw new RdbError(`Wrong RDB checksum expected: (${expected.toString(16)}) got: (${got.toString(16)})`, end);
      }
      checksumVerified = true;
    }
  }
  return { version, aux, dbs, emptyKeysSkipped, checksumVerified, length: c.pos };
}

/** Decodes a blob with a sub-format decoder, turning its error into an RdbError here. */
function blob<T>(c: Cursor, what: string, decode: (b: Buffer) => T): T {
  const b = c.bytes();
  try {
    return decode(Buffer.from(b));
  } catch (e) {
    return c.fail(`${what} integrity check failed (${(e as Error).message})`);
  }
}

function pairs(c: Cursor, flat: string[], what: string): Array<[string, string]> {
  if (flat.length % 2 !== 0) c.fail(`${what} has an odd number of entries`);
  const out: Array<[string, string]> = [];
  for (let i = 0; i < flat.length; i += 2) out.push([flat[i]!, flat[i + 1]!]);
  return out;
}

function parseScore(c: Cursor, s: string): number {
  const v = /^[+-]?inf(inity)?$/i.test(s) ? (s[0] === '-' ? -Infinity : Infinity) : Number(s);
  if (Number.isNaN(v) || s.trim() !== s || s === '') c.fail(`Zset with an invalid score '${s}'`);
  return v;
}

function buildHash(c: Cursor, entries: Array<[string, string]>, limits: EncodingLimits, fromListpack: boolean): HashValue {
  const map = new Map<string, string>();
  let tooLong = false;
  for (const [f, v] of entries) {
    if (map.has(f)) c.fail('Duplicate hash fields detected');
    map.set(f, v);
    if (f.length > limits.hashMaxListpackValue || v.length > limits.hashMaxListpackValue) tooLong = true;
  }
  // A listpack/ziplist blob converts only on its length; a plain hash also on value size (rdbLoadObject).
  const big = map.size > limits.hashMaxListpackEntries || (!fromListpack && tooLong);
  return new HashValue(map, big ? 'hashtable' : 'listpack');
}

function buildZset(c: Cursor, entries: Array<[string, number]>, limits: EncodingLimits, fromListpack: boolean): ZSetValue {
  let maxLen = 0;
  for (const [m] of entries) maxLen = Math.max(maxLen, m.length);
  const small = fromListpack
    ? entries.length <= limits.zsetMaxListpackEntries
    : entries.length <= limits.zsetMaxListpackEntries && maxLen <= limits.zsetMaxListpackValue;
  const z = new ZSetValue(small ? 'listpack' : 'skiplist');
  for (const [m, s] of entries) {
    if (Number.isNaN(s)) c.fail('Zset with NAN score detected');
    if (z.scores.has(m)) c.fail('Duplicate zset fields detected');
    z.add(m, s);
  }
  return z;
}

function buildSet(c: Cursor, members: string[], limits: EncodingLimits): SetValue {
  const set = new Set<string>();
  let allInts = true;
  for (const m of members) {
    if (set.has(m)) c.fail('Duplicate set members detected');
    set.add(m);
    if (allInts && !isStrictInteger(m)) allInts = false;
  }
  return new SetValue(set, allInts && set.size <= limits.setMaxIntsetEntries ? 'intset' : 'hashtable');
}

/** Reads one value of `type`; undefined for an empty collection (skipped like Redis 7.0). */
function decodeValue(c: Cursor, type: number, limits: EncodingLimits): RedisValue | undefined {
  switch (type) {
    case C.RDB_TYPE_STRING:
      return createStringValue(c.string());
    case C.RDB_TYPE_LIST: {
      const n = c.plainLength();
      const items: string[] = [];
      for (let i = 0; i < n; i++) items.push(c.string());
      return items.length ? new ListValue(items) : undefined;
    }
    case C.RDB_TYPE_SET: {
      const n = c.plainLength();
      const members: string[] = [];
      for (let i = 0; i < n; i++) members.push(c.string());
      return members.length ? buildSet(c, members, limits) : undefined;
    }
    case C.RDB_TYPE_ZSET:
    case C.RDB_TYPE_ZSET_2: {
      const n = c.plainLength();
      const entries: Array<[string, number]> = [];
      for (let i = 0; i < n; i++) {
        const m = c.string();
        entries.push([m, type === C.RDB_TYPE_ZSET ? c.textDouble() : c.binaryDouble()]);
      }
      return entries.length ? buildZset(c, entries, limits, false) : undefined;
    }
    case C.RDB_TYPE_HASH: {
      const n = c.plainLength();
      const entries: Array<[string, string]> = [];
      for (let i = 0; i < n; i++) entries.push([c.string(), c.string()]);
      return entries.length ? buildHash(c, entries, limits, false) : undefined;
    }
    case C.RDB_TYPE_LIST_QUICKLIST:
    case C.RDB_TYPE_LIST_QUICKLIST_2: {
      const nodes = c.plainLength();
      const items: string[] = [];
      for (let i = 0; i < nodes; i++) {
        let container = C.QUICKLIST_NODE_CONTAINER_PACKED;
        if (type === C.RDB_TYPE_LIST_QUICKLIST_2) {
          container = c.plainLength();
          if (container !== C.QUICKLIST_NODE_CONTAINER_PACKED && container !== C.QUICKLIST_NODE_CONTAINER_PLAIN) {
            c.fail('Quicklist integrity check failed.');
          }
        }
        if (container === C.QUICKLIST_NODE_CONTAINER_PLAIN) {
          items.push(c.string());
          continue;
        }
        const decoded = type === C.RDB_TYPE_LIST_QUICKLIST_2
          ? blob(c, 'Listpack', decodeListpack)
          : blob(c, 'Ziplist', decodeZiplist);
        for (const e of decoded) items.push(e);
      }
      return items.length ? new ListValue(items) : undefined;
    }
    case C.RDB_TYPE_LIST_ZIPLIST: {
      const items = blob(c, 'List ziplist', decodeZiplist);
      return items.length ? new ListValue(items) : undefined;
    }
    case C.RDB_TYPE_SET_INTSET: {
      const members = blob(c, 'Intset', decodeIntset);
      return new SetValue(new Set(members), members.length > limits.setMaxIntsetEntries ? 'hashtable' : 'intset');
    }
    case C.RDB_TYPE_ZSET_ZIPLIST:
    case C.RDB_TYPE_ZSET_LISTPACK: {
      const flat = type === C.RDB_TYPE_ZSET_LISTPACK ? blob(c, 'Zset listpack', decodeListpack) : blob(c, 'Zset ziplist', decodeZiplist);
      const entries = pairs(c, flat, 'Zset').map(([m, s]) => [m, parseScore(c, s)] as [string, number]);
      return entries.length ? buildZset(c, entries, limits, true) : undefined;
    }
    case C.RDB_TYPE_HASH_ZIPLIST:
    case C.RDB_TYPE_HASH_LISTPACK: {
      const flat = type === C.RDB_TYPE_HASH_LISTPACK ? blob(c, 'Hash listpack', decodeListpack) : blob(c, 'Hash ziplist', decodeZiplist);
      const entries = pairs(c, flat, 'Hash');
      return entries.length ? buildHash(c, entries, limits, true) : undefined;
    }
    case C.RDB_TYPE_HASH_ZIPMAP: {
      // rdbLoadObject: a corrupt blob is "Zipmap integrity check failed."; a repeated field is
      // "Hash zipmap with dup elements"; the result converts like a hash read field by field.
      const b = Buffer.from(c.bytes());
      let entries: Array<[string, string]>;
      try {
        entries = decodeZipmap(b);
      } catch (e) {
        return c.fail(`Zipmap integrity check failed (${(e as Error).message})`);
      }
      const fields = new Set<string>();
      for (const [f] of entries) {
        if (fields.has(f)) c.fail(`Hash zipmap with dup elements, or big length (${f.length})`);
        fields.add(f);
      }
      return buildHash(c, entries, limits, false);
    }
    case C.RDB_TYPE_STREAM_LISTPACKS:
    case C.RDB_TYPE_STREAM_LISTPACKS_2:
      return decodeStream(c, type === C.RDB_TYPE_STREAM_LISTPACKS_2);
    case C.RDB_TYPE_MODULE:
    case C.RDB_TYPE_MODULE_2:
      return c.fail(`Value of type module (${type}) is not supported: the reference server has no modules`);
    default:
      return c.fail(`Unknown RDB encoding type ${type}`);
  }
}

/**
 * A stream as rdbLoadObject reads RDB_TYPE_STREAM_LISTPACKS(_2) (src/rdb.c): listpack nodes keyed
 * by 16-byte master IDs, then the metadata (type 15 lacks first ID, max deleted ID and
 * entries_added, which are derived as Redis derives them), then the consumer groups.
 */
function decodeStream(c: Cursor, v2: boolean): StreamValue {
  const s = new StreamValue();
  const count = c.plainLength();
  let live = 0;
  for (let i = 0; i < count; i++) {
    const key = c.bytes();
    if (key.length !== 16) c.fail('Stream node key entry is not the size of a stream ID');
    const master = decodeIdBytes(Buffer.from(key));
    const elements = blob(c, 'Stream listpack', decodeListpack);
    if (elements.length === 0) c.fail('Empty listpack inside stream');
    let node: StreamNode;
    try {
      node = StreamNode.fromElements(master, elements);
    } catch (e) {
      return c.fail(`Stream listpack integrity check failed (${(e as Error).message})`);
    }
    const prev = s.nodes[s.nodes.length - 1];
    if (prev !== undefined && compareIds(prev.master, master) >= 0) c.fail('Listpack re-added with existing key or out of order');
    s.nodes.push(node);
    live += node.live;
  }
  s.length = c.plainLength();
  if (s.length !== live) c.fail(`Stream length ${s.length} inconsistent with its listpacks (${live} entries)`);
  s.lastId = c.streamId();
  if (v2) {
    s.firstId = c.streamId();
    s.maxDeletedId = c.streamId();
    s.entriesAdded = c.bigLength();
  } else {
    s.entriesAdded = BigInt(s.length);
    s.firstId = s.length ? s.edgeId(true, true) : { ms: 0n, seq: 0n };
  }
  const groups = c.plainLength();
  for (let g = 0; g < groups; g++) {
    const name = c.string();
    const lastId = c.streamId();
    const entriesRead = v2 ? BigInt.asIntN(64, c.bigLength()) : s.estimateDistance(lastId);
    if (s.groups.has(name)) c.fail(`Duplicated consumer group name ${name}`);
    const group = new ConsumerGroup(lastId, entriesRead);
    s.groups.set(name, group);
    const pelSize = c.plainLength();
    for (let i = 0; i < pelSize; i++) {
      const id = decodeIdBytes(Buffer.from(c.raw(16)));
      const deliveryTime = c.millis();
      const deliveryCount = c.bigLength();
      if (group.pel.has(id)) c.fail('Duplicated global PEL entry loading stream consumer group');
      group.pel.set(id, { deliveryTime, deliveryCount, consumer: undefined });
    }
    const consumers = c.plainLength();
    for (let i = 0; i < consumers; i++) {
      const cname = c.string();
      const consumer = group.createConsumer(cname, 0);
      if (consumer === undefined) c.fail('Duplicate stream consumer detected.');
      consumer.seenTime = c.millis();
      const n = c.plainLength();
      for (let j = 0; j < n; j++) {
        const id = decodeIdBytes(Buffer.from(c.raw(16)));
        const nack = group.pel.get(id);
        if (nack === undefined) c.fail('Consumer entry not found in group global PEL');
        if (consumer.pel.has(id)) c.fail('Duplicated consumer PEL entry  loading a stream consumer group');
        nack.consumer = consumer;
        consumer.pel.set(id, nack);
      }
    }
    for (const [, nack] of group.pel.from()) {
      if (nack.consumer === undefined) c.fail('Stream CG PEL entry without consumer');
    }
  }
  return s;
}
