// Helpers every stream command file shares: node limits from the config, entry replies, ranges
// without a group, and whether the client must be obeyed (master, AOF).

import type { Reply } from '../resp/reply.js';
import type { CommandContext } from './command.js';
import type { StreamEntry, StreamNodeLimits, StreamValue } from '../keyspace/stream-value.js';
import { formatId, type StreamId } from '../keyspace/stream-id.js';

/** The configured node limits (stream-node-max-bytes, stream-node-max-entries). */
export function nodeLimits(ctx: CommandContext): StreamNodeLimits {
  return { maxBytes: ctx.config.getNumber('stream-node-max-bytes'), maxEntries: ctx.config.getNumber('stream-node-max-entries') };
}

/** One entry as replies carry it: [id, [field, value, ...]]. */
export function entryReply(e: StreamEntry): Reply {
  const fv: string[] = [];
  for (let i = 0; i < e.fields.length; i++) fv.push(e.fields[i]!, e.values[i]!);
  return [formatId(e.id), fv];
}

/** streamReplyWithRange without a group: entries in [start, end], at most `count` (0 = all). */
export function rangeReply(s: StreamValue, start: StreamId, end: StreamId, count: number, rev: boolean): Reply[] {
  const out: Reply[] = [];
  for (const e of s.iterate(start, end, rev)) {
    out.push(entryReply(e));
    if (count && out.length === count) break;
  }
  return out;
}

/**
 * mustObeyClient: commands from our master or from the AOF being loaded are applied as given
 * (the reference server marks an AOF load by pausing expiry for the whole replay).
 */
export function mustObey(ctx: CommandContext): boolean {
  return ctx.client.kind === 'master' || ctx.keyspace.expiryPaused;
}


/**
 * Tells point-in-time snapshots in progress (BGSAVE, AOF rewrite: the copy-on-write fork gives
 * Redis) that the stream at `key` is about to change. For the group commands that look the key up
 * for reading, as Redis does (XACK, XCLAIM, XAUTOCLAIM, XREADGROUP), yet modify groups and PELs.
 */
export function beforeGroupWrite(ctx: CommandContext, key: string): void {
  ctx.keyspace.lookupWrite(ctx.db, key);
}
