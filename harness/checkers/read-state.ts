// Reads a live server's final state for the checkers: DEBUG DIGEST (the same digest the model
// computes; from reads when DEBUG is refused) and, for diffs, a key-level dump of db 0.

import type { Redis } from 'ioredis';
import { canonicalEntryJson, type KeyDump } from './dataset-diff.js';
import { readDigest } from './read-digest.js';

const byBytes = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * DEBUG DIGEST of the server; computed from ordinary reads (readDigest) when the server refuses
 * DEBUG or does not know it, so any RESP server can be checked.
 */
export async function digestOf(c: Redis): Promise<string> {
  try {
    return String(await c.call('DEBUG', 'DIGEST'));
  } catch (e) {
    if (!debugUnavailable(e)) throw e;
    return readDigest(c);
  }
}

/** An error reply that says DEBUG (or its DIGEST subcommand) is not there or not allowed. */
function debugUnavailable(e: unknown): boolean {
  if (!(e instanceof Error) || e.name !== 'ReplyError') return false;
  return /unknown command|unknown subcommand|not allowed|disabled|NOPERM/i.test(e.message);
}

function pairs(flat: string[]): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (let i = 0; i + 1 < flat.length; i += 2) out.push([flat[i]!, flat[i + 1]!]);
  return out;
}

/** The canonical key-level dump of db 0 (the form checkers' dumpDatabases gives for the model). */
export async function dumpOf(c: Redis): Promise<KeyDump> {
  const out: KeyDump = {};
  let cursor = '0';
  const keys: string[] = [];
  for (let i = 0; i < 10_000; i++) {
    const [next, batch] = (await c.scan(cursor, 'COUNT', 1000)) as [string, string[]];
    keys.push(...batch);
    cursor = next;
    if (cursor === '0') break;
  }
  for (const k of [...new Set(keys)].sort(byBytes)) {
    const type = await c.type(k);
    let value: unknown;
    if (type === 'string') value = await c.get(k);
    else if (type === 'list') value = await c.lrange(k, 0, -1);
    else if (type === 'set') value = (await c.smembers(k)).sort(byBytes);
    else if (type === 'hash') value = pairs((await c.call('HGETALL', k)) as string[]).sort((a, b) => byBytes(a[0], b[0]));
    else if (type === 'zset') value = pairs(await c.zrange(k, 0, -1, 'WITHSCORES')).map(([m, s]) => [m, Number(s)]);
    else if (type === 'none') continue;
    else value = `<${type}>`;
    out[`db0:${k}`] = canonicalEntryJson(type, value);
  }
  return out;
}
