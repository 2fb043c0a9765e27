// A key-level dataset form shared by every checker (`db<N>:<key>` -> canonical JSON of type and
// value, as reference-server/persistence/tools/canonical-dump.ts defines it) and the diff of two.
// Built from the model's keyspace here, or from a live server by read-state.ts.

import type { Database } from '../../reference-server/keyspace/keyspace.js';
import { canonicalValue } from '../../reference-server/persistence/tools/canonical-dump.js';

/** `db<N>:<key>` -> `{"type":...,"value":...}` (canonical: sets and hashes sorted). */
export type KeyDump = Record<string, string>;

/** How two datasets differ, key by key. */
export interface DatasetDiff {
  /** Keys the expected dataset has and the actual one lacks. */
  missing: string[];
  /** Keys only the actual dataset has. */
  extra: string[];
  /** Keys in both with different type or value. */
  changed: Array<{ key: string; expected: string; actual: string }>;
}

/** The canonical JSON of one entry; expiry is left out (compared by the digest). */
export function canonicalEntryJson(type: string, value: unknown): string {
  return JSON.stringify({ type, value });
}

/** The key-level form of the model's databases. */
export function dumpDatabases(dbs: readonly Database[]): KeyDump {
  const out: KeyDump = {};
  for (const db of dbs) {
    for (const [key, value] of db.dict) out[`db${db.id}:${key}`] = canonicalEntryJson(value.type, canonicalValue(value));
  }
  return out;
}

/** The key-level diff from `expected` to `actual`, keys in sorted order. */
export function diffDatasets(expected: KeyDump, actual: KeyDump): DatasetDiff {
  const keys = [...new Set([...Object.keys(expected), ...Object.keys(actual)])].sort();
  const diff: DatasetDiff = { missing: [], extra: [], changed: [] };
  for (const key of keys) {
    const e = expected[key];
    const a = actual[key];
    if (a === undefined) diff.missing.push(key);
    else if (e === undefined) diff.extra.push(key);
    else if (e !== a) diff.changed.push({ key, expected: e, actual: a });
  }
  return diff;
}

/** Number of differing keys. */
export function diffSize(d: DatasetDiff): number {
  return d.missing.length + d.extra.length + d.changed.length;
}

/** A short human reading of a diff (first `limit` keys of each kind). */
export function describeDiff(d: DatasetDiff, limit = 5): string {
  if (diffSize(d) === 0) return 'no key-level difference';
  const parts: string[] = [];
  if (d.missing.length) parts.push(`missing ${d.missing.slice(0, limit).join(', ')}${d.missing.length > limit ? ` (+${d.missing.length - limit})` : ''}`);
  if (d.extra.length) parts.push(`extra ${d.extra.slice(0, limit).join(', ')}${d.extra.length > limit ? ` (+${d.extra.length - limit})` : ''}`);
  if (d.changed.length) parts.push(`changed ${d.changed.slice(0, limit).map((c) => `${c.key}: expected ${c.expected}, got ${c.actual}`).join('; ')}${d.changed.length > limit ? ` (+${d.changed.length - limit})` : ''}`);
  return parts.join('; ');
}
