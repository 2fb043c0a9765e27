// Encodes a dataset as an RDB version 10 file, choosing per value the encoding Redis 7.0's
// rdbSaveObject would (src/rdb.c): listpack/intset blobs for small encodings, plain collections
// otherwise; streams as RDB_TYPE_STREAM_LISTPACKS_2 with their listpack nodes verbatim; strings as
// integers, LZF or raw as rdbSaveRawString decides.

import { ByteWriter } from './byte-writer.js';
import { Crc64 } from './crc64.js';
import { encodeIntset } from './intset.js';
import { encodeListpack } from './listpack.js';
import { lzfCompress } from './lzf.js';
import { d2string } from './score-format.js';
import * as C from './constants.js';
import { isStrictInteger } from '../../keyspace/string-value.js';
import type { RedisValue } from '../../keyspace/value.js';
import type { ListValue } from '../../keyspace/list-value.js';
import type { StreamValue } from '../../keyspace/stream-value.js';
import { encodeIdBytes, type StreamId } from '../../keyspace/stream-id.js';

export interface RdbEncodeOptions {
  /** `rdbcompression`: LZF for strings over 20 bytes. */
  compression: boolean;
  /** `rdbchecksum`: write the CRC64 (else 8 zero bytes, meaning "not checked"). */
  checksum: boolean;
  /** `list-max-listpack-size`: entries per quicklist node (> 0) or a byte-size class (-1..-5). */
  listMaxListpackSize: number;
}

/** Quicklist node byte limits for negative list-max-listpack-size (src/quicklist.c optimization_level). */
const NODE_BYTE_LIMITS = [4096, 8192, 16384, 32768, 65536];

/**
 * Streaming RDB encoder. Call header, then per db selectDb and entry, then finish; `drain`
 * returns the bytes produced so far (with the running checksum updated), so the caller can write
 * the file piece by piece.
 */
export class RdbEncoder {
  private readonly out = new ByteWriter();
  private readonly crc = new Crc64();

  constructor(private readonly options: RdbEncodeOptions) {}

  /** Magic, version and aux fields (rdbSaveInfoAuxFields order). */
  header(aux: ReadonlyArray<readonly [string, string | number]>): void {
    this.out.latin1(`REDIS${String(C.RDB_VERSION).padStart(4, '0')}`);
    for (const [name, value] of aux) {
      this.out.u8(C.RDB_OPCODE_AUX);
      this.string(name);
      this.string(String(value));
    }
  }

  /** SELECTDB and RESIZEDB for a db about to be written. */
  selectDb(id: number, size: number, expiresSize: number): void {
    this.out.u8(C.RDB_OPCODE_SELECTDB);
    this.length(id);
    this.out.u8(C.RDB_OPCODE_RESIZEDB);
    this.length(size);
    this.length(expiresSize);
  }

  /** One key: optional expire (ms), type, key, value. */
  entry(key: string, value: RedisValue, expireAt: number | undefined): void {
    if (expireAt !== undefined) {
      this.out.u8(C.RDB_OPCODE_EXPIRETIME_MS);
      this.out.i64le(BigInt(expireAt));
    }
    this.value(key, value);
  }

  /** EOF opcode and the checksum trailer. */
  finish(): void {
    this.out.u8(C.RDB_OPCODE_EOF);
    const body = this.out.take();
    if (this.options.checksum) this.crc.update(body);
    this.pending.push(body);
    this.pending.push(this.options.checksum ? this.crc.bytes() : Buffer.alloc(8));
  }

  private pending: Buffer[] = [];

  /** Bytes produced so far and not yet drained. */
  drain(): Buffer {
    const body = this.out.take();
    if (body.length > 0) {
      if (this.options.checksum) this.crc.update(body);
      this.pending.push(body);
    }
    const all = this.pending.length === 1 ? this.pending[0]! : Buffer.concat(this.pending);
    this.pending = [];
    return all;
  }

  /** How many bytes are buffered (to decide when to drain). */
  get buffered(): number {
    return this.out.length;
  }

  // ---- encodings ------------------------------------------------------------------------------

