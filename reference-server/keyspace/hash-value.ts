// The hash type: field -> value in insertion order (what a listpack keeps), plus the encoding
// Redis would report. Conversion to hashtable is one-way, as in Redis 7.0 src/t_hash.c
// (hashTypeTryConversion before a write, hashTypeSet's checks after it).

export type HashEncoding = 'listpack' | 'hashtable';

/** A hash of byte-string fields to byte-string values. */
export class HashValue {
  readonly type = 'hash' as const;
  constructor(
    readonly map: Map<string, string> = new Map(),
    public encoding: HashEncoding = 'listpack',
  ) {}
}

/** The two listpack limits: hash-max-listpack-entries and hash-max-listpack-value. */
export interface HashLimits {
  maxEntries: number;
  maxValue: number;
}

/**
 * hashTypeTryConversion: converts a listpack hash to hashtable when any of `args[start..end]`
 * (the fields and values about to be written) is longer than `maxValue` bytes.
 */
export function hashTryConversion(h: HashValue, args: readonly string[], start: number, end: number, maxValue: number): void {
  if (h.encoding !== 'listpack') return;
  for (let i = start; i <= end; i++) {
    if (args[i]!.length > maxValue) {
      h.encoding = 'hashtable';
      return;
    }
  }
}

/**
 * hashTypeSet: stores `field` = `value` (an existing field keeps its position); returns true when
 * the field already existed. A listpack converts when either string is too long or when the
 * hash then holds more than `maxEntries` fields.
 */
export function hashSetField(h: HashValue, field: string, value: string, limits: HashLimits): boolean {
  if (h.encoding === 'listpack' && (field.length > limits.maxValue || value.length > limits.maxValue)) {
    h.encoding = 'hashtable';
  }
  // One hash lookup: the field existed when the map did not grow.
  const before = h.map.size;
  h.map.set(field, value);
  if (h.encoding === 'listpack' && h.map.size > limits.maxEntries) h.encoding = 'hashtable';
  return h.map.size === before;
}
