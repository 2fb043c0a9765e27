// XREAD and XREADGROUP (Redis 7.0 src/t_stream.c xreadCommand, streamReplyWithRange with a group,
// src/blocked.c serveClientsBlockedOnStreamKey / unblockDeletedStreamReadgroupClients): served at
// once when a stream has something newer, else blocked through the engine's BlockRequest. A group
// read is never propagated as such: it becomes XCLAIM per delivered entry (+ XGROUP SETID, NOACK).

import { BlockRequest, type CommandContext, type CommandSpec } from './command.js';
import { ErrorReply, NULL_ARRAY, type Reply } from '../resp/reply.js';
import { is, parseBigInteger } from './args.js';
import { NOT_INTEGER, SYNTAX, WRONGTYPE, err } from './errors.js';
import type { StreamValue } from '../keyspace/stream-value.js';
import { INVALID_ENTRIES_READ, type Consumer, type ConsumerGroup } from '../keyspace/stream-group.js';
import { compareIds, formatId, incrId, MAX_ID, ZERO_ID, type StreamId } from '../keyspace/stream-id.js';
import { parseStrictId } from './stream-args.js';
import { beforeGroupWrite, entryReply } from './stream-shared.js';
import { lookupOrCreateConsumer, noGroup, propagateConsumerCreation, propagateGroupId, propagateXclaim } from './stream-groups.js';

/** XREAD_BLOCKED_DEFAULT_COUNT: a blocked read without COUNT is served at most this many entries. */
const XREAD_BLOCKED_DEFAULT_COUNT = 1000;

/** Who reads: a group and consumer for XREADGROUP. */
interface GroupRead {
  groupName: string;
  consumerName: string;
  noack: boolean;
}

/**
 * streamReplyWithRange with a group: entries after `start`, advancing the group's last ID and
 * entries-read, creating or moving NACKs (unless NOACK), each propagated as XCLAIM.
 */
function readNew(ctx: CommandContext, s: StreamValue, key: string, read: GroupRead, group: ConsumerGroup, consumer: Consumer, start: StreamId, count: number): Reply[] {
  const out: Reply[] = [];
  let propagateLastId = false;
  for (const e of s.iterate(start, MAX_ID)) {
    if (compareIds(e.id, group.lastId) > 0) {
      if (group.entriesRead !== INVALID_ENTRIES_READ && !s.rangeHasTombstones(e.id, undefined)) group.entriesRead++;
      else if (s.entriesAdded) group.entriesRead = s.estimateDistance(e.id);
      group.lastId = e.id;
      if (read.noack) propagateLastId = true;
    }
    out.push(entryReply(e));
    if (!read.noack) {
      let nack = group.pel.get(e.id);
      if (nack === undefined) {
        nack = { deliveryTime: ctx.now, deliveryCount: 1n, consumer };
        group.pel.set(e.id, nack);
        consumer.pel.set(e.id, nack);
      } else {
        nack.consumer?.pel.delete(e.id);
        nack.consumer = consumer;
        nack.deliveryTime = ctx.now;
        nack.deliveryCount = 1n;
        consumer.pel.set(e.id, nack);
      }
      propagateXclaim(ctx, key, read.groupName, group, formatId(e.id), nack);
    }
    if (count && out.length === count) break;
  }
  if (propagateLastId) propagateGroupId(ctx, key, read.groupName, group);
  return out;
}

/** streamReplyWithRangeFromConsumerPEL: the consumer's own pending entries from `start` (history). */
function readHistory(ctx: CommandContext, s: StreamValue, consumer: Consumer, start: StreamId, count: number): Reply[] {
  const out: Reply[] = [];
  for (const [id, nack] of consumer.pel.from(start)) {
    if (count && out.length >= count) break;
    const e = s.getEntry(id);
    if (e === undefined) {
      out.push([formatId(id), NULL_ARRAY]);
    } else {
      out.push(entryReply(e));
      nack.deliveryTime = ctx.now;
      nack.deliveryCount++;
    }
  }
  return out;
}

/** The consumer a group read is served to; created (and, under NOACK, propagated) when new. */
function readerConsumer(ctx: CommandContext, key: string, read: GroupRead, group: ConsumerGroup): Consumer {
  const { consumer, created } = lookupOrCreateConsumer(ctx, group, read.consumerName);
  if (created && read.noack) propagateConsumerCreation(ctx, key, read.groupName, read.consumerName);
  return consumer;
}

