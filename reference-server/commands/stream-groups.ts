// Consumer group commands (Redis 7.0 src/t_stream.c): XGROUP CREATE / SETID / DESTROY /
// CREATECONSUMER / DELCONSUMER / HELP, XACK, XPENDING, XCLAIM, XAUTOCLAIM, and the commands they
// propagate in their place (streamPropagateXCLAIM, streamPropagateGroupID, ...consumerCreation).

import { ErrorReply, NULL_ARRAY, OK, type Reply } from '../resp/reply.js';
import type { CommandContext, CommandSpec } from './command.js';
import { is, lookupReadTyped, lookupWriteTyped, parseBigInteger } from './args.js';
import { NOT_INTEGER, SYNTAX, err } from './errors.js';
import { helpReply } from './help-text.js';
import { StreamValue } from '../keyspace/stream-value.js';
import { ConsumerGroup, INVALID_ENTRIES_READ, type Consumer, type Nack } from '../keyspace/stream-group.js';
import { compareIds, formatId, ZERO_ID, type StreamId } from '../keyspace/stream-id.js';
import { parseRangeEnd, parseRangeStart, parseStreamId, parseStrictId } from './stream-args.js';
import { beforeGroupWrite, entryReply } from './stream-shared.js';

/** A C string as `%s` prints it: cut at the first NUL. */
function cstr(s: string): string {
  const i = s.indexOf('\0');
  return i < 0 ? s : s.slice(0, i);
}

/** `-NOGROUP No such key '<key>' or consumer group '<group>'<suffix>` */
export function noGroup(key: string, group: string, suffix = ''): ErrorReply {
  return new ErrorReply(`NOGROUP No such key '${cstr(key)}' or consumer group '${cstr(group)}'${suffix}`);
}

/**
 * streamPropagateXCLAIM: XCLAIM <key> <group> <consumer> 0 <id> TIME <ms> RETRYCOUNT <n> FORCE
 * JUSTID LASTID <group last id>, which recreates the NACK idempotently on a replica or at load.
 */
export function propagateXclaim(ctx: CommandContext, key: string, groupName: string, group: ConsumerGroup, idArg: string, nack: Nack): void {
  ctx.alsoPropagate([
    'XCLAIM', key, groupName, nack.consumer!.name, '0', idArg, 'TIME', String(nack.deliveryTime),
    'RETRYCOUNT', String(nack.deliveryCount), 'FORCE', 'JUSTID', 'LASTID', formatId(group.lastId),
  ]);
}

/** streamPropagateGroupID: XGROUP SETID <key> <group> <last id> ENTRIESREAD <n>. */
export function propagateGroupId(ctx: CommandContext, key: string, groupName: string, group: ConsumerGroup): void {
  ctx.alsoPropagate(['XGROUP', 'SETID', key, groupName, formatId(group.lastId), 'ENTRIESREAD', String(group.entriesRead)]);
}

/** streamPropagateConsumerCreation: XGROUP CREATECONSUMER <key> <group> <consumer>. */
export function propagateConsumerCreation(ctx: CommandContext, key: string, groupName: string, consumer: string): void {
  ctx.alsoPropagate(['XGROUP', 'CREATECONSUMER', key, groupName, consumer]);
}

/** streamCreateConsumer with SCC_DEFAULT: counts as a change. */
export function createConsumer(ctx: CommandContext, group: ConsumerGroup, name: string): Consumer | undefined {
  const c = group.createConsumer(name, ctx.now);
  if (c) ctx.markDirty();
  return c;
}

/** Lookup (refreshing the seen-time) or creation of a consumer. */
export function lookupOrCreateConsumer(ctx: CommandContext, group: ConsumerGroup, name: string): { consumer: Consumer; created: boolean } {
  const found = group.lookupConsumer(name, ctx.now);
  if (found) return { consumer: found, created: false };
  return { consumer: createConsumer(ctx, group, name)!, created: true };
}

function subcommandSyntaxError(args: string[]): ErrorReply {
  return err(`unknown subcommand or wrong number of arguments for '${cstr(args[1]!).slice(0, 128)}'. Try ${args[0]!.toUpperCase()} HELP.`);
}

