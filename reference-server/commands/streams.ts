// The stream commands that read and write entries (Redis 7.0 src/t_stream.c): XADD, XLEN, XRANGE,
// XREVRANGE, XDEL, XTRIM, XSETID, and the family's command table (groups in stream-groups.ts,
// XREAD/XREADGROUP in stream-read.ts, XINFO in stream-info.ts).

import { ErrorReply, NULL_ARRAY, OK, type Reply } from '../resp/reply.js';
import type { CommandContext, CommandSpec } from './command.js';
import { is, lookupReadTyped, lookupWriteTyped, parseBigInteger } from './args.js';
import { NOT_INTEGER, NO_SUCH_KEY, SYNTAX, err, wrongArity } from './errors.js';
import { StreamValue, STREAM_LISTPACK_MAX_SIZE, type TrimArgs } from '../keyspace/stream-value.js';
import { mustObey, nodeLimits, rangeReply } from './stream-shared.js';
import { compareIds, formatId, incrId, isZeroId, UINT64_MAX, ZERO_ID, type StreamId } from '../keyspace/stream-id.js';
import { parseRangeEnd, parseRangeStart, parseStreamId, parseStrictId } from './stream-args.js';
import { streamGroupCommands } from './stream-groups.js';
import { streamReadCommands } from './stream-read.js';
import { streamInfoCommands } from './stream-info.js';

interface AddTrimArgs {
  id: StreamId | undefined;
  seqGiven: boolean;
  noMkstream: boolean;
  trim: TrimArgs | undefined;
  /** Index of the MAXLEN count / MINID id, for rewriting the propagated command. */
  trimArgIdx: number;
  /** Index of the ID (XADD). */
  idPos: number;
}

/** streamParseAddOrTrimArgsOrReply for XADD (`xadd`) or XTRIM. */
function parseAddOrTrim(ctx: CommandContext, args: string[], xadd: boolean): AddTrimArgs | ErrorReply {
  const out: AddTrimArgs = { id: undefined, seqGiven: true, noMkstream: false, trim: undefined, trimArgIdx: 0, idPos: 0 };
  let strategy: 'maxlen' | 'minid' | undefined;
  let approx = false;
  let maxlen = 0;
  let minid: StreamId = ZERO_ID;
  let limit = 0n;
  let limitGiven = false;
  let i = 2;
  for (; i < args.length; i++) {
    const moreargs = args.length - 1 - i;
    const opt = args[i]!;
    if (xadd && opt === '*') break;
    if ((is(opt, 'maxlen') || is(opt, 'minid')) && moreargs) {
      if (strategy !== undefined) return err('syntax error, MAXLEN and MINID options at the same time are not compatible');
      approx = false;
      const next = args[i + 1]!;
      if (moreargs >= 2 && next === '~') {
        approx = true;
        i++;
      } else if (moreargs >= 2 && next === '=') {
        i++;
      }
      if (is(opt, 'maxlen')) {
        const n = parseBigInteger(args[i + 1]!);
        if (n === undefined) return NOT_INTEGER;
        if (n < 0n) return err('The MAXLEN argument must be >= 0.');
        maxlen = Number(n);
        strategy = 'maxlen';
      } else {
        const id = parseStrictId(args[i + 1]!);
        if (id instanceof ErrorReply) return id;
        minid = id;
        strategy = 'minid';
      }
      i++;
      out.trimArgIdx = i;
    } else if (is(opt, 'limit') && moreargs) {
      const n = parseBigInteger(args[i + 1]!);
      if (n === undefined) return NOT_INTEGER;
      if (n < 0n) return err('The LIMIT argument must be >= 0.');
      limit = n;
      limitGiven = true;
      i++;
    } else if (xadd && is(opt, 'nomkstream')) {
      out.noMkstream = true;
    } else if (xadd) {
      const parsed = parseStreamId(opt, 0n, true, true);
      if (parsed instanceof ErrorReply) return parsed;
      out.id = parsed.id;
      out.seqGiven = parsed.seqGiven;
      break;
    } else {
      return SYNTAX;
    }
  }
  out.idPos = i;
  if (limit !== 0n && strategy === undefined) return err('syntax error, LIMIT cannot be used without specifying a trimming strategy');
  if (!xadd && strategy === undefined) return err('syntax error, XTRIM must be called with a trimming strategy');
  if (mustObey(ctx)) {
    limit = 0n;
  } else if (limitGiven) {
    if (!approx) return err('syntax error, LIMIT cannot be used without the special ~ option');
  } else if (approx) {
    limit = 100n * BigInt(ctx.config.getNumber('stream-node-max-entries'));
    if (limit <= 0n) limit = 10000n;
    if (limit > 1000000n) limit = 1000000n;
  } else {
    limit = 0n;
  }
  if (strategy !== undefined) out.trim = { strategy, maxlen, minid, approx, limit: Number(limit) };
  return out;
}

