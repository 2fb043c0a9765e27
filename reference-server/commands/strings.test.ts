// INCR/DECR/INCRBY/DECRBY across the edge of their double fast path (operands below 10^15) and
// at the int64 limits, with the replies and errors redis-server 7.0.15 gives for the same commands.

import { describe, expect, it } from 'vitest';
import { EngineSession, resp } from '../testing/engine-session.js';

const NOT_INTEGER = resp.err('ERR value is not an integer or out of range');
const OVERFLOW = resp.err('ERR increment or decrement would overflow');

describe('integer increments', () => {
  it('are exact on both sides of 10^15 and of 2^53', () => {
    const s = new EngineSession();
    s.run('SET', 'k', '999999999999999');
    expect(s.run('INCR', 'k')).toBe(resp.int(1_000_000_000_000_000));
    expect(s.run('INCRBY', 'k', '999999999999999')).toBe(':1999999999999999\r\n');
    expect(s.run('SET', 'k', '9007199254740991')).toBe('+OK\r\n');
    expect(s.run('INCR', 'k')).toBe(':9007199254740992\r\n');
    expect(s.run('INCR', 'k')).toBe(':9007199254740993\r\n');
    expect(s.run('GET', 'k')).toBe(resp.bulk('9007199254740993'));
    s.run('SET', 'n', '-999999999999999');
    expect(s.run('DECRBY', 'n', '999999999999999')).toBe(':-1999999999999998\r\n');
    expect(s.run('INCRBY', 'fresh', '-999999999999999')).toBe(':-999999999999999\r\n');
    expect(s.run('OBJECT', 'ENCODING', 'fresh')).toBe(resp.bulk('int'));
  });

  it('refuse what Redis refuses, and overflow at the int64 limits', () => {
    const s = new EngineSession();
    s.run('SET', 'max', '9223372036854775806');
    expect(s.run('INCR', 'max')).toBe(':9223372036854775807\r\n');
    expect(s.run('INCR', 'max')).toBe(OVERFLOW);
    s.run('SET', 'min', '-9223372036854775808');
    expect(s.run('DECR', 'min')).toBe(OVERFLOW);
    expect(s.run('DECRBY', 'x', '-9223372036854775808')).toBe(resp.err('ERR decrement would overflow'));
    for (const bad of ['01', '+1', ' 1', '1 ', '1.0', '', '-0', '99999999999999999999']) {
      s.run('SET', 'bad', bad);
      expect(s.run('INCR', 'bad'), JSON.stringify(bad)).toBe(NOT_INTEGER);
    }
    expect(s.run('INCRBY', 'k', '1e3')).toBe(NOT_INTEGER);
  });
});

describe('strings past what V8 can hold', () => {
  it('answer an error and leave the key and the server as they were (SETRANGE far out used to kill the server)', () => {
    const s = new EngineSession();
    s.run('SET', 'k', 'abc');
    // Within proto-max-bulk-len (512 MB), so Redis would allocate it; a JS string stops short of it.
    expect(s.run('SETRANGE', 'k', '536870900', 'x')).toMatch(/^-ERR the reference server cannot hold the result/);
    expect(s.run('SETRANGE', 'fresh', '536870900', 'x')).toMatch(/^-ERR the reference server cannot hold the result/);
    expect(s.run('GET', 'k')).toBe(resp.bulk('abc'));
    expect(s.run('EXISTS', 'fresh')).toBe(':0\r\n');
    expect(s.run('PING')).toBe('+PONG\r\n');
  });
});