const XGROUP_HELP = [
  'CREATE <key> <group> <id|$> [MKSTREAM] [ENTRIESREAD <n>]', '    Add a consumer group that starts after <id> (MKSTREAM makes an empty stream first).',
  'CREATECONSUMER <key> <group> <consumer>', '    Add a consumer to a group.',
  'DELCONSUMER <key> <group> <consumer>', '    Remove a consumer and its pending entries.',
  'DESTROY <key> <group>', '    Remove a group.',
  'SETID <key> <group> <id|$> [ENTRIESREAD <n>]', "    Move a group's last delivered ID.",
];

/** xgroupCommand: every subcommand but HELP, with Redis's order of checks. */
function xgroup(ctx: CommandContext, args: string[]): Reply {
  const opt = args[1]!.toLowerCase();
  const key = args[2]!;
  const name = args[3]!;
  let mkstream = false;
  let entriesRead = INVALID_ENTRIES_READ;
  for (let i = 5; i < args.length;) {
    if (opt === 'create' && is(args[i]!, 'mkstream')) {
      mkstream = true;
      i++;
    } else if ((opt === 'create' || opt === 'setid') && is(args[i]!, 'entriesread') && i + 1 < args.length) {
      const n = parseBigInteger(args[i + 1]!);
      if (n === undefined) return NOT_INTEGER;
      if (n < 0n && n !== INVALID_ENTRIES_READ) return err('value for ENTRIESREAD must be positive or -1');
      entriesRead = n;
      i += 2;
    } else {
      return subcommandSyntaxError(args);
    }
  }
  const found = lookupWriteTyped(ctx, key, 'stream');
  if (found instanceof ErrorReply) return found;
  let s = found;
  let group: ConsumerGroup | undefined;
  if (!mkstream) {
    if (s === undefined) {
      return err('The XGROUP subcommand requires the key to exist. Note that for CREATE you may want to use the MKSTREAM option to create an empty stream automatically.');
    }
    group = s.groups.get(name);
    if (group === undefined && (opt === 'setid' || opt === 'createconsumer' || opt === 'delconsumer')) {
      return new ErrorReply(`NOGROUP No such consumer group '${cstr(name)}' for key name '${cstr(key)}'`);
    }
  }
  const argc = args.length;
  if (opt === 'create' && argc >= 5 && argc <= 8) {
    let id: StreamId;
    if (args[4] === '$') {
      id = s ? s.lastId : ZERO_ID;
    } else {
      const parsed = parseStrictId(args[4]!);
      if (parsed instanceof ErrorReply) return parsed;
      id = parsed;
    }
    if (s === undefined) {
      s = new StreamValue();
      ctx.keyspace.add(ctx.db, key, s);
    }
    if (s.groups.has(name)) return new ErrorReply('BUSYGROUP Consumer Group name already exists');
    s.groups.set(name, new ConsumerGroup(id, entriesRead));
    ctx.markDirty();
    return OK;
  }
  if (opt === 'setid' && (argc === 5 || argc === 7)) {
    let id: StreamId;
    if (args[4] === '$') {
      id = s!.lastId;
    } else {
      const parsed = parseStreamId(args[4]!, 0n, false);
      if (parsed instanceof ErrorReply) return parsed;
      id = parsed.id;
    }
    group!.lastId = id;
    group!.entriesRead = entriesRead;
    ctx.markDirty();
    return OK;
  }
  if (opt === 'destroy' && argc === 4) {
    if (group === undefined) return 0;
    s!.groups.delete(name);
    ctx.markDirty();
    // XREADGROUP clients blocked on this group are answered -NOGROUP.
    ctx.engine.keyReady(ctx.db.id, key);
    return 1;
  }
  if (opt === 'createconsumer' && argc === 5) {
    return createConsumer(ctx, group!, args[4]!) ? 1 : 0;
  }
  if (opt === 'delconsumer' && argc === 5) {
    const consumer = group!.lookupConsumer(args[4]!, ctx.now, false);
    if (consumer === undefined) return 0;
    const pending = consumer.pel.size;
    group!.deleteConsumer(consumer);
    ctx.markDirty();
    return pending;
  }
  return subcommandSyntaxError(args);
}

/** The stream and group of a command that needs both (XCLAIM, XAUTOCLAIM, XPENDING). */
function lookupGroup(ctx: CommandContext, key: string, groupName: string, forWrite: boolean): { s: StreamValue; group: ConsumerGroup } | undefined | ErrorReply {
  const s = lookupReadTyped(ctx, key, 'stream');
  if (s instanceof ErrorReply) return s;
  const group = s?.groups.get(groupName);
  if (!s || !group) return undefined;
  if (forWrite) beforeGroupWrite(ctx, key);
  return { s, group };
}

