// SETBIT, GETBIT, BITCOUNT, BITPOS, BITOP, BITFIELD and BITFIELD_RO byte for byte against a real
// redis-server: edge-case scripts (each reply, the dirty count after it, the encoding), range sweeps
// of BITCOUNT/BITPOS, and what only one engine shows (propagation, WATCH, BITFIELD u/i types).

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRealRedis, type RealRedis } from '../../harness/testing/real-redis.js';
import { EngineSession, propagatingSession, resp } from '../testing/engine-session.js';

let redis: RealRedis;
beforeAll(async () => {
  redis = await startRealRedis();
}, 20_000);
afterAll(async () => {
  await redis?.stop();
});

/** rdb_changes_since_last_save from an INFO persistence reply: Redis's server.dirty. */
function dirtyOf(info: string): string {
  return /rdb_changes_since_last_save:(\d+)/.exec(info)?.[1] ?? `no dirty count in ${JSON.stringify(info.slice(0, 80))}`;
}

/** Runs `script` on a flushed redis-server and a fresh engine; every reply and dirty count must agree. */
async function expectSameAsRedis(script: string[][]): Promise<void> {
  await redis.client.call('FLUSHALL');
  await redis.client.call('CONFIG', 'RESETSTAT');
  const ours = new EngineSession({ seed: 1 });
  const base = Number(dirtyOf(await redis.client.call('INFO', 'persistence')));
  const ourBase = Number(dirtyOf(ours.run('INFO', 'persistence')));
  for (const cmd of script) {
    const theirs = await redis.client.call(...cmd);
    const mine = ours.run(...cmd);
    expect(mine, cmd.join(' ')).toBe(theirs);
    const theirDirty = Number(dirtyOf(await redis.client.call('INFO', 'persistence'))) - base;
    const myDirty = Number(dirtyOf(ours.run('INFO', 'persistence'))) - ourBase;
    expect(myDirty, `dirty after ${cmd.join(' ')}`).toBe(theirDirty);
  }
}

/** Sends `commands` to both servers (pipelined to redis-server) and lists the replies that differ. */
async function differences(setup: string[][], commands: string[][]): Promise<string[]> {
  await redis.client.call('FLUSHALL');
  const ours = new EngineSession({ seed: 1 });
  for (const cmd of setup) {
    await redis.client.call(...cmd);
    ours.run(...cmd);
  }
  const theirs = await Promise.all(commands.map((cmd) => redis.client.call(...cmd)));
  const out: string[] = [];
  commands.forEach((cmd, i) => {
    const mine = ours.run(...cmd);
    if (mine !== theirs[i]) out.push(`${JSON.stringify(cmd)}: ours ${JSON.stringify(mine)} redis ${JSON.stringify(theirs[i])}`);
  });
  return out;
}

const range = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe('SETBIT and GETBIT', () => {
  it('answer, grow, signal and count dirty like redis-server', async () => {
    await expectSameAsRedis([
      ['SETBIT', 'k', '-1', '1'], ['SETBIT', 'k', 'abc', '1'], ['SETBIT', 'k', '#1', '1'], ['SETBIT', 'k', '4294967296', '1'],
      ['SETBIT', 'k', '1.5', '1'], ['SETBIT', 'k', ' 1', '1'], ['SETBIT', 'k', '', '1'],
      ['SETBIT', 'k', '7', '2'], ['SETBIT', 'k', '7', '-1'], ['SETBIT', 'k', '7', 'on'], ['SETBIT', 'k', '7', ''], ['SETBIT', 'k', 'x', 'y'],
      ['SETBIT', 'k', '7', '1'], ['SETBIT', 'k', '7', '1'], ['GET', 'k'], ['SETBIT', 'k', '7', '0'], ['SETBIT', 'k', '100', '0'],
      ['STRLEN', 'k'], ['OBJECT', 'ENCODING', 'k'], ['SETBIT', 'k', '0', '1'], ['GET', 'k'],
      ['SET', 'n', '12'], ['OBJECT', 'ENCODING', 'n'], ['SETBIT', 'n', '0', '0'], ['OBJECT', 'ENCODING', 'n'], ['GET', 'n'],
      ['SET', 'e', 'abc'], ['SETBIT', 'e', '1', '1'], ['OBJECT', 'ENCODING', 'e'], ['SETBIT', 'e', '1', '1'],
      ['SET', 't', 'x', 'EX', '1000'], ['SETBIT', 't', '30', '1'], ['TTL', 't'],
      ['RPUSH', 'l', 'x'], ['SETBIT', 'l', '0', '1'], ['SETBIT', 'l', 'abc', '1'], ['GETBIT', 'l', '0'], ['GETBIT', 'l', 'abc'],
      ['GETBIT', 'k', '0'], ['GETBIT', 'k', '1'], ['GETBIT', 'k', '100'], ['GETBIT', 'k', '99999'], ['GETBIT', 'nokey', '3'],
      ['GETBIT', 'n', '2'], ['GETBIT', 'n', '3'], ['GETBIT', 'k', '-1'], ['GETBIT', 'k', '4294967295'], ['GETBIT', 'k', '4294967296'],
      ['GETBIT', 'k', '#0'], ['GETBIT', 'k'], ['SETBIT', 'k', '1'],
    ]);
  });
});

