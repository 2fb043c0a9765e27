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

/** COMMAND INFO with hash-ordered parts sorted: each entry's subcommands (field 10), and the entries when `all`. */
export function commandInfoForm(v: RespValue, all: boolean): string {
  if (v.kind !== 'array' || v.items === null) return describeValue(v);
  const entries = v.items.map((entry) => {
    if (entry.kind !== 'array' || entry.items === null || entry.items.length < 10) return describeValue(entry);
    const subs = entry.items[9]!;
    const fixed = entry.items.slice(0, 9).map(describeValue).join(', ');
    return `[${fixed}, ${sortedForm(subs, false)}]`;
  });
  if (all) entries.sort();
  return entries.join('\n');
}