  /** rdbSaveLen: 6-bit, 14-bit, 32-bit or 64-bit big-endian length. */
  private length(n: number): void {
    if (n < 1 << 6) {
      this.out.u8((C.RDB_6BITLEN << 6) | n);
    } else if (n < 1 << 14) {
      this.out.u8((C.RDB_14BITLEN << 6) | (n >> 8));
      this.out.u8(n & 0xff);
    } else if (n <= 0xffffffff) {
      this.out.u8(C.RDB_32BITLEN);
      this.out.u8((n >>> 24) & 0xff);
      this.out.u8((n >>> 16) & 0xff);
      this.out.u8((n >>> 8) & 0xff);
      this.out.u8(n & 0xff);
    } else {
      this.out.u8(C.RDB_64BITLEN);
      const b = Buffer.alloc(8);
      b.writeBigUInt64BE(BigInt(n));
      this.out.bytes(b);
    }
  }

  /** rdbSaveLen of an unsigned 64-bit value (IDs, counters; -1 as 2^64-1, as C's cast gives). */
  private lengthBig(n: bigint): void {
    const u = BigInt.asUintN(64, n);
    if (u <= 0xffffffffn) {
      this.length(Number(u));
      return;
    }
    this.out.u8(C.RDB_64BITLEN);
    const b = Buffer.alloc(8);
    b.writeBigUInt64BE(u);
    this.out.bytes(b);
  }

  private id(id: StreamId): void {
    this.lengthBig(id.ms);
    this.lengthBig(id.seq);
  }

  /**
   * A stream as rdbSaveObject writes it (src/rdb.c, OBJ_STREAM): the node count, each node's
   * master ID and listpack, length, last/first/max-deleted IDs, entries_added, then per group (in
   * name order) its name, last ID, entries_read, PEL (raw ID, delivery ms, count) and consumers
   * (name, seen-time, PEL of raw IDs).
   */
  private stream(v: StreamValue): void {
    this.length(v.nodes.length);
    for (const node of v.nodes) {
      this.blob(encodeIdBytes(node.master));
      this.blob(encodeListpack(node.elements()));
    }
    this.length(v.length);
    this.id(v.lastId);
    this.id(v.firstId);
    this.id(v.maxDeletedId);
    this.lengthBig(v.entriesAdded);
    const groups = v.sortedGroups();
    this.length(groups.length);
    for (const [name, g] of groups) {
      this.string(name);
      this.id(g.lastId);
      this.lengthBig(g.entriesRead);
      this.length(g.pel.size);
      for (const [id, nack] of g.pel.from()) {
        this.out.bytes(encodeIdBytes(id));
        this.out.i64le(BigInt(nack.deliveryTime));
        this.lengthBig(nack.deliveryCount);
      }
      const consumers = g.sortedConsumers();
      this.length(consumers.length);
      for (const c of consumers) {
        this.string(c.name);
        this.out.i64le(BigInt(c.seenTime));
        this.length(c.pel.size);
        for (const [id] of c.pel.from()) this.out.bytes(encodeIdBytes(id));
      }
    }
  }

  /** rdbSaveRawString for a byte string. */
  private string(s: string): void {
    if (s.length <= 11 && isStrictInteger(s)) {
      const v = Number(s);
      if (v >= -128 && v <= 127) {
        this.out.u8((C.RDB_ENCVAL << 6) | C.RDB_ENC_INT8);
        this.out.u8(v & 0xff);
        return;
      }
      if (v >= -32768 && v <= 32767) {
        this.out.u8((C.RDB_ENCVAL << 6) | C.RDB_ENC_INT16);
        this.out.u8(v & 0xff);
        this.out.u8((v >> 8) & 0xff);
        return;
      }
      if (v >= -2147483648 && v <= 2147483647) {
        this.out.u8((C.RDB_ENCVAL << 6) | C.RDB_ENC_INT32);
        this.out.u32le(v);
        return;
      }
    }
    this.blob(Buffer.from(s, 'latin1'));
  }

  /** A raw byte blob as a string: LZF when enabled, over 20 bytes and worth 4 bytes, else verbatim. */
  private blob(b: Buffer): void {
    if (this.options.compression && b.length > 20) {
      const compressed = lzfCompress(b, b.length - 4);
      if (compressed) {
        this.out.u8((C.RDB_ENCVAL << 6) | C.RDB_ENC_LZF);
        this.length(compressed.length);
        this.length(b.length);
        this.out.bytes(compressed);
        return;
      }
    }
    this.length(b.length);
    this.out.bytes(b);
  }