describe('BITCOUNT and BITPOS', () => {
  it('parse their arguments in redis-server order', async () => {
    await expectSameAsRedis([
      ['SET', 's', 'foobar'], ['SET', 'z', ''], ['SET', 'ones', '\xff\xff\xff'], ['RPUSH', 'l', 'x'],
      ['BITCOUNT', 's'], ['BITCOUNT', 's', '1'], ['BITCOUNT', 's', '1', '1', 'BIT', 'x'], ['BITCOUNT', 'nokey', 'a', 'b', 'c', 'd', 'e'],
      ['BITCOUNT', 's', 'a', '1'], ['BITCOUNT', 's', '1', 'a'], ['BITCOUNT', 's', '-1', '-2', 'FOO'], ['BITCOUNT', 's', '1', '2', 'FOO'],
      ['BITCOUNT', 's', '1', '2', 'bit'], ['BITCOUNT', 's', '1', '2', 'Byte'], ['BITCOUNT', 's', '1', '2', 'bit\x00x'],
      ['BITCOUNT', 's', '0', '9223372036854775807'], ['BITCOUNT', 's', '-9223372036854775808', '-1', 'BIT'],
      ['BITCOUNT', 's', '9223372036854775808', '1'], ['BITCOUNT', 'z'], ['BITCOUNT', 'z', '0', '-1'], ['BITCOUNT', 'l'],
      ['BITCOUNT', 'l', 'a', 'b'], ['BITCOUNT'],
      ['BITPOS', 's', '2'], ['BITPOS', 's', '-1'], ['BITPOS', 's', 'x'], ['BITPOS', 'nokey', '1', 'a', 'b', 'c', 'd'], ['BITPOS', 'nokey', '0'],
      ['BITPOS', 'l', '1'], ['BITPOS', 's', '1', 'a'], ['BITPOS', 's', '1', '0', 'a'], ['BITPOS', 's', '1', '0', 'a', 'FOO'],
      ['BITPOS', 's', '1', 'a', '1', 'FOO'], ['BITPOS', 's', '1', '0', '1', 'BIT', 'x'], ['BITPOS', 's', '1', '0', '1', 'bit'],
      ['BITPOS', 'z', '0'], ['BITPOS', 'z', '1'], ['BITPOS', 'z', '0', '0'], ['BITPOS', 'ones', '0'], ['BITPOS', 'ones', '0', '1'],
      ['BITPOS', 'ones', '0', '0', '-1'], ['BITPOS', 'ones', '0', '0', '-1', 'BIT'], ['BITPOS', 'ones', '1', '100'],
      ['BITPOS', 'ones', '0', '-9223372036854775808', '9223372036854775807'], ['BITPOS', 's'],
    ]);
  });

  it('agree with redis-server over every range of short strings, in bytes and in bits', async () => {
    const values = ['\x00\xff\x0f', 'foo', '\xff\xff\xfe', '\x00\x00\x80', '12345'];
    const setup = values.map((v, i) => ['SET', `v${i}`, v]);
    const commands: string[][] = [];
    values.forEach((_, i) => {
      const k = `v${i}`;
      for (const start of range(-7, 7)) {
        commands.push(['BITPOS', k, '0', String(start)], ['BITPOS', k, '1', String(start)]);
        for (const end of range(-7, 7)) {
          commands.push(['BITCOUNT', k, String(start), String(end)], ['BITPOS', k, '0', String(start), String(end)], ['BITPOS', k, '1', String(start), String(end)]);
        }
      }
      for (const start of range(-43, 43)) {
        for (const end of range(-43, 43)) {
          if ((start + end) % 2 !== 0 && start > -30) continue; // thinned, edges kept whole
          commands.push(['BITCOUNT', k, String(start), String(end), 'BIT'], ['BITPOS', k, '0', String(start), String(end), 'BIT'], ['BITPOS', k, '1', String(start), String(end), 'BIT']);
        }
      }
    });
    expect(await differences(setup, commands)).toEqual([]);
  }, 60_000);
});

