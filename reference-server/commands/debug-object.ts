// The status line of DEBUG OBJECT (src/debug.c): address, refcount, encoding, serialized length,
// LRU fields and, for lists, the quicklist figures. Reads one value; changes nothing.
// Approximations (we have no C heap, no per-object LRU, no real quicklist) are stated per field.

import { RdbEncoder } from '../persistence/rdb/rdb-encoder.js';
import { encodeListpack } from '../persistence/rdb/listpack.js';
import type { ServerConfig } from '../config/server-config.js';
import type { ListValue } from '../keyspace/list-value.js';
import type { RedisValue } from '../keyspace/value.js';

/** LRU_CLOCK_MAX in src/server.h: the LRU clock wraps at 24 bits of seconds. */
const LRU_CLOCK_MAX = (1 << 24) - 1;
/** Quicklist node byte limits for negative list-max-listpack-size (src/quicklist.c). */
const NODE_BYTE_LIMITS = [4096, 8192, 16384, 32768, 65536];

const addresses = new WeakMap<object, number>();
let nextAddress = 0x7f3a10000000;

/** A stable, fake heap address per value, printed like glibc's %p. */
function addressOf(v: object): string {
  let a = addresses.get(v);
  if (a === undefined) {
    a = nextAddress;
    nextAddress += 16;
    addresses.set(v, a);
  }
  return '0x' + a.toString(16);
}

/** rdbSavedObjectLen: the RDB bytes of the value alone (type byte and key excluded). */
function serializedLength(v: RedisValue, config: ServerConfig): number {
  const enc = new RdbEncoder({
    compression: config.getBool('rdbcompression'),
    checksum: false,
    listMaxListpackSize: config.getNumber('list-max-listpack-size'),
  });
  enc.entry('', v, undefined);
  return enc.drain().length - 2; // one type byte, one byte for the empty key
}

/** The quicklist suffix, splitting nodes as list-max-listpack-size would (node sizes estimated). */
function quicklistExtra(v: ListValue, config: ServerConfig): string {
  const fill = config.getNumber('list-max-listpack-size');
  const byteLimit = fill < 0 ? NODE_BYTE_LIMITS[Math.min(4, -fill - 1)]! : Infinity;
  const countLimit = fill > 0 ? fill : Infinity;
  const nodes: string[][] = [];
  let node: string[] = [];
  let bytes = 7;
  for (const item of v.items) {
    const cost = item.length + 3;
    if (node.length > 0 && (node.length >= countLimit || bytes + cost > byteLimit)) {
      nodes.push(node);
      node = [];
      bytes = 7;
    }
    node.push(item);
    bytes += cost;
  }
  if (node.length > 0) nodes.push(node);
  let size = 0;
  for (const n of nodes) size += encodeListpack(n).length;
  const avg = (v.items.length / nodes.length).toFixed(2);
  const compressed = config.getNumber('list-compress-depth') !== 0 ? 1 : 0;
  return ` ql_nodes:${nodes.length} ql_avg_node:${avg} ql_listpack_max:${fill} ql_compressed:${compressed} ql_uncompressed_size:${size}`;
}

/**
 * The DEBUG OBJECT line for `v`. lru is the current LRU clock and lru_seconds_idle 0: we keep no
 * per-object access time. The address is fake but stable for the value's lifetime.
 */
export function debugObjectLine(v: RedisValue, config: ServerConfig, nowMs: number, refcount: number): string {
  const lru = Math.floor(nowMs / 1000) & LRU_CLOCK_MAX;
  const extra = v.type === 'list' ? quicklistExtra(v, config) : '';
  return `Value at:${addressOf(v)} refcount:${refcount} encoding:${v.encoding} ` +
    `serializedlength:${serializedLength(v, config)} lru:${lru} lru_seconds_idle:0${extra}`;
}