  private value(key: string, v: RedisValue): void {
    switch (v.type) {
      case 'string':
        this.out.u8(C.RDB_TYPE_STRING);
        this.string(key);
        this.string(v.data);
        return;
      case 'list':
        this.out.u8(C.RDB_TYPE_LIST_QUICKLIST_2);
        this.string(key);
        this.quicklist(v);
        return;
      case 'set':
        if (v.encoding === 'intset') {
          this.out.u8(C.RDB_TYPE_SET_INTSET);
          this.string(key);
          this.blob(encodeIntset(v.members));
        } else {
          this.out.u8(C.RDB_TYPE_SET);
          this.string(key);
          this.length(v.members.size);
          for (const m of v.members) this.string(m);
        }
        return;
      case 'zset':
        if (v.encoding === 'listpack') {
          this.out.u8(C.RDB_TYPE_ZSET_LISTPACK);
          this.string(key);
          const flat: string[] = [];
          for (const e of v.entries()) flat.push(e.member, d2string(e.score));
          this.blob(encodeListpack(flat));
        } else {
          this.out.u8(C.RDB_TYPE_ZSET_2);
          this.string(key);
          const entries = v.entries();
          this.length(entries.length);
          // Greatest first, as Redis writes the skiplist from its tail.
          for (let i = entries.length - 1; i >= 0; i--) {
            this.string(entries[i]!.member);
            this.out.doubleLE(entries[i]!.score);
          }
        }
        return;
      case 'hash':
        if (v.encoding === 'listpack') {
          this.out.u8(C.RDB_TYPE_HASH_LISTPACK);
          this.string(key);
          const flat: string[] = [];
          for (const [f, val] of v.map) flat.push(f, val);
          this.blob(encodeListpack(flat));
        } else {
          this.out.u8(C.RDB_TYPE_HASH);
          this.string(key);
          this.length(v.map.size);
          for (const [f, val] of v.map) {
            this.string(f);
            this.string(val);
          }
        }
        return;
      case 'stream':
        this.out.u8(C.RDB_TYPE_STREAM_LISTPACKS_2);
        this.string(key);
        this.stream(v);
        return;
    }
  }

  /** A list as quicklist nodes of packed listpacks, split as list-max-listpack-size says. */
  private quicklist(v: ListValue): void {
    const fill = this.options.listMaxListpackSize;
    const byteLimit = fill < 0 ? NODE_BYTE_LIMITS[Math.min(4, -fill - 1)]! : 8192;
    const countLimit = fill > 0 ? fill : Infinity;
    const nodes: string[][] = [];
    let node: string[] = [];
    let bytes = 7;
    for (const item of v.items) {
      const cost = item.length + 11; // an entry's upper bound: encoding (5) + data + backlen (5) + slack
      if (node.length > 0 && (node.length >= countLimit || bytes + cost > byteLimit)) {
        nodes.push(node);
        node = [];
        bytes = 7;
      }
      node.push(item);
      bytes += cost;
    }
    if (node.length > 0) nodes.push(node);
    this.length(nodes.length);
    for (const n of nodes) {
      this.length(C.QUICKLIST_NODE_CONTAINER_PACKED);
      this.blob(encodeListpack(n));
    }
  }
}

/** Encodes a whole file in one go (SAVE-sized datasets, tests). */
export function encodeRdb(
  options: RdbEncodeOptions,
  aux: ReadonlyArray<readonly [string, string | number]>,
  dbs: Iterable<{ id: number; entries: Iterable<readonly [string, RedisValue, number | undefined]>; size: number; expiresSize: number }>,
): Buffer {
  const enc = new RdbEncoder(options);
  enc.header(aux);
  const parts: Buffer[] = [];
  for (const db of dbs) {
    if (db.size === 0) continue;
    enc.selectDb(db.id, db.size, db.expiresSize);
    for (const [key, value, expire] of db.entries) {
      enc.entry(key, value, expire);
      if (enc.buffered > 1 << 20) parts.push(enc.drain());
    }
  }
  enc.finish();
  parts.push(enc.drain());
  return Buffer.concat(parts);
}