describe('BITOP', () => {
  it('combines, deletes on empty, drops the TTL and checks types in order like redis-server', async () => {
    await expectSameAsRedis([
      ['SET', 'a', 'foobar'], ['SET', 'b', 'abcdef\xff\x01'], ['SET', 'n', '123'], ['RPUSH', 'l', 'x'],
      ['BITOP', 'FOO', 'd', 'a'], ['BITOP', 'NOT', 'd', 'a', 'b'], ['BITOP', 'not', 'd'], ['BITOP', 'and\x00x', 'd', 'a', 'b'],
      ['BITOP', 'AND', 'd', 'a', 'b'], ['GET', 'd'], ['OBJECT', 'ENCODING', 'd'], ['BITOP', 'or', 'd', 'a', 'b', 'n'], ['GET', 'd'],
      ['BITOP', 'XOR', 'd', 'a', 'b', 'nokey'], ['GET', 'd'], ['BITOP', 'AND', 'd', 'a', 'nokey'], ['GET', 'd'], ['STRLEN', 'd'],
      ['BITOP', 'NOT', 'd', 'b'], ['GET', 'd'], ['BITOP', 'NOT', 'd', 'n'], ['GET', 'd'],
      ['EXPIRE', 'd', '1000'], ['BITOP', 'OR', 'd', 'a'], ['TTL', 'd'],
      ['BITOP', 'OR', 'd', 'nokey', 'nokey2'], ['EXISTS', 'd'], ['BITOP', 'OR', 'd', 'nokey'], ['BITOP', 'NOT', 'd', 'nokey'],
      ['SET', 'e', ''], ['BITOP', 'AND', 'd2', 'e', 'e'], ['EXISTS', 'd2'],
      ['BITOP', 'AND', 'd', 'a', 'l', 'b'], ['BITOP', 'AND', 'l', 'a'], ['TYPE', 'l'], ['BITOP', 'AND', 'a', 'a', 'b'], ['GET', 'a'],
      ['BITOP', 'AND', 'd'],
    ]);
  });
});