/** The stream at `key` for a read (lookupKeyRead), or undefined; WRONGTYPE for another type. */
function lookupStream(ctx: CommandContext, key: string): StreamValue | undefined | ErrorReply {
  const v = ctx.keyspace.lookupRead(ctx.db, key);
  if (v === undefined) return undefined;
  return v.type === 'stream' ? v : WRONGTYPE;
}

/** XREAD [COUNT count] [BLOCK ms] STREAMS key [key ...] id [id ...], and XREADGROUP GROUP group consumer ... */
function xread(ctx: CommandContext, args: string[]): Reply | BlockRequest {
  const xreadgroup = args[0]!.length === 10;
  let timeout = -1n;
  let count = 0;
  let streamsArg = 0;
  let streamsCount = 0;
  let groupName: string | undefined;
  let consumerName = '';
  let noack = false;
  for (let i = 1; i < args.length; i++) {
    const moreargs = args.length - i - 1;
    const o = args[i]!;
    if (is(o, 'block') && moreargs) {
      i++;
      const t = parseBigInteger(args[i]!);
      if (t === undefined) return err('timeout is not an integer or out of range');
      if (t < 0n) return err('timeout is negative');
      timeout = t;
    } else if (is(o, 'count') && moreargs) {
      i++;
      const n = parseBigInteger(args[i]!);
      if (n === undefined) return NOT_INTEGER;
      count = n < 0n ? 0 : Number(n);
    } else if (is(o, 'streams') && moreargs) {
      streamsArg = i + 1;
      streamsCount = args.length - streamsArg;
      if (streamsCount % 2 !== 0) {
        return err("Unbalanced XREAD list of streams: for each stream key an ID or '$' must be specified.");
      }
      streamsCount /= 2;
      break;
    } else if (is(o, 'group') && moreargs >= 2) {
      if (!xreadgroup) return err('The GROUP option is only supported by XREADGROUP. You called XREAD instead.');
      groupName = args[i + 1]!;
      consumerName = args[i + 2]!;
      i += 2;
    } else if (is(o, 'noack')) {
      if (!xreadgroup) return err('The NOACK option is only supported by XREADGROUP. You called XREAD instead.');
      noack = true;
    } else {
      return SYNTAX;
    }
  }
  // Whatever happens, the command itself is never propagated (only what it causes).
  ctx.preventPropagation();
  if (streamsArg === 0) return SYNTAX;
  if (xreadgroup && groupName === undefined) return err('Missing GROUP option for XREADGROUP');
  const keys = args.slice(streamsArg, streamsArg + streamsCount);
  const ids: StreamId[] = [];
  const groups: Array<ConsumerGroup | undefined> = [];
  for (let k = 0; k < streamsCount; k++) {
    const key = keys[k]!;
    const o = lookupStream(ctx, key);
    if (o instanceof ErrorReply) return o;
    if (groupName !== undefined) {
      const group = o?.groups.get(groupName);
      if (group === undefined) return noGroup(key, groupName, ' in XREADGROUP with GROUP option');
      groups.push(group);
    }
    const idArg = args[streamsArg + streamsCount + k]!;
    if (idArg === '$') {
      if (xreadgroup) {
        return err('The $ ID is meaningless in the context of XREADGROUP: you want to read the history of this consumer by specifying a proper ID, or use the > ID to get new messages. The $ ID would just return an empty result set.');
      }
      ids.push(o ? o.lastId : ZERO_ID);
      continue;
    }
    if (idArg === '>') {
      if (!xreadgroup) return err('The > ID can be specified only when calling XREADGROUP using the GROUP <group> <consumer> option.');
      ids.push(MAX_ID);
      continue;
    }
    const id = parseStrictId(idArg);
    if (id instanceof ErrorReply) return id;
    ids.push(id);
  }
  const read: GroupRead | undefined = groupName === undefined ? undefined : { groupName, consumerName, noack };
  const replies: Reply[] = [];
  for (let k = 0; k < streamsCount; k++) {
    const key = keys[k]!;
    const o = lookupStream(ctx, key);
    if (o === undefined || o instanceof ErrorReply) continue;
    let gt = ids[k]!;
    let serve = false;
    let history = false;
    if (read) {
      if (compareIds(gt, MAX_ID) !== 0) {
        serve = true;
        history = true;
      } else if (o.length) {
        const last = groups[k]!.lastId;
        if (compareIds(o.lastValidId()!, last) > 0) {
          serve = true;
          gt = last;
        }
      }
    } else if (o.length && compareIds(o.lastValidId()!, gt) > 0) {
      serve = true;
    }
    if (!serve) continue;
    // Entries strictly after gt (incrId of the maximum wraps to 0-0, as streamIncrID does).
    const start = incrId(gt) ?? ZERO_ID;
    let entries: Reply[];
    if (read) {
      const group = groups[k]!;
      beforeGroupWrite(ctx, key);
      const consumer = readerConsumer(ctx, key, read, group);
      entries = history ? readHistory(ctx, o, consumer, start, count) : readNew(ctx, o, key, read, group, consumer, start, count);
      ctx.markDirty();
    } else {
      entries = [];
      for (const e of o.iterate(start, MAX_ID)) {
        entries.push(entryReply(e));
        if (count && entries.length === count) break;
      }
    }
    replies.push([key, entries]);
  }
  if (replies.length > 0) return replies;
  if (timeout === -1n) return NULL_ARRAY;
  if (ctx.inExec) return NULL_ARRAY;
  const blockCount = count || XREAD_BLOCKED_DEFAULT_COUNT;
  const byKey = new Map<string, StreamId>();
  for (let k = 0; k < streamsCount; k++) if (!byKey.has(keys[k]!)) byKey.set(keys[k]!, ids[k]!);
  const retry = (rctx: CommandContext, readyKey?: string): Reply | undefined => {
    if (readyKey === undefined || !byKey.has(readyKey)) return undefined;
    return serveBlocked(rctx, readyKey, byKey.get(readyKey)!, read, blockCount);
  };
  const deadline = timeout === 0n ? 0 : ctx.now + Number(timeout);
  return new BlockRequest([...byKey.keys()], deadline, retry, NULL_ARRAY);
}

