// Reads a live server's final state for the checkers: DEBUG DIGEST (the same digest the model
// computes) and, for diffs, a canonical key-level dump of db 0 read with SCAN and the type's reads.

import type { Redis } from 'ioredis';
import { canonicalEntryJson, type KeyDump } from './dataset-diff.js';

const byBytes = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** DEBUG DIGEST of the server. */
export async function digestOf(c: Redis): Promise<string> {
  return String(await c.call('DEBUG', 'DIGEST'));
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
