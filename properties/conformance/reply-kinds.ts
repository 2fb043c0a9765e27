// How each command's reply is compared: exactly (most), or after a canonicalisation that still
// checks it (random picks, SCAN iterations, hash-table orders, TTLs measured at slightly different times).

import type { Argv } from '../../harness/index.js';

/** The comparison a reply gets. */
export type ReplyKind =
  | 'exact'
  | 'unordered' // KEYS, SUNION/SDIFF: order free unless the encoding fixes it (see compare-replies.ts)
  | 'by-encoding' // SMEMBERS/HGETALL/HKEYS/HVALS/SINTER: exact for intset/listpack, sorted for hashtable
  | 'random' // SPOP SRANDMEMBER HRANDFIELD ZRANDMEMBER RANDOMKEY: checked against the pre-state
  | 'scan' // SCAN HSCAN SSCAN ZSCAN: iterated to cursor 0 on each side, the unions compared
  | 'ttl' // TTL PTTL EXPIRETIME PEXPIRETIME: equal within a tolerance when positive
  | 'idletime' // OBJECT IDLETIME: any non-negative integer on both sides
  | 'hello' // HELLO: the `id` field masked
  | 'command-info' // COMMAND INFO: subcommand lists (and the whole list without names) sorted
  | 'stream'; // XADD * / XINFO / XPENDING: clock-made IDs and times masked (stream-replies.ts)

const KINDS: Record<string, ReplyKind> = {
  keys: 'unordered', sunion: 'unordered', sdiff: 'unordered',
  smembers: 'by-encoding', hgetall: 'by-encoding', hkeys: 'by-encoding', hvals: 'by-encoding', sinter: 'by-encoding',
  spop: 'random', srandmember: 'random', hrandfield: 'random', zrandmember: 'random', randomkey: 'random',
  scan: 'scan', hscan: 'scan', sscan: 'scan', zscan: 'scan',
  ttl: 'ttl', pttl: 'ttl', expiretime: 'ttl', pexpiretime: 'ttl',
  hello: 'hello',
  xadd: 'stream', xinfo: 'stream', xpending: 'stream',
};

/** The reply kind of a command. */
export function replyKind(argv: Argv): ReplyKind {
  const name = argv[0]!.toLowerCase();
  if (name === 'object' && argv[1]?.toLowerCase() === 'idletime') return 'idletime';
  // COMMAND INFO lists commands (without names) and subcommands in command-table (hash) order.
  if (name === 'command' && (argv.length === 1 || argv[1]!.toLowerCase() === 'info')) return 'command-info';
  return KINDS[name] ?? 'exact';
}

const LEX_COMMANDS = new Set(['zrangebylex', 'zrevrangebylex', 'zlexcount', 'zremrangebylex']);

/**
 * The sorted set a BYLEX walk reads, if `argv` is one. Redis defines lex ranges only when all
 * scores are equal; with mixed scores a skiplist answers by its random levels (zslFirstInLexRange
 * in t_zset.c), so the runner checks the scores first and leaves such a command out.
 */
export function lexRangeKey(argv: Argv): string | undefined {
  const name = argv[0]!.toLowerCase();
  if (LEX_COMMANDS.has(name)) return argv[1];
  const bylex = argv.some((a) => a.toLowerCase() === 'bylex');
  if (name === 'zrange' && bylex) return argv[1];
  if (name === 'zrangestore' && bylex) return argv[2];
  return undefined;
}

/** Whether the command must run outside MULTI (its check needs state read just before it runs). */
export function needsTopLevel(argv: Argv): boolean {
  const kind = replyKind(argv);
  return kind === 'random' || kind === 'scan' || lexRangeKey(argv) !== undefined;
}
