// The hash type: field -> value in insertion order (what a listpack keeps), plus the encoding
// Redis would report. Conversion to hashtable is one-way, as in Redis 7.0 src/t_hash.c.

export type HashEncoding = 'listpack' | 'hashtable';

/** A hash of byte-string fields to byte-string values. */
export class HashValue {
  readonly type = 'hash' as const;
  constructor(
    readonly map: Map<string, string> = new Map(),
    public encoding: HashEncoding = 'listpack',
  ) {}
}
