// Canonical forms of replies whose order or timing legitimately differs between two correct
// servers: sorted element lists, TTLs within a tolerance, HELLO with its connection id masked.

import { describeValue, type RespValue } from '../../harness/index.js';

/** Deep structural equality of two decoded replies. */
export function sameValue(a: RespValue, b: RespValue): boolean {
  return describeValue(a) === describeValue(b);
}

/** The reply with array elements (or element pairs) sorted: a multiset comparison. */
export function sortedForm(v: RespValue, pairs: boolean): string {
  if (v.kind !== 'array' || v.items === null) return describeValue(v);
  const items = v.items.map(describeValue);
  const groups: string[] = [];
  if (pairs) for (let i = 0; i < items.length; i += 2) groups.push(`${items[i]}=>${items[i + 1]}`);
  else groups.push(...items);
  return `sorted[${groups.sort().join(', ')}]`;
}

/** TTL-like integers agree when both are non-negative and within `tolerance`, else must be equal. */
export function ttlAgrees(a: RespValue, b: RespValue, tolerance: bigint): boolean {
  if (a.kind === 'integer' && b.kind === 'integer' && a.value >= 0n && b.value >= 0n) {
    const d = a.value - b.value;
    return (d < 0n ? -d : d) <= tolerance;
  }
  return sameValue(a, b);
}

/** HELLO's reply with the value after `id` replaced by 0 (connection ids differ legitimately). */
export function maskHelloId(v: RespValue): RespValue {
  if (v.kind !== 'array' || v.items === null) return v;
  const items = [...v.items];
  for (let i = 0; i + 1 < items.length; i += 2) {
    const k = items[i]!;
    if (k.kind === 'bulk' && k.value === 'id') items[i + 1] = { kind: 'integer', value: 0n };
  }
  return { kind: 'array', items };
}

/** Bulk payloads of an array reply (non-bulk items rendered), or undefined if not an array. */
export function bulkItems(v: RespValue): string[] | undefined {
  if (v.kind !== 'array' || v.items === null) return undefined;
  return v.items.map((i) => (i.kind === 'bulk' && i.value !== null ? i.value : describeValue(i)));
}

/** One COMMAND INFO entry: its first nine fields rendered, and its subcommand entries (field 10). */
export interface CommandInfoEntry {
  head: string;
  subcommands: string[];
}

/** COMMAND INFO entries, split into head and subcommands; a malformed entry is all head. */
export function commandInfoEntries(v: RespValue): CommandInfoEntry[] {
  if (v.kind !== 'array' || v.items === null) return [{ head: describeValue(v), subcommands: [] }];
  return v.items.map((entry) => {
    if (entry.kind !== 'array' || entry.items === null || entry.items.length < 10) return { head: describeValue(entry), subcommands: [] };
    const subs = entry.items[9]!;
    const subcommands = subs.kind === 'array' && subs.items !== null ? subs.items.map(describeValue) : [describeValue(subs)];
    return { head: entry.items.slice(0, 9).map(describeValue).join(', '), subcommands };
  });
}

/** COMMAND INFO for named commands, in request order, subcommand lists sorted. */
export function commandInfoForm(v: RespValue): string {
  return commandInfoEntries(v).map((e) => `[${e.head}, [${[...e.subcommands].sort().join(', ')}]]`).join('\n');
}

/**
 * The entries (and subcommands) of `subset` that `full` does not list identically: empty when
 * `subset` is a faithful part of `full`. Used for the bare COMMAND INFO, where Redis lists its
 * whole table and the reference server the commands it implements.
 */
export function commandInfoNotIn(full: RespValue, subset: RespValue): string[] {
  const known = new Map(commandInfoEntries(full).map((e) => [e.head, new Set(e.subcommands)]));
  const missing: string[] = [];
  for (const entry of commandInfoEntries(subset)) {
    const subs = known.get(entry.head);
    if (!subs) missing.push(entry.head);
    else for (const sub of entry.subcommands) if (!subs.has(sub)) missing.push(sub);
  }
  return missing;
}