/** XACK key group id [id ...]: 0 when the key or group is missing, before the IDs are parsed. */
function xack(ctx: CommandContext, args: string[]): Reply {
  const found = lookupGroup(ctx, args[1]!, args[2]!, true);
  if (found instanceof ErrorReply) return found;
  if (found === undefined) return 0;
  const ids: StreamId[] = [];
  for (let j = 3; j < args.length; j++) {
    const id = parseStrictId(args[j]!);
    if (id instanceof ErrorReply) return id;
    ids.push(id);
  }
  let acknowledged = 0;
  for (const id of ids) {
    const nack = found.group.pel.get(id);
    if (nack === undefined) continue;
    found.group.deleteNack(id, nack);
    acknowledged++;
    ctx.markDirty();
  }
  return acknowledged;
}

/** XPENDING key group [[IDLE min-idle-time] start end count [consumer]] */
function xpending(ctx: CommandContext, args: string[]): Reply {
  const argc = args.length;
  if (argc !== 3 && (argc < 6 || argc > 9)) return SYNTAX;
  let start: StreamId = ZERO_ID;
  let end: StreamId = ZERO_ID;
  let count = 0n;
  let minIdle = 0n;
  let consumerName: string | undefined;
  if (argc >= 6) {
    let startIdx = 3;
    if (is(args[3]!, 'idle')) {
      const n = parseBigInteger(args[4]!);
      if (n === undefined) return NOT_INTEGER;
      minIdle = n;
      if (argc < 8) return SYNTAX;
      startIdx += 2;
    }
    const c = parseBigInteger(args[startIdx + 2]!);
    if (c === undefined) return NOT_INTEGER;
    count = c < 0n ? 0n : c;
    const s = parseRangeStart(args[startIdx]!);
    if (s instanceof ErrorReply) return s;
    const e = parseRangeEnd(args[startIdx + 1]!);
    if (e instanceof ErrorReply) return e;
    start = s;
    end = e;
    if (startIdx + 3 < argc) consumerName = args[startIdx + 3]!;
  }
  const found = lookupGroup(ctx, args[1]!, args[2]!, false);
  if (found instanceof ErrorReply) return found;
  if (found === undefined) return noGroup(args[1]!, args[2]!);
  const { group } = found;
  if (argc === 3) {
    if (group.pel.size === 0) return [0, null, null, NULL_ARRAY];
    const perConsumer: Reply[] = [];
    for (const c of group.sortedConsumers()) {
      if (c.pel.size > 0) perConsumer.push([c.name, String(c.pel.size)]);
    }
    return [group.pel.size, formatId(group.pel.first()!), formatId(group.pel.last()!), perConsumer];
  }
  let pel = group.pel;
  if (consumerName !== undefined) {
    const consumer = group.lookupConsumer(consumerName, ctx.now, false);
    if (consumer === undefined) return [];
    pel = consumer.pel;
  }
  const out: Reply[] = [];
  for (const [id, nack] of pel.from(start)) {
    if (count === 0n || compareIds(id, end) > 0) break;
    if (minIdle && BigInt(ctx.now - nack.deliveryTime) < minIdle) continue;
    count--;
    const elapsed = Math.max(0, ctx.now - nack.deliveryTime);
    out.push([formatId(id), nack.consumer!.name, elapsed, nack.deliveryCount]);
  }
  return out;
}

/** Moves `nack` to `consumer` (both PELs). */
function assign(id: StreamId, nack: Nack, consumer: Consumer): void {
  if (nack.consumer !== consumer) {
    nack.consumer?.pel.delete(id);
    consumer.pel.set(id, nack);
    nack.consumer = consumer;
  }
}

