// The commands that recreate a value in an AOF written without an RDB preamble, batched like
// rewriteAppendOnlyFileRio in src/aof.c: SET, RPUSH / SADD / ZADD / HMSET in groups of
// AOF_REWRITE_ITEMS_PER_CMD, streams as rewriteStreamObject writes them, and PEXPIREAT for a TTL.

import type { RedisValue } from '../../keyspace/value.js';
import type { StreamValue } from '../../keyspace/stream-value.js';
import { formatId } from '../../keyspace/stream-id.js';
import { formatG17 } from '../rdb/score-format.js';
import { encodeCommand } from './aof-format.js';
import type { FileBody } from '../rdb/rdb-file.js';
import type { KeyspaceSnapshot } from '../keyspace-snapshot.js';

/** AOF_REWRITE_ITEMS_PER_CMD in src/server.h. */
export const AOF_REWRITE_ITEMS_PER_CMD = 64;

function batched(name: string, key: string, items: string[], perItem: number): string[][] {
  const out: string[][] = [];
  const step = AOF_REWRITE_ITEMS_PER_CMD * perItem;
  for (let i = 0; i < items.length; i += step) out.push([name, key, ...items.slice(i, i + step)]);
  return out;
}

/** The commands rebuilding `key` = `value` (and its TTL), in order. */
export function rewriteCommands(key: string, value: RedisValue, expireAt: number | undefined): string[][] {
  let cmds: string[][];
  switch (value.type) {
    case 'string':
      cmds = [['SET', key, value.data]];
      break;
    case 'list':
      cmds = batched('RPUSH', key, [...value.items], 1);
      break;
    case 'set':
      cmds = batched('SADD', key, value.ordered(), 1);
      break;
    case 'zset': {
      const flat: string[] = [];
      for (const e of value.entries()) flat.push(formatG17(e.score), e.member);
      cmds = batched('ZADD', key, flat, 2);
      break;
    }
    case 'hash': {
      const flat: string[] = [];
      for (const [f, v] of value.map) flat.push(f, v);
      cmds = batched('HMSET', key, flat, 2);
      break;
    }
    case 'stream':
      cmds = streamCommands(key, value);
      break;
  }
  if (expireAt !== undefined) cmds.push(['PEXPIREAT', key, String(expireAt)]);
  return cmds;
}

/**
 * aof.c rewriteStreamObject: one XADD per entry (an empty stream gets `XADD key MAXLEN 0 0-1 x y`),
 * XSETID with ENTRIESADDED and MAXDELETEDID, then per group XGROUP CREATE ... ENTRIESREAD and per
 * consumer an XCLAIM ... TIME RETRYCOUNT JUSTID FORCE for each pending entry, or XGROUP
 * CREATECONSUMER when it has none. Seen-times are not kept (Redis does not keep them either).
 */
function streamCommands(key: string, s: StreamValue): string[][] {
  const cmds: string[][] = [];
  if (s.length > 0) {
    for (const e of s.iterate()) {
      const cmd = ['XADD', key, formatId(e.id)];
      for (let i = 0; i < e.fields.length; i++) cmd.push(e.fields[i]!, e.values[i]!);
      cmds.push(cmd);
    }
  } else {
    cmds.push(['XADD', key, 'MAXLEN', '0', '0-1', 'x', 'y']);
  }
  cmds.push(['XSETID', key, formatId(s.lastId), 'ENTRIESADDED', String(s.entriesAdded), 'MAXDELETEDID', formatId(s.maxDeletedId)]);
  for (const [name, g] of s.sortedGroups()) {
    cmds.push(['XGROUP', 'CREATE', key, name, formatId(g.lastId), 'ENTRIESREAD', String(g.entriesRead)]);
    for (const c of g.sortedConsumers()) {
      if (c.pel.size === 0) {
        cmds.push(['XGROUP', 'CREATECONSUMER', key, name, c.name]);
        continue;
      }
      for (const [id, nack] of c.pel.from()) {
        cmds.push(['XCLAIM', key, name, c.name, '0', formatId(id), 'TIME', String(nack.deliveryTime), 'RETRYCOUNT', String(nack.deliveryCount), 'JUSTID', 'FORCE']);
      }
    }
  }
  return cmds;
}

/** A base AOF made of commands (aof-use-rdb-preamble no) as a file body, sliced every `yieldEvery` keys. */
export function* aofCommandsBody(snapshot: KeyspaceSnapshot, dbCount: number, yieldEvery: number): FileBody {
  let out = '';
  let sinceYield = 0;
  for (let id = 0; id < dbCount; id++) {
    if (snapshot.sizes(id).size === 0) continue;
    out += encodeCommand(['SELECT', String(id)]);
    for (const [key, value, expire] of snapshot.entries(id)) {
      for (const cmd of rewriteCommands(key, value, expire)) out += encodeCommand(cmd);
      if (out.length > 1 << 18) {
        yield Buffer.from(out, 'latin1');
        out = '';
      }
      if (++sinceYield >= yieldEvery) {
        sinceYield = 0;
        yield undefined;
      }
    }
  }
  if (out.length > 0) yield Buffer.from(out, 'latin1');
}