describe('BITFIELD and BITFIELD_RO', () => {
  it('parse, overflow and write like redis-server', async () => {
    await expectSameAsRedis([
      ['BITFIELD', 'k'], ['BITFIELD_RO', 'k'], ['BITFIELD', 'k', 'GET'], ['BITFIELD', 'k', 'GET', 'u8'], ['BITFIELD', 'k', 'SET', 'u8', '0'],
      ['BITFIELD', 'k', 'FOO', 'u8', '0'], ['BITFIELD', 'k', 'OVERFLOW'], ['BITFIELD', 'k', 'OVERFLOW', 'foo'], ['BITFIELD', 'k', 'overflow', 'SAT'],
      ['BITFIELD', 'k', 'GET', 'u64', '0'], ['BITFIELD', 'k', 'GET', 'i65', '0'], ['BITFIELD', 'k', 'GET', 'u0', '0'], ['BITFIELD', 'k', 'GET', 'I8', '0'],
      ['BITFIELD', 'k', 'GET', 'i08', '0'], ['BITFIELD', 'k', 'GET', 'i', '0'], ['BITFIELD', 'k', 'GET', '', '0'], ['BITFIELD', 'k', 'GET', 'i8\x00x', '0'],
      ['BITFIELD', 'k', 'GET', 'u8', '-1'], ['BITFIELD', 'k', 'GET', 'u8', '#-1'], ['BITFIELD', 'k', 'GET', 'u8', '#'], ['BITFIELD', 'k', 'GET', 'u8', 'x'],
      ['BITFIELD', 'k', 'GET', 'u8', '#2305843009213693953'], ['BITFIELD', 'k', 'GET', 'u8', '#1152921504606846977'], ['BITFIELD', 'k', 'GET', 'u8', '4294967296'],
      ['BITFIELD', 'k', 'GET', 'u8', '#536870912'], ['BITFIELD', 'k', 'GET', 'u8', '#536870911'], ['BITFIELD', 'k', 'SET', 'u8', '0', 'x'],
      ['BITFIELD', 'k', 'SET', 'u8', '0', '1.5'], ['BITFIELD', 'k', 'INCRBY', 'u8', '0', '9223372036854775808'], ['EXISTS', 'k'],
      ['BITFIELD', 'k', 'GET', 'u8', '0', 'SET', 'i8', 'x', '1'], ['BITFIELD', 'k', 'GET', 'i8', '0', 'GET', 'u63', '#3'], ['EXISTS', 'k'],
      ['BITFIELD_RO', 'k', 'SET', 'i8', '0', '1'], ['BITFIELD_RO', 'k', 'INCRBY', 'i8', '0', 'x'], ['BITFIELD_RO', 'k', 'GET', 'i8', '0', 'OVERFLOW', 'FAIL'],
      ['BITFIELD', 'k', 'OVERFLOW', 'FAIL', 'SET', 'u2', '0', '5'], ['EXISTS', 'k'], ['GET', 'k'], ['OBJECT', 'ENCODING', 'k'],
      ['BITFIELD', 'k', 'OVERFLOW', 'FAIL', 'SET', 'u2', '0', '3', 'INCRBY', 'u2', '0', '1', 'OVERFLOW', 'WRAP', 'INCRBY', 'u2', '0', '1'],
      ['BITFIELD', 'k', 'SET', 'u8', '0', '0'], ['BITFIELD', 'k', 'SET', 'u8', '0', '0', 'SET', 'u8', '#5', '0'], ['STRLEN', 'k'],
      ['BITFIELD', 'k', 'OVERFLOW', 'SAT', 'SET', 'u8', '0', '-1', 'SET', 'u8', '0', '256', 'SET', 'i8', '0', '-129', 'SET', 'i8', '0', '128'],
      ['BITFIELD', 'k', 'OVERFLOW', 'WRAP', 'SET', 'u8', '0', '-1', 'SET', 'u8', '0', '257', 'SET', 'i8', '0', '-129', 'SET', 'i8', '0', '128'],
      ['BITFIELD', 'k', 'OVERFLOW', 'FAIL', 'SET', 'u8', '0', '-1', 'SET', 'u8', '0', '255', 'SET', 'i8', '0', '-129', 'SET', 'i8', '0', '-128'],
      ['BITFIELD', 'k', 'SET', 'i64', '0', '9223372036854775807', 'INCRBY', 'i64', '0', '1', 'INCRBY', 'i64', '0', '-1'],
      // checkSignedBitfieldOverflow's wrapped bound: a SET near INT64_MIN saturates to the max.
      ['BITFIELD', 'k', 'OVERFLOW', 'SAT', 'SET', 'i3', '0', '-9223372036854775808', 'SET', 'i3', '0', '-9223372036854775805', 'SET', 'i3', '0', '-9223372036854775804',
        'SET', 'i8', '0', '-9223372036854775681', 'SET', 'i8', '0', '-9223372036854775680', 'SET', 'u8', '0', '-9223372036854775808', 'SET', 'i63', '0', '-9223372036854775808'],
      ['BITFIELD', 'k', 'OVERFLOW', 'SAT', 'INCRBY', 'i64', '0', '9223372036854775807', 'INCRBY', 'i64', '0', '-9223372036854775808', 'INCRBY', 'i64', '0', '-9223372036854775808', 'INCRBY', 'i64', '0', '-1'],
      ['BITFIELD', 'k', 'OVERFLOW', 'FAIL', 'INCRBY', 'i64', '0', '-1', 'INCRBY', 'i64', '0', '9223372036854775807'],
      ['BITFIELD', 'k', 'SET', 'u63', '1', '9223372036854775807', 'GET', 'u63', '1', 'GET', 'i64', '0', 'INCRBY', 'u63', '1', '1', 'GET', 'u63', '1'],
      ['BITFIELD', 'k', 'OVERFLOW', 'SAT', 'INCRBY', 'u63', '1', '-9223372036854775808', 'INCRBY', 'u63', '1', '9223372036854775807', 'INCRBY', 'u63', '1', '9223372036854775807'],
      ['BITFIELD', 'k', 'OVERFLOW', 'WRAP', 'INCRBY', 'u63', '1', '-9223372036854775808', 'INCRBY', 'u1', '0', '-3', 'INCRBY', 'i1', '0', '-3', 'INCRBY', 'i1', '0', '1'],
      ['BITFIELD', 'k', 'INCRBY', 'u5', '3', '100', 'INCRBY', 'i5', '3', '100', 'OVERFLOW', 'SAT', 'INCRBY', 'i5', '3', '100', 'INCRBY', 'u5', '3', '-100'],
      ['BITFIELD', 'k', 'SET', 'i13', '#7', '-4000', 'GET', 'u13', '#7', 'GET', 'i13', '#7', 'GET', 'u16', '88', 'GET', 'i64', '#10'], ['GET', 'k'],
      ['BITFIELD', 'k', 'get', 'u8', '0', 'Overflow', 'fail', 'incrby', 'u8', '0', '1000', 'get\x00x', 'u8', '0'],
      ['SET', 'n', '-12'], ['BITFIELD', 'n', 'GET', 'u16', '0'], ['OBJECT', 'ENCODING', 'n'], ['BITFIELD', 'n', 'SET', 'u8', '0', '45'], ['OBJECT', 'ENCODING', 'n'],
      ['SET', 't', 'x', 'EX', '1000'], ['BITFIELD', 't', 'SET', 'u8', '#4', '1'], ['TTL', 't'], ['GET', 't'],
      ['RPUSH', 'l', 'x'], ['BITFIELD', 'l', 'GET', 'u8', '0'], ['BITFIELD', 'l', 'SET', 'u8', '0', '1'], ['BITFIELD_RO', 'l', 'GET', 'u8', '0'],
      ['BITFIELD', 'l', 'GET', 'u8', 'x'], ['BITFIELD_RO', 'l', 'SET', 'u8', '0', '1'], ['BITFIELD_RO', 'l'],
      ['BITFIELD', 'new', 'OVERFLOW', 'FAIL', 'INCRBY', 'i8', '0', '1000', 'GET', 'i8', '0'], ['STRLEN', 'new'],
      ['BITFIELD'], ['BITFIELD_RO'],
    ]);
  });
});

