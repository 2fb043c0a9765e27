// Tests for the failure report pieces: redis-cli quoting of binary arguments, the summary text,
// and the random-reply checks (membership, counts, distinctness) used by the property.

import { describe, expect, it } from 'vitest';
import { formatCommand, quoteArg } from './redis-cli-format.js';
import { formatSummary } from './report.js';
import { randomShape, toPreState } from './random-replies.js';
import type { RespValue } from '../../harness/index.js';

const bulk = (value: string | null): RespValue => ({ kind: 'bulk', value });
const arr = (...items: RespValue[]): RespValue => ({ kind: 'array', items });

describe('redis-cli formatting', () => {
  it('leaves plain words bare and quotes binary with \\xNN', () => {
    expect(formatCommand(['SET', 'bin\x00\r\n\xff', 'a b', '', 'say "hi"'])).toBe('SET "bin\\x00\\x0d\\x0a\\xff" "a b" "" "say \\"hi\\""');
    expect(quoteArg('back\\slash')).toBe('"back\\\\slash"');
  });

  it('prints seed, path, the shrunk sequence and both replies', () => {
    const text = formatSummary({
      runs: 3, commandsSent: 10, seed: 42, durationMs: 1000,
      failure: {
        path: '2:0', shrunk: [['SADD', 'a', '1'], ['SMEMBERS', 'a']], error: 'x',
        divergence: { index: 1, argv: ['SMEMBERS', 'a'], redis: '["1"]', reference: '[]', why: 'replies differ' },
      },
    });
    expect(text).toContain('FC_SEED=42 FC_PATH="2:0"');
    expect(text).toContain('  SADD a 1\n  SMEMBERS a');
    expect(text).toMatch(/command #2: SMEMBERS a\n  redis-server: \["1"\]\n  reference:    \[\]/);
  });
});

describe('random reply checks', () => {
  const pre = toPreState(['SRANDMEMBER', 'k'], arr(bulk('a'), bulk('b'), bulk('c')));

  it('accepts members of the pre-state with the right count and distinctness', () => {
    expect(randomShape(['SRANDMEMBER', 'k', '2'], arr(bulk('c'), bulk('a')), pre)).toBe('array of 2 distinct members');
    expect(randomShape(['SRANDMEMBER', 'k', '-4'], arr(bulk('a'), bulk('a'), bulk('b'), bulk('a')), pre)).toBe('array of 4 members');
    expect(randomShape(['SRANDMEMBER', 'k', '9'], arr(bulk('a'), bulk('b'), bulk('c')), pre)).toBe('array of 3 distinct members');
    expect(randomShape(['SPOP', 'k'], bulk('b'), pre)).toBe('one member');
  });

  it('rejects strangers, repeats, wrong counts and wrong values', () => {
    expect(randomShape(['SRANDMEMBER', 'k', '2'], arr(bulk('a'), bulk('z')), pre)).toMatch(/^INVALID/);
    expect(randomShape(['SRANDMEMBER', 'k', '2'], arr(bulk('a'), bulk('a')), pre)).toMatch(/^INVALID: repeated/);
    expect(randomShape(['SRANDMEMBER', 'k', '2'], arr(bulk('a')), pre)).toMatch(/^INVALID: 1 picks/);
    expect(randomShape(['SPOP', 'k'], bulk(null), pre)).toMatch(/^INVALID/);
    const hpre = toPreState(['HRANDFIELD', 'h'], arr(bulk('f'), bulk('1'), bulk('g'), bulk('2')));
    expect(randomShape(['HRANDFIELD', 'h', '1', 'WITHVALUES'], arr(bulk('f'), bulk('1')), hpre)).toBe('array of 1 distinct members with values');
    expect(randomShape(['HRANDFIELD', 'h', '1', 'WITHVALUES'], arr(bulk('f'), bulk('2')), hpre)).toMatch(/^INVALID/);
  });
});
