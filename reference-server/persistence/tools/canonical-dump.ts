// A canonical JSON form of a dataset, independent of encodings and iteration order, so datasets
// from different servers can be compared and diffed key by key (`durability-lab rdb dump`).

import type { RedisValue } from '../../keyspace/value.js';
import type { StreamValue } from '../../keyspace/stream-value.js';
import { formatId } from '../../keyspace/stream-id.js';

/** A stream in canonical form: entries, metadata, groups with their PELs and consumers. */
export interface CanonicalStream {
  entries: Array<[string, string[]]>;
  lastId: string;
  firstId: string;
  maxDeletedId: string;
  entriesAdded: string;
  groups: Array<{
    name: string;
    lastId: string;
    entriesRead: string;
    pending: Array<[string, string, number, string]>;
    consumers: Array<{ name: string; seenTime: number; pending: string[] }>;
  }>;
}

/** One key in canonical form. Byte strings stay JS strings of char codes 0..255. */
export interface CanonicalEntry {
  type: RedisValue['type'];
  value: string | string[] | Array<[string, string]> | Array<[string, number | string]> | CanonicalStream;
  expireAt?: number;
}

export type CanonicalDataset = Record<string, Record<string, CanonicalEntry>>;

const byBytes = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Canonical form of one value: sets and hashes sorted, lists and sorted sets in order. */
export function canonicalValue(v: RedisValue): CanonicalEntry['value'] {
  switch (v.type) {
    case 'string':
      return v.data;
    case 'list':
      return [...v.items];
    case 'set':
      return [...v.members].sort(byBytes);
    case 'hash':
      return [...v.map.entries()].sort((a, b) => byBytes(a[0], b[0]));
    case 'zset':
      return v.entries().map((e) => [e.member, Number.isFinite(e.score) ? e.score : String(e.score)] as [string, number | string]);
    case 'stream':
      return canonicalStream(v);
  }
}

function canonicalStream(s: StreamValue): CanonicalStream {
  const entries: Array<[string, string[]]> = [];
  for (const e of s.iterate()) {
    const fv: string[] = [];
    for (let i = 0; i < e.fields.length; i++) fv.push(e.fields[i]!, e.values[i]!);
    entries.push([formatId(e.id), fv]);
  }
  return {
    entries,
    lastId: formatId(s.lastId),
    firstId: formatId(s.firstId),
    maxDeletedId: formatId(s.maxDeletedId),
    entriesAdded: String(s.entriesAdded),
    groups: s.sortedGroups().map(([name, g]) => ({
      name,
      lastId: formatId(g.lastId),
      entriesRead: String(g.entriesRead),
      pending: [...g.pel.from()].map(([id, n]) => [formatId(id), n.consumer?.name ?? '', n.deliveryTime, String(n.deliveryCount)] as [string, string, number, string]),
      consumers: g.sortedConsumers().map((c) => ({ name: c.name, seenTime: c.seenTime, pending: [...c.pel.from()].map(([id]) => formatId(id)) })),
    })),
  };
}

/** Builds the canonical dataset from (db, key, value, expireAt) rows. */
export function canonicalDataset(rows: Iterable<readonly [number, string, RedisValue, number | undefined]>): CanonicalDataset {
  const out: CanonicalDataset = {};
  const sorted = [...rows].sort((a, b) => a[0] - b[0] || byBytes(a[1], b[1]));
  for (const [db, key, value, expireAt] of sorted) {
    const name = `db${db}`;
    out[name] ??= {};
    const entry: CanonicalEntry = { type: value.type, value: canonicalValue(value) };
    if (expireAt !== undefined) entry.expireAt = expireAt;
    out[name]![key] = entry;
  }
  return out;
}

/** JSON text of a canonical dataset, stable byte for byte for equal datasets. */
export function canonicalJson(d: CanonicalDataset): string {
  return JSON.stringify(d, null, 2);
}
