// Checks replies of commands that pick at random (SPOP SRANDMEMBER HRANDFIELD ZRANDMEMBER
// RANDOMKEY) against the state read just before: membership, values, counts, distinctness.

import { describeValue, type Argv, type RespValue } from '../../harness/index.js';
import { bulkItems } from './canonical.js';

/** The pre-state a random command draws from: member -> value (score or hash value; '' for sets/keys). */
export type PreState = { kind: 'members'; members: Map<string, string> } | { kind: 'other'; reply: RespValue };

/** The command that reads the pre-state of a random command, run on redis-server just before it. */
export function preStateQuery(argv: Argv): Argv {
  const name = argv[0]!.toLowerCase();
  if (name === 'randomkey') return ['KEYS', '*'];
  if (name === 'hrandfield') return ['HGETALL', argv[1] ?? ''];
  if (name === 'zrandmember') return ['ZRANGE', argv[1] ?? '', '0', '-1', 'WITHSCORES'];
  return ['SMEMBERS', argv[1] ?? ''];
}

/** Turns the pre-state query's reply into a PreState. */
export function toPreState(argv: Argv, reply: RespValue): PreState {
  const items = bulkItems(reply);
  if (!items) return { kind: 'other', reply };
  const name = argv[0]!.toLowerCase();
  const members = new Map<string, string>();
  if (name === 'hrandfield' || name === 'zrandmember') for (let i = 0; i + 1 < items.length; i += 2) members.set(items[i]!, items[i + 1]!);
  else for (const m of items) members.set(m, '');
  return { kind: 'members', members };
}

/**
 * A canonical description of a random reply that two correct servers share, e.g.
 * `array of 3 distinct members`; starts with `INVALID:` when the reply breaks the command's contract.
 */
export function randomShape(argv: Argv, v: RespValue, pre: PreState): string {
  if (v.kind === 'error' || pre.kind === 'other') return `exact ${describeValue(v)}`;
  const name = argv[0]!.toLowerCase();
  const size = pre.members.size;
  if (name === 'randomkey' || argv.length < 3) {
    if (v.kind !== 'bulk') return `INVALID: expected a bulk reply, got ${describeValue(v)}`;
    if (v.value === null) return size === 0 ? 'nil' : `INVALID: nil although ${size} candidates exist`;
    return pre.members.has(v.value) ? 'one member' : `INVALID: ${describeValue(v)} is not in the pre-state`;
  }
  const n = BigInt(argv[2]!); // the servers accepted it (no error reply), so it is an integer
  const flag = argv[3]?.toUpperCase();
  const pairs = flag === 'WITHVALUES' || flag === 'WITHSCORES';
  if (v.kind !== 'array' || v.items === null) return `INVALID: expected an array, got ${describeValue(v)}`;
  const items = bulkItems(v)!;
  const picked: string[] = [];
  for (let i = 0; i < items.length; i += pairs ? 2 : 1) {
    const m = items[i]!;
    if (!pre.members.has(m)) return `INVALID: ${JSON.stringify(m)} is not in the pre-state`;
    if (pairs && pre.members.get(m) !== items[i + 1]) return `INVALID: ${JSON.stringify(m)} comes with ${JSON.stringify(items[i + 1])}, not ${JSON.stringify(pre.members.get(m))}`;
    picked.push(m);
  }
  const expected = n >= 0n ? (n < BigInt(size) ? Number(n) : size) : size === 0 ? 0 : Number(-n);
  if (picked.length !== expected) return `INVALID: ${picked.length} picks, expected ${expected}`;
  if (n >= 0n && new Set(picked).size !== picked.length) return 'INVALID: repeated members although count >= 0';
  return `array of ${picked.length}${n >= 0n ? ' distinct' : ''} members${pairs ? ' with values' : ''}`;
}

/** Members an SPOP reply removed (for re-aligning the two servers afterwards). */
export function poppedMembers(v: RespValue): string[] {
  if (v.kind === 'bulk') return v.value === null ? [] : [v.value];
  return bulkItems(v) ?? [];
}
