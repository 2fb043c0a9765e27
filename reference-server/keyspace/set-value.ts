// The set type: members plus the encoding Redis 7.0 would report (intset or hashtable; listpack
// sets only came in 7.2). An intset reports members in ascending numeric order. The helpers below
// follow src/t_set.c setTypeCreate / setTypeAdd: intset while every member is an integer, one-way.

import { isStrictInteger } from './string-value.js';

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
    if (this.encoding !== 'intset') return [...this.members];
    // Parse once per member: intset members are canonical int64 decimal strings.
    const keyed: Array<[bigint, string]> = [];
    for (const m of this.members) keyed.push([BigInt(m), m]);
    keyed.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    return keyed.map((e) => e[1]);
  }
}

/** intset's own cap on entries, whatever set-max-intset-entries says (src/t_set.c setTypeAdd). */
const INTSET_HARD_LIMIT = 1 << 30;

/** Whether an intset can hold `member` (isSdsRepresentableAsLongLong: string2ll, strict, int64). */
export function isIntsetMember(member: string): boolean {
  return isStrictInteger(member);
}

/** An empty set able to hold `first`: intset for an integer, hashtable otherwise (setTypeCreate). */
export function createSetFor(first: string): SetValue {
  return new SetValue(new Set(), isIntsetMember(first) ? 'intset' : 'hashtable');
}

/**
 * Adds `member` (setTypeAdd); returns whether it was new. An intset becomes a hashtable when a
 * non-integer arrives or when it grows past `maxIntsetEntries` (set-max-intset-entries).
 */
export function setAddMember(set: SetValue, member: string, maxIntsetEntries: number): boolean {
  if (set.members.has(member)) return false;
  if (set.encoding === 'intset' && !isIntsetMember(member)) convertToHashtable(set);
  set.members.add(member);
  samplers.get(set)?.push(member);
  if (set.encoding === 'intset' && set.members.size > Math.min(maxIntsetEntries, INTSET_HARD_LIMIT)) {
    convertToHashtable(set);
  }
  return true;
}

/**
 * setTypeConvert: an intset becomes a hashtable. Members are re-inserted in ascending order, as
 * the conversion walks the intset, so later iteration starts from the numeric order.
 */
export function convertToHashtable(set: SetValue): void {
  if (set.encoding !== 'intset') return;
  const sorted = set.ordered();
  set.members.clear();
  for (const m of sorted) set.members.add(m);
  set.encoding = 'hashtable';
}

/**
 * Random access for SPOP / SRANDMEMBER without scanning the Set each time: an array of the members
 * kept beside each set that was sampled. It is trusted only while its length matches the set's
 * size; a pick that is no longer a member (the set was changed elsewhere) rebuilds it.
 */
const samplers = new WeakMap<SetValue, string[]>();

function sampler(set: SetValue): string[] {
  let arr = samplers.get(set);
  if (arr === undefined || arr.length !== set.members.size) {
    arr = [...set.members];
    samplers.set(set, arr);
  }
  return arr;
}

/** Index of a uniformly chosen member of `arr` that is still in `set` (rebuilding when stale). */
function pickIndex(set: SetValue, random: () => number): { arr: string[]; i: number } {
  let arr = sampler(set);
  let i = Math.floor(random() * arr.length);
  if (!set.members.has(arr[i]!)) {
    arr = [...set.members];
    samplers.set(set, arr);
    i = Math.floor(random() * arr.length);
  }
  return { arr, i };
}

/** A random member of a non-empty set (setTypeRandomElement). */
export function randomMember(set: SetValue, random: () => number): string {
  const { arr, i } = pickIndex(set, random);
  return arr[i]!;
}

/** Removes and returns a random member of a non-empty set (SPOP's pick-and-remove). */
export function popRandomMember(set: SetValue, random: () => number): string {
  const { arr, i } = pickIndex(set, random);
  const m = arr[i]!;
  arr[i] = arr[arr.length - 1]!;
  arr.pop();
  set.members.delete(m);
  return m;
}
