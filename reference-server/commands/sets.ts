// The set commands that add, remove, test and scan members (Redis 7.0 src/t_set.c saddCommand,
// sremCommand, smoveCommand, sismemberCommand ...), and the family's command table, which also
// lists the random (sets-random.ts) and algebra (sets-setops.ts) commands.

import { ErrorReply, type Reply } from '../resp/reply.js';
import type { CommandContext, CommandSpec } from './command.js';
import { lookupReadTyped, lookupWriteTyped } from './args.js';
import { WRONGTYPE } from './errors.js';
import { SetValue, createSetFor, setAddMember } from '../keyspace/set-value.js';
import { globMatch } from '../keyspace/glob.js';
import { parseScanCursor, parseScanOptions } from './keys.js';
import { scanStep } from './scan-cursor.js';
import { spop, srandmember } from './sets-random.js';
import { maxIntsetEntries, setAlgebraCommands } from './sets-setops.js';

/** SADD key member [member ...]: a new key's encoding follows its first member (setTypeCreate). */
function sadd(ctx: CommandContext, args: string[]): Reply {
  const key = args[1]!;
  let s = lookupWriteTyped(ctx, key, 'set');
  if (s instanceof ErrorReply) return s;
  const created = s === undefined;
  if (s === undefined) {
    s = createSetFor(args[2]!);
    ctx.keyspace.add(ctx.db, key, s);
  }
  const max = maxIntsetEntries(ctx);
  let added = 0;
  for (let i = 2; i < args.length; i++) if (setAddMember(s, args[i]!, max)) added++;
  if (added > 0 && !created) ctx.keyspace.modified(ctx.db, key);
  ctx.markDirty(added);
  return added;
}

/** SREM key member [member ...]: deletes the key with its last member. */
function srem(ctx: CommandContext, args: string[]): Reply {
  const key = args[1]!;
  const s = lookupWriteTyped(ctx, key, 'set');
  if (s === undefined) return 0;
  if (s instanceof ErrorReply) return s;
  let deleted = 0;
  let removed = false;
  for (let i = 2; i < args.length; i++) {
    if (s.members.delete(args[i]!)) {
      deleted++;
      if (s.members.size === 0) {
        ctx.keyspace.delete(ctx.db, key);
        removed = true;
        break;
      }
    }
  }
  if (deleted > 0) {
    if (!removed) ctx.keyspace.modified(ctx.db, key);
    ctx.markDirty(deleted);
  }
  return deleted;
}

/**
 * SMOVE source destination member. A missing source answers 0 before any type check; the same
 * key on both sides only tests membership (smoveCommand).
 */
function smove(ctx: CommandContext, args: string[]): Reply {
  const [, srcKey, dstKey, member] = args as [string, string, string, string];
  const src = ctx.keyspace.lookupWrite(ctx.db, srcKey);
  let dst = ctx.keyspace.lookupWrite(ctx.db, dstKey);
  if (src === undefined) return 0;
  if (src.type !== 'set' || (dst !== undefined && dst.type !== 'set')) return WRONGTYPE;
  if (src === dst) return src.members.has(member) ? 1 : 0;
  if (!src.members.delete(member)) return 0;
  if (src.members.size === 0) ctx.keyspace.delete(ctx.db, srcKey);
  else ctx.keyspace.modified(ctx.db, srcKey);
  ctx.markDirty();
  if (dst === undefined) {
    dst = createSetFor(member);
    ctx.keyspace.add(ctx.db, dstKey, dst);
  }
  if (setAddMember(dst, member, maxIntsetEntries(ctx))) {
    ctx.keyspace.modified(ctx.db, dstKey);
    ctx.markDirty();
  }
  return 1;
}

/** A read-only handler over an existing set, with `missing` as the reply for an absent key. */
function reader(missing: Reply, read: (s: SetValue, args: string[]) => Reply) {
  return (ctx: CommandContext, args: string[]): Reply => {
    const s = lookupReadTyped(ctx, args[1]!, 'set');
    if (s === undefined) return missing;
    if (s instanceof ErrorReply) return s;
    return read(s, args);
  };
}

/** SSCAN key cursor [MATCH pattern] [COUNT count]: an intset is returned whole with cursor 0. */
function sscan(ctx: CommandContext, args: string[]): Reply {
  const cursor = parseScanCursor(args[2]!);
  if (cursor instanceof ErrorReply) return cursor;
  const s = lookupReadTyped(ctx, args[1]!, 'set');
  if (s === undefined) return ['0', []];
  if (s instanceof ErrorReply) return s;
  const opts = parseScanOptions(args, 3, false);
  if (opts instanceof ErrorReply) return opts;
  const match = (m: string): boolean => opts.pattern === undefined || globMatch(opts.pattern, m);
  if (s.encoding === 'intset') return ['0', s.ordered().filter(match)];
  const { next, found } = scanStep(s.members, cursor, opts.count);
  return [String(next), found.filter(match)];
}

const SET = 'set';
const KEY1 = { firstKey: 1, lastKey: 1, keyStep: 1 } as const;
const READ_FAST = { flags: ['readonly', 'fast'], acl: ['read', SET, 'fast'], ...KEY1 } as const;
const READ_SLOW = { flags: ['readonly'], acl: ['read', SET, 'slow'], ...KEY1 } as const;

/** Every set command, as COMMAND INFO in Redis 7.0.15 describes them. */
export const setsCommands: CommandSpec[] = [
  { name: 'sadd', arity: -3, flags: ['write', 'denyoom', 'fast'], acl: ['write', SET, 'fast'], ...KEY1, handler: sadd },
  { name: 'srem', arity: -3, flags: ['write', 'fast'], acl: ['write', SET, 'fast'], ...KEY1, handler: srem },
  { name: 'smove', arity: 4, flags: ['write', 'fast'], acl: ['write', SET, 'fast'], firstKey: 1, lastKey: 2, keyStep: 1, handler: smove },
  { name: 'spop', arity: -2, flags: ['write', 'fast'], acl: ['write', SET, 'fast'], ...KEY1, handler: spop },
  { name: 'srandmember', arity: -2, ...READ_SLOW, handler: srandmember },
  // SMEMBERS is sinterCommand over one key in 7.0: the set's own iteration order.
  { name: 'smembers', arity: 2, ...READ_SLOW, handler: reader([], (s) => s.ordered()) },
  { name: 'sismember', arity: 3, ...READ_FAST, handler: reader(0, (s, args) => (s.members.has(args[2]!) ? 1 : 0)) },
  {
    name: 'smismember', arity: -3, ...READ_FAST,
    handler(ctx, args) {
      // A missing key is an empty set: one 0 per member.
      const s = lookupReadTyped(ctx, args[1]!, 'set');
      if (s instanceof ErrorReply) return s;
      const out: number[] = [];
      for (let i = 2; i < args.length; i++) out.push(s?.members.has(args[i]!) ? 1 : 0);
      return out;
    },
  },
  { name: 'scard', arity: 2, ...READ_FAST, handler: reader(0, (s) => s.members.size) },
  { name: 'sscan', arity: -3, ...READ_SLOW, handler: sscan },
  ...setAlgebraCommands,
];
