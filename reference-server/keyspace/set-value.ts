// The set type: members plus the encoding Redis 7.0 would report (intset or hashtable; listpack
// sets only came in 7.2). An intset reports members in ascending numeric order.

export type SetEncoding = 'intset' | 'hashtable';

/** A set of byte-string members. */
export class SetValue {
  readonly type = 'set' as const;
  constructor(
    readonly members: Set<string> = new Set(),
    public encoding: SetEncoding = 'intset',
  ) {}

  /** Members in the order Redis iterates them: ascending integers for an intset, insertion order otherwise. */
  ordered(): string[] {
    const all = [...this.members];
    if (this.encoding === 'intset') {
      all.sort((a, b) => {
        const x = BigInt(a);
        const y = BigInt(b);
        return x < y ? -1 : x > y ? 1 : 0;
      });
    }
    return all;
  }
}