/**
 * streamRewriteApproxSpecifier + streamRewriteTrimArgument: `~ <n>` is propagated as `= <what is
 * left>` (the length, or the first ID, tombstones included), so replicas and the AOF trim alike.
 */
function rewriteApproxTrim(args: string[], s: StreamValue, trim: TrimArgs, idx: number): void {
  args[idx - 1] = '=';
  args[idx] = trim.strategy === 'maxlen' ? String(s.length) : formatId(s.edgeId(true, false));
}

/** XADD key [NOMKSTREAM] [MAXLEN|MINID [=|~] threshold [LIMIT count]] *|id field value [field value ...] */
function xadd(ctx: CommandContext, args: string[]): Reply {
  const parsed = parseAddOrTrim(ctx, args, true);
  if (parsed instanceof ErrorReply) return parsed;
  const fieldPos = parsed.idPos + 1;
  if (args.length - fieldPos < 2 || (args.length - fieldPos) % 2 === 1) return wrongArity('xadd');
  const given = parsed.id;
  if (given !== undefined && parsed.seqGiven && isZeroId(given)) return err('The ID specified in XADD must be greater than 0-0');
  const key = args[1]!;
  let s = lookupWriteTyped(ctx, key, 'stream');
  if (s instanceof ErrorReply) return s;
  if (s === undefined) {
    if (parsed.noMkstream) return null;
    s = new StreamValue();
    ctx.keyspace.add(ctx.db, key, s);
  }
  if (s.lastId.ms === UINT64_MAX && s.lastId.seq === UINT64_MAX) {
    return err('The stream has exhausted the last possible ID, unable to add more items');
  }
  // streamAppendItem: pick the ID, then check it and the size.
  let id: StreamId | undefined;
  if (given !== undefined) {
    if (parsed.seqGiven) id = given;
    else if (s.lastId.ms !== given.ms) id = given;
    // streamAppendItem fails here without setting errno, so xaddCommand's errno != EDOM branch
    // answers (checked on redis-server 7.0.15: `XADD s 5-*` after 5-18446744073709551615).
    else if (s.lastId.seq === UINT64_MAX) return err('Elements are too large to be stored');
    else id = { ms: given.ms, seq: s.lastId.seq + 1n };
  } else {
    const ms = BigInt(ctx.now);
    id = ms > s.lastId.ms ? { ms, seq: 0n } : incrId(s.lastId) ?? ZERO_ID;
  }
  if (id === undefined || compareIds(id, s.lastId) <= 0) {
    return err('The ID specified in XADD is equal or smaller than the target stream top item');
  }
  const fieldValues = args.slice(fieldPos);
  let total = 0;
  for (const x of fieldValues) total += x.length;
  if (total > STREAM_LISTPACK_MAX_SIZE) return err('Elements are too large to be stored');
  s.append(id, fieldValues, nodeLimits(ctx));
  ctx.keyspace.modified(ctx.db, key);
  ctx.markDirty();
  const propagated = [...args];
  if (parsed.trim !== undefined) {
    s.trim(parsed.trim);
    if (parsed.trim.approx) rewriteApproxTrim(propagated, s, parsed.trim, parsed.trimArgIdx);
  }
  const idText = formatId(id);
  if (given === undefined || !parsed.seqGiven) propagated[parsed.idPos] = idText;
  ctx.replaceArgv(propagated);
  ctx.engine.keyReady(ctx.db.id, key);
  return idText;
}

/** XTRIM key MAXLEN|MINID [=|~] threshold [LIMIT count] */
function xtrim(ctx: CommandContext, args: string[]): Reply {
  const parsed = parseAddOrTrim(ctx, args, false);
  if (parsed instanceof ErrorReply) return parsed;
  const s = lookupWriteTyped(ctx, args[1]!, 'stream');
  if (s instanceof ErrorReply) return s;
  if (s === undefined) return 0;
  const trim = parsed.trim!;
  const deleted = s.trim(trim);
  if (deleted) {
    if (trim.approx) {
      const propagated = [...args];
      rewriteApproxTrim(propagated, s, trim, parsed.trimArgIdx);
      ctx.replaceArgv(propagated);
    }
    ctx.keyspace.modified(ctx.db, args[1]!);
    ctx.markDirty(deleted);
  }
  return deleted;
}

/** XRANGE key start end [COUNT count], XREVRANGE key end start [COUNT count] */
function xrange(rev: boolean) {
  return (ctx: CommandContext, args: string[]): Reply => {
    const start = parseRangeStart(rev ? args[3]! : args[2]!);
    if (start instanceof ErrorReply) return start;
    const end = parseRangeEnd(rev ? args[2]! : args[3]!);
    if (end instanceof ErrorReply) return end;
    let count = -1n;
    for (let j = 4; j < args.length; j++) {
      if (is(args[j]!, 'count') && args.length - j - 1 >= 1) {
        const n = parseBigInteger(args[j + 1]!);
        if (n === undefined) return NOT_INTEGER;
        count = n < 0n ? 0n : n;
        j++;
      } else {
        return SYNTAX;
      }
    }
    const s = lookupReadTyped(ctx, args[1]!, 'stream');
    if (s instanceof ErrorReply) return s;
    if (s === undefined) return [];
    if (count === 0n) return NULL_ARRAY;
    return rangeReply(s, start, end, count === -1n ? 0 : Number(count), rev);
  };
}