/**
 * serveClientsBlockedOnStreamKey for one client, plus unblockDeletedStreamReadgroupClients: a
 * group reader is answered UNBLOCKED when the key is gone or no longer a stream, NOGROUP when its
 * group was destroyed; anyone is served when the stream's last ID passed what it waits for.
 */
function serveBlocked(ctx: CommandContext, key: string, waitingFor: StreamId, read: GroupRead | undefined, count: number): Reply | undefined {
  const v = ctx.keyspace.expireIfNeeded(ctx.db, key) ? undefined : ctx.db.dict.get(key);
  if (v === undefined || v.type !== 'stream') {
    return read ? new ErrorReply('UNBLOCKED the stream key no longer exists') : undefined;
  }
  let gt = waitingFor;
  let group: ConsumerGroup | undefined;
  if (read) {
    group = v.groups.get(read.groupName);
    if (group === undefined) return new ErrorReply('NOGROUP the consumer group this client was blocked on no longer exists');
    gt = group.lastId;
  }
  if (compareIds(v.lastId, gt) <= 0) return undefined;
  const start = incrId(gt) ?? ZERO_ID;
  let entries: Reply[];
  if (read) {
    beforeGroupWrite(ctx, key);
    const consumer = readerConsumer(ctx, key, read, group!);
    entries = readNew(ctx, v, key, read, group!, consumer, start, count);
  } else {
    entries = [];
    for (const e of v.iterate(start, MAX_ID)) {
      entries.push(entryReply(e));
      if (entries.length === count) break;
    }
  }
  return [[key, entries]];
}

/** XREAD, XREADGROUP. */
export const streamReadCommands: CommandSpec[] = [
  {
    name: 'xread', arity: -4, flags: ['readonly', 'blocking', 'movablekeys'], acl: ['read', 'stream', 'slow', 'blocking'],
    firstKey: 0, lastKey: 0, keyStep: 0, handler: xread,
  },
  {
    name: 'xreadgroup', arity: -7, flags: ['write', 'blocking', 'movablekeys'], acl: ['write', 'stream', 'slow', 'blocking'],
    firstKey: 0, lastKey: 0, keyStep: 0, handler: xread,
  },
];