describe('what one engine shows', () => {
  it('propagates a bitmap write as itself, and nothing when no bit changed', () => {
    const { s, ops } = propagatingSession(7);
    s.run('SETBIT', 'k', '3', '1');
    s.run('SETBIT', 'k', '3', '1');
    s.run('BITFIELD', 'k', 'GET', 'u8', '0');
    s.run('BITFIELD', 'k', 'OVERFLOW', 'FAIL', 'INCRBY', 'u4', '0', '100');
    s.run('BITFIELD', 'k', 'SET', 'u4', '0', '1', 'GET', 'u4', '0');
    s.run('BITFIELD', 'k', 'SET', 'u4', '0', '2', 'GET', 'u4', '0');
    s.run('BITOP', 'NOT', 'd', 'k');
    s.run('BITOP', 'AND', 'd', 'nokey');
    s.run('BITOP', 'AND', 'd', 'nokey');
    expect(ops).toEqual([
      ['SETBIT', 'k', '3', '1'],
      ['BITFIELD', 'k', 'SET', 'u4', '0', '2', 'GET', 'u4', '0'],
      ['BITOP', 'NOT', 'd', 'k'],
      ['BITOP', 'AND', 'd', 'nokey'],
    ]);
  });

  it('refuses, with its own error, a bit past the longest string V8 holds (Redis would allocate it)', () => {
    const s = new EngineSession({ seed: 1 });
    const tooLong = resp.err('ERR string exceeds the largest string the reference server can hold (V8 max string length)');
    expect(s.run('SETBIT', 'k', '4294967295', '1')).toBe(tooLong);
    expect(s.run('BITFIELD', 'k', 'SET', 'u8', '4294967290', '1')).toBe(tooLong);
    expect(s.run('EXISTS', 'k')).toBe(resp.int(0));
    expect(s.run('GETBIT', 'k', '4294967295')).toBe(resp.int(0));
  });

  it('leaves WATCH alone when BITFIELD only creates the key (dbAdd does not signal), as redis-server 7.0.15 does', () => {
    const s = new EngineSession({ seed: 1 });
    const other = new EngineSession(s.engine);
    s.run('WATCH', 'k');
    expect(other.run('BITFIELD', 'k', 'OVERFLOW', 'FAIL', 'SET', 'u2', '0', '5')).toBe(resp.array(resp.nil));
    expect(other.run('EXISTS', 'k')).toBe(resp.int(1));
    s.run('MULTI');
    s.run('GET', 'k');
    expect(s.run('EXEC')).toBe(resp.array(resp.bulk('\0')));
    s.run('WATCH', 'k');
    other.run('SETBIT', 'k', '0', '0');
    s.run('MULTI');
    expect(s.run('EXEC')).toBe(resp.array());
    s.run('WATCH', 'k');
    other.run('SETBIT', 'k', '0', '1');
    s.run('MULTI');
    expect(s.run('EXEC')).toBe(resp.nilArray);
  });
});