/** XCLAIM key group consumer min-idle-time id [id ...] [IDLE ms] [TIME ms] [RETRYCOUNT n] [FORCE] [JUSTID] [LASTID id] */
function xclaim(ctx: CommandContext, args: string[]): Reply {
  const key = args[1]!;
  const groupName = args[2]!;
  const found = lookupGroup(ctx, key, groupName, true);
  if (found instanceof ErrorReply) return found;
  if (found === undefined) return noGroup(key, groupName);
  const { s, group } = found;
  const minIdleRaw = parseBigInteger(args[4]!);
  if (minIdleRaw === undefined) return err('Invalid min-idle-time argument for XCLAIM');
  const minIdle = minIdleRaw < 0n ? 0n : minIdleRaw;
  const ids: Array<{ id: StreamId; arg: string }> = [];
  let j = 5;
  for (; j < args.length; j++) {
    const id = parseStrictId(args[j]!);
    if (id instanceof ErrorReply) break;
    ids.push({ id, arg: args[j]! });
  }
  const now = ctx.now;
  let retryCount = -1n;
  let deliveryTime: bigint | undefined;
  let force = false;
  let justId = false;
  let lastId: StreamId = ZERO_ID;
  for (; j < args.length; j++) {
    const moreargs = args.length - 1 - j;
    const opt = args[j]!;
    if (is(opt, 'force')) {
      force = true;
    } else if (is(opt, 'justid')) {
      justId = true;
    } else if (is(opt, 'idle') && moreargs) {
      const n = parseBigInteger(args[++j]!);
      if (n === undefined) return err('Invalid IDLE option argument for XCLAIM');
      deliveryTime = BigInt(now) - n;
    } else if (is(opt, 'time') && moreargs) {
      const n = parseBigInteger(args[++j]!);
      if (n === undefined) return err('Invalid TIME option argument for XCLAIM');
      deliveryTime = n;
    } else if (is(opt, 'retrycount') && moreargs) {
      const n = parseBigInteger(args[++j]!);
      if (n === undefined) return err('Invalid RETRYCOUNT option argument for XCLAIM');
      retryCount = n;
    } else if (is(opt, 'lastid') && moreargs) {
      const id = parseStrictId(args[++j]!);
      if (id instanceof ErrorReply) return id;
      lastId = id;
    } else {
      return err(`Unrecognized XCLAIM option '${cstr(opt)}'`);
    }
  }
  let propagateLastId = false;
  if (compareIds(lastId, group.lastId) > 0) {
    group.lastId = lastId;
    propagateLastId = true;
  }
  // A delivery time in the future or before the epoch becomes now (not an error: clocks differ).
  const when = deliveryTime === undefined || deliveryTime < 0n || deliveryTime > BigInt(now) ? now : Number(deliveryTime);
  let consumer: Consumer | undefined;
  const out: Reply[] = [];
  for (const { id, arg } of ids) {
    let nack = group.pel.get(id);
    const entry = s.getEntry(id);
    if (entry === undefined) {
      // The entry is gone from the stream: its NACK is dropped, and that is propagated too.
      if (nack !== undefined) {
        propagateXclaim(ctx, key, groupName, group, arg, nack);
        propagateLastId = false;
        ctx.markDirty();
        group.deleteNack(id, nack);
      }
      continue;
    }
    if (force && nack === undefined) {
      nack = { deliveryTime: now, deliveryCount: 1n, consumer: undefined };
      group.pel.set(id, nack);
    }
    if (nack === undefined) continue;
    if (nack.consumer && minIdle && BigInt(now - nack.deliveryTime) < minIdle) continue;
    consumer ??= lookupOrCreateConsumer(ctx, group, args[3]!).consumer;
    nack.deliveryTime = when;
    if (retryCount >= 0n) nack.deliveryCount = retryCount;
    else if (!justId) nack.deliveryCount++;
    assign(id, nack, consumer);
    out.push(justId ? formatId(id) : entryReply(entry));
    propagateXclaim(ctx, key, groupName, group, arg, nack);
    propagateLastId = false;
    ctx.markDirty();
  }
  if (propagateLastId) {
    propagateGroupId(ctx, key, groupName, group);
    ctx.markDirty();
  }
  ctx.preventPropagation();
  return out;
}