/** XLEN key */
function xlen(ctx: CommandContext, args: string[]): Reply {
  const s = lookupReadTyped(ctx, args[1]!, 'stream');
  if (s instanceof ErrorReply) return s;
  return s === undefined ? 0 : s.length;
}

/** XDEL key id [id ...]: the key is looked up before the IDs are parsed. */
function xdel(ctx: CommandContext, args: string[]): Reply {
  const s = lookupWriteTyped(ctx, args[1]!, 'stream');
  if (s instanceof ErrorReply) return s;
  if (s === undefined) return 0;
  const ids: StreamId[] = [];
  for (let j = 2; j < args.length; j++) {
    const id = parseStrictId(args[j]!);
    if (id instanceof ErrorReply) return id;
    ids.push(id);
  }
  let deleted = 0;
  let firstEntry = false;
  for (const id of ids) {
    if (!s.deleteEntry(id)) continue;
    if (compareIds(id, s.firstId) === 0) firstEntry = true;
    if (compareIds(id, s.maxDeletedId) > 0) s.maxDeletedId = id;
    deleted++;
  }
  if (deleted) {
    if (s.length === 0) s.firstId = ZERO_ID;
    else if (firstEntry) s.firstId = s.edgeId(true, true);
    ctx.keyspace.modified(ctx.db, args[1]!);
    ctx.markDirty(deleted);
  }
  return deleted;
}

/** XSETID key last-id [ENTRIESADDED entries-added] [MAXDELETEDID max-deleted-id] */
function xsetid(ctx: CommandContext, args: string[]): Reply {
  const id = parseStrictId(args[2]!);
  if (id instanceof ErrorReply) return id;
  let entriesAdded = -1n;
  let maxDeleted: StreamId = ZERO_ID;
  for (let i = 3; i < args.length; i += 2) {
    const moreargs = args.length - 1 - i;
    const opt = args[i]!;
    if (is(opt, 'entriesadded') && moreargs) {
      const n = parseBigInteger(args[i + 1]!);
      if (n === undefined) return NOT_INTEGER;
      if (n < 0n) return err('entries_added must be positive');
      entriesAdded = n;
    } else if (is(opt, 'maxdeletedid') && moreargs) {
      const m = parseStrictId(args[i + 1]!);
      if (m instanceof ErrorReply) return m;
      if (compareIds(id, m) < 0) return err('The ID specified in XSETID is smaller than the provided max_deleted_entry_id');
      maxDeleted = m;
    } else {
      return SYNTAX;
    }
  }
  const s = lookupWriteTyped(ctx, args[1]!, 'stream');
  if (s instanceof ErrorReply) return s;
  if (s === undefined) return NO_SUCH_KEY;
  if (s.length > 0) {
    const top = s.lastValidId()!;
    if (compareIds(id, top) < 0) return err('The ID specified in XSETID is smaller than the target stream top item');
    if (entriesAdded !== -1n && BigInt(s.length) > entriesAdded) {
      return err('The entries_added specified in XSETID is smaller than the target stream length');
    }
  }
  s.lastId = id;
  if (entriesAdded !== -1n) s.entriesAdded = entriesAdded;
  if (!isZeroId(maxDeleted)) s.maxDeletedId = maxDeleted;
  ctx.markDirty();
  return OK;
}

const KEY1 = { firstKey: 1, lastKey: 1, keyStep: 1 } as const;

/** Every stream command, groups, reads and XINFO included. */
export const streamCommands: CommandSpec[] = [
  { name: 'xadd', arity: -5, flags: ['write', 'denyoom', 'fast'], acl: ['write', 'stream', 'fast'], ...KEY1, handler: xadd },
  { name: 'xlen', arity: 2, flags: ['readonly', 'fast'], acl: ['read', 'stream', 'fast'], ...KEY1, handler: xlen },
  { name: 'xrange', arity: -4, flags: ['readonly'], acl: ['read', 'stream', 'slow'], ...KEY1, handler: xrange(false) },
  { name: 'xrevrange', arity: -4, flags: ['readonly'], acl: ['read', 'stream', 'slow'], ...KEY1, handler: xrange(true) },
  { name: 'xdel', arity: -3, flags: ['write', 'fast'], acl: ['write', 'stream', 'fast'], ...KEY1, handler: xdel },
  { name: 'xtrim', arity: -4, flags: ['write'], acl: ['write', 'stream', 'slow'], ...KEY1, handler: xtrim },
  { name: 'xsetid', arity: -3, flags: ['write', 'denyoom', 'fast'], acl: ['write', 'stream', 'fast'], ...KEY1, handler: xsetid },
  ...streamGroupCommands,
  ...streamReadCommands,
  ...streamInfoCommands,
];

