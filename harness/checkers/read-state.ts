// Reads a live server's final state for the checkers: DEBUG DIGEST (the same digest the model
// computes; from reads when DEBUG is refused) and, for diffs, a key-level dump of every db.

import type { Redis } from 'ioredis';
import { canonicalEntryJson, type KeyDump } from './dataset-diff.js';
import { keyedDbs, keysOf, readDigest } from './read-digest.js';
import type { CanonicalStream } from '../../reference-server/persistence/tools/canonical-dump.js';

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

/** Byte strings as the model holds them: JS strings of char codes 0..255. */
const latin1 = (v: unknown): string => (Buffer.isBuffer(v) ? v.toString('latin1') : v === null ? '' : String(v));

function pairs(flat: unknown[]): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (let i = 0; i + 1 < flat.length; i += 2) out.push([latin1(flat[i]), latin1(flat[i + 1])]);
  return out;
}

/** A RESP2 map reply (flat name, value, ...) as an object keyed by name. */
function fields(flat: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const a = flat as unknown[];
  for (let i = 0; i + 1 < a.length; i += 2) out[latin1(a[i])] = a[i + 1];
  return out;
}

/** A zset score as the model's canonical form has it: a number, or 'Infinity' / '-Infinity'. */
function score(s: string): number | string {
  if (s === 'inf' || s === '+inf') return 'Infinity';
  if (s === '-inf') return '-Infinity';
  return Number(s);
}

/** A stream in the model's canonical form, from XINFO STREAM key FULL COUNT 0 (every entry and PEL). */
async function streamOf(c: Redis, key: Buffer): Promise<CanonicalStream> {
  const f = fields(await c.callBuffer('XINFO', 'STREAM', key, 'FULL', 'COUNT', '0'));
  const entries = ((f.entries as Array<[Buffer, Buffer[]]>) ?? []).map(([id, fv]) => [latin1(id), fv.map(latin1)] as [string, string[]]);
  const groups = ((f.groups as unknown[]) ?? []).map((raw) => {
    const g = fields(raw);
    return {
      name: latin1(g.name),
      lastId: latin1(g['last-delivered-id']),
      entriesRead: g['entries-read'] === null ? '-1' : latin1(g['entries-read']),
      pending: ((g.pending as unknown[][]) ?? []).map(([id, consumer, at, count]) => [latin1(id), latin1(consumer), Number(at), latin1(count)] as [string, string, number, string]),
      consumers: ((g.consumers as unknown[]) ?? []).map((rc) => {
        const k = fields(rc);
        return { name: latin1(k.name), seenTime: Number(k['seen-time']), pending: ((k.pending as unknown[][]) ?? []).map(([id]) => latin1(id)) };
      }).sort((a, b) => byBytes(a.name, b.name)),
    };
  }).sort((a, b) => byBytes(a.name, b.name));
  return {
    entries,
    lastId: latin1(f['last-generated-id']),
    firstId: latin1(f['recorded-first-entry-id']),
    maxDeletedId: latin1(f['max-deleted-entry-id']),
    entriesAdded: latin1(f['entries-added']),
    groups,
  };
}

/** One key's value in the model's canonical form, or undefined when the key is gone. */
async function valueOf(c: Redis, key: Buffer, type: string): Promise<unknown> {
  if (type === 'string') return latin1(await c.callBuffer('GET', key));
  if (type === 'list') return ((await c.callBuffer('LRANGE', key, '0', '-1')) as Buffer[]).map(latin1);
  if (type === 'set') return ((await c.callBuffer('SMEMBERS', key)) as Buffer[]).map(latin1).sort(byBytes);
  if (type === 'hash') return pairs((await c.callBuffer('HGETALL', key)) as Buffer[]).sort((a, b) => byBytes(a[0], b[0]));
  if (type === 'zset') return pairs((await c.callBuffer('ZRANGE', key, '0', '-1', 'WITHSCORES')) as Buffer[]).map(([m, s]) => [m, score(s)]);
  if (type === 'stream') return streamOf(c, key);
  return `<${type}>`;
}

/**
 * The canonical key-level dump (the form dumpDatabases gives for the model) of every db that INFO
 * keyspace lists, read binary-safe with SCAN and each type's read. Leaves the client in db 0.
 */
export async function dumpOf(c: Redis): Promise<KeyDump> {
  const out: KeyDump = {};
  try {
    for (const db of await keyedDbs(c)) {
      if (db !== 0) await c.callBuffer('SELECT', String(db));
      const keys = await keysOf(c);
      keys.sort((a, b) => byBytes(a.toString('latin1'), b.toString('latin1')));
      for (const key of keys) {
        const type = latin1(await c.callBuffer('TYPE', key));
        if (type === 'none') continue;
        out[`db${db}:${key.toString('latin1')}`] = canonicalEntryJson(type, await valueOf(c, key, type));
      }
    }
  } finally {
    await c.callBuffer('SELECT', '0').catch(() => undefined);
  }
  return out;
}