/** XAUTOCLAIM key group consumer min-idle-time start [COUNT count] [JUSTID] */
function xautoclaim(ctx: CommandContext, args: string[]): Reply {
  const key = args[1]!;
  const groupName = args[2]!;
  const minIdleRaw = parseBigInteger(args[4]!);
  if (minIdleRaw === undefined) return err('Invalid min-idle-time argument for XAUTOCLAIM');
  const minIdle = minIdleRaw < 0n ? 0n : minIdleRaw;
  const start = parseRangeStart(args[5]!);
  if (start instanceof ErrorReply) return start;
  let count = 100n;
  let justId = false;
  const maxCount = 9223372036854775807n / 16n;
  for (let j = 6; j < args.length; j++) {
    const moreargs = args.length - 1 - j;
    if (is(args[j]!, 'count') && moreargs) {
      const n = parseBigInteger(args[j + 1]!);
      if (n === undefined || n < 1n || n > maxCount) return err('COUNT must be > 0');
      count = n;
      j++;
    } else if (is(args[j]!, 'justid')) {
      justId = true;
    } else {
      return SYNTAX;
    }
  }
  const s = lookupReadTyped(ctx, key, 'stream');
  if (s instanceof ErrorReply) return s;
  const group = s?.groups.get(groupName);
  if (s === undefined || group === undefined) return noGroup(key, groupName);
  beforeGroupWrite(ctx, key);
  let attempts = count * 10n;
  const now = ctx.now;
  let consumer: Consumer | undefined;
  const claimed: Reply[] = [];
  const deletedIds: Reply[] = [];
  const it = group.pel.from(start);
  while (attempts-- > 0n && count > 0n) {
    const next = it.next();
    if (next.done) break;
    const [id, nack] = next.value;
    const entry = s.getEntry(id);
    if (entry === undefined) {
      propagateXclaim(ctx, key, groupName, group, formatId(id), nack);
      ctx.markDirty();
      group.deleteNack(id, nack);
      deletedIds.push(formatId(id));
      count--;
      continue;
    }
    if (minIdle && BigInt(now - nack.deliveryTime) < minIdle) continue;
    consumer ??= lookupOrCreateConsumer(ctx, group, args[3]!).consumer;
    nack.deliveryTime = now;
    if (!justId) nack.deliveryCount++;
    assign(id, nack, consumer);
    claimed.push(justId ? formatId(id) : entryReply(entry));
    count--;
    propagateXclaim(ctx, key, groupName, group, formatId(id), nack);
    ctx.markDirty();
  }
  const after = it.next();
  const cursor = after.done ? '0-0' : formatId(after.value[0]);
  ctx.preventPropagation();
  return [cursor, claimed, deletedIds];
}

const XGROUP_SUB = { flags: ['write'] as const, acl: ['write', 'stream', 'slow'] as const, firstKey: 2, lastKey: 2, keyStep: 1 };

const xgroupCommand: CommandSpec = {
  name: 'xgroup', arity: -2, flags: [], acl: ['slow'], firstKey: 0, lastKey: 0, keyStep: 0,
  subcommands: {
    create: { name: 'create', arity: -5, ...XGROUP_SUB, flags: ['write', 'denyoom'], handler: xgroup },
    setid: { name: 'setid', arity: -5, ...XGROUP_SUB, handler: xgroup },
    destroy: { name: 'destroy', arity: 4, ...XGROUP_SUB, handler: xgroup },
    createconsumer: { name: 'createconsumer', arity: 5, ...XGROUP_SUB, flags: ['write', 'denyoom'], handler: xgroup },
    delconsumer: { name: 'delconsumer', arity: 5, ...XGROUP_SUB, handler: xgroup },
    help: {
      name: 'help', arity: 2, flags: ['loading', 'stale'], acl: ['stream', 'slow'], firstKey: 0, lastKey: 0, keyStep: 0,
      handler: () => helpReply('XGROUP', XGROUP_HELP),
    },
  },
};

const KEY1 = { firstKey: 1, lastKey: 1, keyStep: 1 } as const;

/** XGROUP, XACK, XPENDING, XCLAIM, XAUTOCLAIM. */
export const streamGroupCommands: CommandSpec[] = [
  xgroupCommand,
  { name: 'xack', arity: -4, flags: ['write', 'fast'], acl: ['write', 'stream', 'fast'], ...KEY1, handler: xack },
  { name: 'xpending', arity: -3, flags: ['readonly'], acl: ['read', 'stream', 'slow'], ...KEY1, handler: xpending },
  { name: 'xclaim', arity: -6, flags: ['write', 'fast'], acl: ['write', 'stream', 'fast'], ...KEY1, handler: xclaim },
  { name: 'xautoclaim', arity: -6, flags: ['write', 'fast'], acl: ['write', 'stream', 'fast'], ...KEY1, handler: xautoclaim },
];
