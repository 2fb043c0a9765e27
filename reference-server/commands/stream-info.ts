// XINFO STREAM [FULL [COUNT n]] / GROUPS / CONSUMERS / HELP (Redis 7.0 src/t_stream.c xinfoCommand,
// xinfoReplyWithStreamInfo). Maps are RESP2 flat arrays of name, value pairs.

import { ErrorReply, type Reply } from '../resp/reply.js';
import type { CommandContext, CommandSpec } from './command.js';
import { is, lookupReadTyped, parseBigInteger } from './args.js';
import { NOT_INTEGER, NO_SUCH_KEY, err } from './errors.js';
import { helpReply } from './help-text.js';
import type { StreamValue } from '../keyspace/stream-value.js';
import { INVALID_ENTRIES_READ, type ConsumerGroup } from '../keyspace/stream-group.js';
import { formatId, MAX_ID, ZERO_ID } from '../keyspace/stream-id.js';
import { entryReply, rangeReply } from './stream-shared.js';

function cstr(s: string): string {
  const i = s.indexOf('\0');
  return i < 0 ? s : s.slice(0, i);
}

function syntaxError(args: string[]): ErrorReply {
  return err(`unknown subcommand or wrong number of arguments for '${cstr(args[1]!).slice(0, 128)}'. Try XINFO HELP.`);
}

/** The stream at args[2], or "no such key" / WRONGTYPE. */
function lookup(ctx: CommandContext, args: string[]): StreamValue | ErrorReply {
  const s = lookupReadTyped(ctx, args[2]!, 'stream');
  if (s === undefined) return NO_SUCH_KEY;
  return s;
}

function entriesRead(g: ConsumerGroup): Reply {
  return g.entriesRead === INVALID_ENTRIES_READ ? null : g.entriesRead;
}

/** XINFO STREAM key [FULL [COUNT count]] */
function xinfoStream(ctx: CommandContext, args: string[]): Reply {
  // xinfoCommand looks the key up before the options are parsed.
  const s = lookup(ctx, args);
  if (s instanceof ErrorReply) return s;
  const opts = args.slice(3);
  let full = false;
  let count = 10;
  if (opts.length > 0) {
    if (opts.length !== 1 && opts.length !== 3) return syntaxError(args);
    if (!is(opts[0]!, 'full')) return syntaxError(args);
    if (opts.length === 3) {
      if (!is(opts[1]!, 'count')) return syntaxError(args);
      const n = parseBigInteger(opts[2]!);
      if (n === undefined) return NOT_INTEGER;
      count = n < 0n ? 10 : Number(n);
    }
    full = true;
  }
  const out: Reply[] = [
    'length', s.length,
    'radix-tree-keys', s.nodes.length,
    'radix-tree-nodes', s.raxNodeCount(),
    'last-generated-id', formatId(s.lastId),
    'max-deleted-entry-id', formatId(s.maxDeletedId),
    'entries-added', s.entriesAdded,
    'recorded-first-entry-id', formatId(s.firstId),
  ];
  if (!full) {
    const first = s.iterate(ZERO_ID, MAX_ID, false).next();
    const last = s.iterate(ZERO_ID, MAX_ID, true).next();
    out.push('groups', s.groups.size);
    out.push('first-entry', first.done ? null : entryReply(first.value));
    out.push('last-entry', last.done ? null : entryReply(last.value));
    return out;
  }
  out.push('entries', rangeReply(s, ZERO_ID, MAX_ID, count, false));
  const groups: Reply[] = [];
  for (const [name, g] of s.sortedGroups()) {
    const pending: Reply[] = [];
    for (const [id, nack] of g.pel.from()) {
      if (count && pending.length >= count) break;
      pending.push([formatId(id), nack.consumer!.name, nack.deliveryTime, nack.deliveryCount]);
    }
    const consumers: Reply[] = [];
    for (const c of g.sortedConsumers()) {
      const cpending: Reply[] = [];
      for (const [id, nack] of c.pel.from()) {
        if (count && cpending.length >= count) break;
        cpending.push([formatId(id), nack.deliveryTime, nack.deliveryCount]);
      }
      consumers.push(['name', c.name, 'seen-time', c.seenTime, 'pel-count', c.pel.size, 'pending', cpending]);
    }
    groups.push([
      'name', name,
      'last-delivered-id', formatId(g.lastId),
      'entries-read', entriesRead(g),
      'lag', s.lag(g),
      'pel-count', g.pel.size,
      'pending', pending,
      'consumers', consumers,
    ]);
  }
  out.push('groups', groups);
  return out;
}

/** XINFO GROUPS key */
function xinfoGroups(ctx: CommandContext, args: string[]): Reply {
  const s = lookup(ctx, args);
  if (s instanceof ErrorReply) return s;
  return s.sortedGroups().map(([name, g]) => [
    'name', name,
    'consumers', g.consumers.size,
    'pending', g.pel.size,
    'last-delivered-id', formatId(g.lastId),
    'entries-read', entriesRead(g),
    'lag', s.lag(g),
  ]);
}

/** XINFO CONSUMERS key group */
function xinfoConsumers(ctx: CommandContext, args: string[]): Reply {
  const s = lookup(ctx, args);
  if (s instanceof ErrorReply) return s;
  const g = s.groups.get(args[3]!);
  if (g === undefined) return new ErrorReply(`NOGROUP No such consumer group '${cstr(args[3]!)}' for key name '${cstr(args[2]!)}'`);
  return g.sortedConsumers().map((c) => ['name', c.name, 'pending', c.pel.size, 'idle', Math.max(0, ctx.now - c.seenTime)]);
}

const XINFO_HELP = [
  'CONSUMERS <key> <group>', '    The consumers of a group with their pending counts and idle times.',
  'GROUPS <key>', '    The consumer groups of a stream.',
  'STREAM <key> [FULL [COUNT <n>]]', '    A summary of a stream, or (FULL) its entries, groups, PELs and consumers.',
];

const SUB = { flags: ['readonly'] as const, acl: ['read', 'stream', 'slow'] as const, firstKey: 2, lastKey: 2, keyStep: 1 };

/** XINFO. */
export const streamInfoCommands: CommandSpec[] = [
  {
    name: 'xinfo', arity: -2, flags: [], acl: ['slow'], firstKey: 0, lastKey: 0, keyStep: 0,
    subcommands: {
      consumers: { name: 'consumers', arity: 4, ...SUB, handler: xinfoConsumers },
      groups: { name: 'groups', arity: 3, ...SUB, handler: xinfoGroups },
      stream: { name: 'stream', arity: -3, ...SUB, handler: xinfoStream },
      help: {
        name: 'help', arity: 2, flags: ['loading', 'stale'], acl: ['stream', 'slow'], firstKey: 0, lastKey: 0, keyStep: 0,
        handler: () => helpReply('XINFO', XINFO_HELP),
      },
    },
  },
];
