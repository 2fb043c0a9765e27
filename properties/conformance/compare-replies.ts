// Decides whether two replies to the same command agree: byte equality, or for the reply kinds
// of reply-kinds.ts a canonical comparison. EXEC replies are compared element by element.

import { describeValue, type Argv, type RespValue } from '../../harness/index.js';
import { commandInfoForm, commandInfoNotIn, maskHelloId, sameValue, sortedForm, ttlAgrees } from './canonical.js';
import { randomShape, type PreState } from './random-replies.js';
import { replyKind } from './reply-kinds.js';
import { maskStreamClock } from './stream-replies.js';

/** What was read from redis-server just before the command (top level only). */
export interface CommandContext {
  /** OBJECT ENCODING of the keys involved ('none' for a missing key), for `by-encoding` kinds. */
  encodings?: string[];
  /** Pre-state for random commands. */
  pre?: PreState;
}

/** The verdict on one pair of replies. */
export type Agreement = { ok: true } | { ok: false; why: string };

const FIXED_ORDER = new Set(['intset', 'listpack', 'none']);

/** Compares decoded replies (raw bytes were already found to differ, or are unavailable inside EXEC). */
export function compareValues(argv: Argv, redis: RespValue, ref: RespValue, ctx: CommandContext): Agreement {
  const kind = replyKind(argv);
  const differ = (why: string): Agreement => ({ ok: false, why });
  switch (kind) {
    case 'exact':
      return sameValue(redis, ref) ? { ok: true } : differ('replies differ');
    case 'unordered':
      return sortedForm(redis, false) === sortedForm(ref, false) ? { ok: true } : differ('different elements (compared as multisets)');
    case 'by-encoding': {
      const pairs = argv[0]!.toLowerCase() === 'hgetall';
      const fixed = ctx.encodings !== undefined && ctx.encodings.every((e) => FIXED_ORDER.has(e));
      if (fixed) return sameValue(redis, ref) ? { ok: true } : differ(`replies differ (order is fixed: encodings ${ctx.encodings!.join(',')})`);
      return sortedForm(redis, pairs) === sortedForm(ref, pairs) ? { ok: true } : differ('different elements (hashtable order ignored)');
    }
    case 'random': {
      if (!ctx.pre) return sameValue(redis, ref) ? { ok: true } : differ('replies differ (no pre-state)');
      const a = randomShape(argv, redis, ctx.pre);
      const b = randomShape(argv, ref, ctx.pre);
      if (a.startsWith('INVALID')) return differ(`redis-server reply fails the harness's check (harness bug?): ${a}`);
      if (b.startsWith('INVALID')) return differ(`reference reply ${b}`);
      return a === b ? { ok: true } : differ(`redis-server: ${a}; reference: ${b}`);
    }
    case 'ttl': {
      const ms = argv[0]!.toLowerCase().startsWith('p');
      return ttlAgrees(redis, ref, ms ? 2000n : 2n) ? { ok: true } : differ('TTLs differ beyond the tolerance');
    }
    case 'idletime': {
      const bothIdle = redis.kind === 'integer' && ref.kind === 'integer' && redis.value >= 0n && ref.value >= 0n;
      return bothIdle || sameValue(redis, ref) ? { ok: true } : differ('replies differ');
    }
    case 'hello':
      return sameValue(maskHelloId(redis), maskHelloId(ref)) ? { ok: true } : differ('replies differ (id masked)');
    case 'command-info': {
      if (argv.length > 2) return commandInfoForm(redis) === commandInfoForm(ref) ? { ok: true } : differ('COMMAND INFO differs (subcommand lists sorted)');
      // Without names Redis lists its whole table, and the reference server implements a subset:
      // each command and subcommand it lists must be redis-server's entry for it, byte for byte.
      const extra = commandInfoNotIn(redis, ref);
      return extra.length === 0 ? { ok: true } : differ(`COMMAND INFO lists ${extra.length} entries redis-server does not give, first: ${extra[0]!.slice(0, 300)}`);
    }
    case 'scan':
      return sameValue(redis, ref) ? { ok: true } : differ('scan replies differ');
    case 'stream':
      return sameValue(maskStreamClock(argv, redis), maskStreamClock(argv, ref)) ? { ok: true } : differ('replies differ (clock-made IDs and times masked)');
  }
}

/** Compares EXEC replies: same shape, then each queued command's reply with its own kind. */
export function compareExec(queued: readonly Argv[], redis: RespValue, ref: RespValue): Agreement {
  if (redis.kind !== 'array' || ref.kind !== 'array' || redis.items === null || ref.items === null || redis.items.length !== ref.items.length || redis.items.length !== queued.length) {
    return sameValue(redis, ref) ? { ok: true } : { ok: false, why: 'EXEC replies differ' };
  }
  for (let i = 0; i < queued.length; i++) {
    const verdict = compareValues(queued[i]!, redis.items[i]!, ref.items[i]!, {});
    if (!verdict.ok) return { ok: false, why: `EXEC element ${i} (${queued[i]![0]}): ${verdict.why}: ${describeValue(redis.items[i]!)} vs ${describeValue(ref.items[i]!)}` };
  }
  return { ok: true };
}
