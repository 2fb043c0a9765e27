// Byte-exact checks of the set commands against replies recorded from redis-server 7.0.15 (the
// same commands sent to both servers side by side), plus encodings, dirty counts and propagation.

import { describe, expect, it } from 'vitest';
import { EngineSession, propagatingSession, resp } from '../testing/engine-session.js';
import { createStringValue } from '../keyspace/string-value.js';

const { bulk, bulks, err, int, nil } = resp;
const EMPTY = '*0\r\n';
const WRONGTYPE = err('WRONGTYPE Operation against a key holding the wrong kind of value');

/** A session with a string at `str`, for WRONGTYPE checks. */
function withString(): EngineSession {
  const s = new EngineSession({ seed: 1 });
  s.engine.keyspace.add(s.engine.keyspace.dbs[0]!, 'str', createStringValue('v'));
  return s;
}

/** The members of a reply as a sorted list (for hashtable-ordered replies). */
function sortedMembers(s: EngineSession, ...cmd: string[]): string[] {
  return (s.engine.execute(s.client, cmd) as string[]).slice().sort();
}

describe('SADD / SREM / membership', () => {
  it('keeps an intset in ascending order and converts it one way', () => {
    const s = new EngineSession();
    expect(s.run('SADD', 's', '3', '1', '2')).toBe(int(3));
    expect(s.run('SADD', 's', '2', '5', '-1')).toBe(int(2));
    expect(s.run('OBJECT', 'ENCODING', 's')).toBe(bulk('intset'));
    expect(s.run('SMEMBERS', 's')).toBe(bulks('-1', '1', '2', '3', '5'));
    expect(s.run('SCARD', 's')).toBe(int(5));
    expect(s.run('SISMEMBER', 's', '2')).toBe(int(1));
    expect(s.run('SISMEMBER', 's', 'a')).toBe(int(0));
    expect(s.run('SMISMEMBER', 's', '1', '9', '2')).toBe(`*3\r\n${int(1)}${int(0)}${int(1)}`);
    expect(s.run('SMISMEMBER', 'nokey', '1', '2')).toBe(`*2\r\n${int(0)}${int(0)}`);
    expect(s.run('SMEMBERS', 'nokey')).toBe(EMPTY);
    expect(s.run('SADD', 's', '01')).toBe(int(1));
    expect(s.run('OBJECT', 'ENCODING', 's')).toBe(bulk('hashtable'));
    expect(s.run('SREM', 's', '01')).toBe(int(1));
    expect(s.run('OBJECT', 'ENCODING', 's')).toBe(bulk('hashtable'));
    expect(s.run('SREM', 's', '1', '2', 'nope')).toBe(int(2));
    expect(s.run('SREM', 'nokey', 'a')).toBe(int(0));
    expect(s.run('SREM', 's', '3', '5', '-1')).toBe(int(3));
    expect(s.run('EXISTS', 's')).toBe(int(0));
  });

  it('accepts only canonical int64 strings in an intset', () => {
    const s = new EngineSession();
    const enc = (...members: string[]) => {
      s.run('DEL', 'k');
      s.run('SADD', 'k', ...members);
      return s.run('OBJECT', 'ENCODING', 'k');
    };
    expect(enc('9223372036854775807', '-9223372036854775808')).toBe(bulk('intset'));
    expect(enc('9223372036854775808')).toBe(bulk('hashtable'));
    expect(enc('+1')).toBe(bulk('hashtable'));
    expect(enc(' 1')).toBe(bulk('hashtable'));
    expect(enc('-0')).toBe(bulk('hashtable'));
    expect(enc('0')).toBe(bulk('intset'));
  });

  it('converts past set-max-intset-entries', () => {
    const s = new EngineSession();
    s.run('CONFIG', 'SET', 'set-max-intset-entries', '3');
    s.run('SADD', 't', '1', '2', '3');
    expect(s.run('OBJECT', 'ENCODING', 't')).toBe(bulk('intset'));
    s.run('SADD', 't', '4');
    expect(s.run('OBJECT', 'ENCODING', 't')).toBe(bulk('hashtable'));
    s.run('SREM', 't', '4', '3');
    // A stored result is built afresh, so it is an intset again.
    s.run('SINTERSTORE', 'u', 't', 't');
    expect(s.run('OBJECT', 'ENCODING', 'u')).toBe(bulk('intset'));
    s.run('CONFIG', 'SET', 'set-max-intset-entries', '0');
    s.run('SADD', 'z', '1');
    expect(s.run('OBJECT', 'ENCODING', 'z')).toBe(bulk('hashtable'));
  });

  it('answers WRONGTYPE for every command on a string key', () => {
    const s = withString();
    for (const cmd of [
      ['SADD', 'str', 'a'], ['SREM', 'str', 'a'], ['SMEMBERS', 'str'], ['SISMEMBER', 'str', 'a'], ['SMISMEMBER', 'str', 'a'],
      ['SCARD', 'str'], ['SPOP', 'str'], ['SPOP', 'str', '1'], ['SRANDMEMBER', 'str'], ['SRANDMEMBER', 'str', '1'],
      ['SSCAN', 'str', '0'], ['SINTER', 'str'], ['SINTER', 'nokey', 'str'], ['SUNION', 'str'], ['SDIFF', 'nokey', 'str'],
      ['SINTERSTORE', 'd', 'str'], ['SINTERCARD', '1', 'str'], ['SMOVE', 'str', 'y', 'a'],
    ]) {
      expect(s.run(...cmd), cmd.join(' ')).toBe(WRONGTYPE);
    }
  });
});

describe('SMOVE', () => {
  it('moves, creates and deletes keys as smoveCommand does', () => {
    const s = withString();
    s.run('SADD', 'x', 'a');
    expect(s.run('SMOVE', 'x', 'y', 'a')).toBe(int(1));
    expect(s.run('EXISTS', 'x')).toBe(int(0));
    expect(s.run('SMEMBERS', 'y')).toBe(bulks('a'));
    expect(s.run('SMOVE', 'x', 'y', 'a')).toBe(int(0));
    expect(s.run('SMOVE', 'nokey', 'str', 'a')).toBe(int(0));
    expect(s.run('SMOVE', 'y', 'str', 'a')).toBe(WRONGTYPE);
    expect(s.run('SMOVE', 'y', 'y', 'a')).toBe(int(1));
    expect(s.run('SMOVE', 'y', 'y', 'zz')).toBe(int(0));
    s.run('SADD', 'y', '1');
    expect(s.run('SMOVE', 'y', 'newi', '1')).toBe(int(1));
    expect(s.run('OBJECT', 'ENCODING', 'newi')).toBe(bulk('intset'));
    s.run('SADD', 'ii', '1', '2');
    expect(s.run('SMOVE', 'y', 'ii', 'a')).toBe(int(1));
    expect(s.run('OBJECT', 'ENCODING', 'ii')).toBe(bulk('hashtable'));
  });
});

describe('SINTER / SUNION / SDIFF and STORE forms', () => {
  it('replies in the iteration order of the set Redis walks', () => {
    const s = new EngineSession();
    s.run('SADD', 'a', '1', '2', '3', '4', '5');
    s.run('SADD', 'b', '3', '4', '5', '6', '7');
    s.run('SADD', 'c', 'x', 'y', '3', '4');
    s.run('SADD', 'd', '5', '4', '3');
    expect(s.run('SINTER', 'a', 'b')).toBe(bulks('3', '4', '5'));
    expect(s.run('SINTER', 'a', 'b', 'c')).toBe(bulks('3', '4'));
    expect(s.run('SINTER', 'a', 'nokey')).toBe(EMPTY);
    expect(s.run('SINTER', 'a', 'a')).toBe(bulks('1', '2', '3', '4', '5'));
    expect(s.run('SUNION', 'a', 'b')).toBe(bulks('1', '2', '3', '4', '5', '6', '7'));
    expect(s.run('SUNION', 'nokey')).toBe(EMPTY);
    expect(sortedMembers(s, 'SUNION', 'a', 'c')).toEqual(['1', '2', '3', '4', '5', 'x', 'y']);
    expect(s.run('SDIFF', 'a', 'b')).toBe(bulks('1', '2'));
    expect(s.run('SDIFF', 'a', 'a')).toBe(EMPTY);
    expect(s.run('SDIFF', 'a', 'b', 'a')).toBe(EMPTY);
    expect(s.run('SDIFF', 'nokey', 'a')).toBe(EMPTY);
    expect(s.run('SDIFF', 'a', 'nokey', 'b')).toBe(bulks('1', '2'));
    expect(sortedMembers(s, 'SDIFF', 'c', 'a')).toEqual(['x', 'y']);
  });

  it('stores results with fresh encodings, drops TTLs and deletes on empty results', () => {
    const { s, ops } = propagatingSession(11);
    s.run('SADD', 'a', '1', '2', '3', '4', '5');
    s.run('SADD', 'c', 'x', 'y', '3', '4');
    s.run('SET', 'dst', 'v');
    s.run('EXPIRE', 'dst', '100');
    expect(s.run('SINTERSTORE', 'dst', 'c', 'a')).toBe(int(2));
    expect(s.run('OBJECT', 'ENCODING', 'dst')).toBe(bulk('intset'));
    expect(s.run('TTL', 'dst')).toBe(int(-1));
    expect(s.run('SUNIONSTORE', 'u', 'a', 'c')).toBe(int(7));
    expect(s.run('OBJECT', 'ENCODING', 'u')).toBe(bulk('hashtable'));
    ops.length = 0;
    expect(s.run('SINTERSTORE', 'dst', 'a', 'nokey')).toBe(int(0));
    expect(s.run('EXISTS', 'dst')).toBe(int(0));
    expect(s.run('SINTERSTORE', 'dst', 'a', 'nokey')).toBe(int(0));
    expect(s.run('SDIFFSTORE', 'df', 'a', 'a')).toBe(int(0));
    // Only the call that deleted a key changed the dataset.
    expect(ops).toEqual([['SINTERSTORE', 'dst', 'a', 'nokey']]);
  });

  it('SDIFF keeps the encoding its algorithm produces', () => {
    const s = new EngineSession();
    const head = Array.from({ length: 20 }, (_, i) => String(i + 1));
    s.run('SADD', 'h', ...head, 'x');
    s.run('SADD', 's1', 'x');
    s.run('SADD', 's2', 'y');
    s.run('SADD', 's3', 'z');
    // Algorithm 2 (head much larger than the rest): all of h goes in first, so 'x' made it a hashtable.
    expect(s.run('SDIFFSTORE', 'r', 'h', 's1', 's2', 's3')).toBe(int(20));
    expect(s.run('OBJECT', 'ENCODING', 'r')).toBe(bulk('hashtable'));
    // Algorithm 1: only survivors are added.
    expect(s.run('SDIFFSTORE', 'r', 'h', 's1')).toBe(int(20));
    expect(s.run('OBJECT', 'ENCODING', 'r')).toBe(bulk('intset'));
  });

  it('SINTERCARD parses numkeys and LIMIT with Redis wording', () => {
    const s = new EngineSession();
    s.run('SADD', 'a', '1', '2', '3', '4', '5');
    s.run('SADD', 'b', '3', '4', '5', '6', '7');
    expect(s.run('SINTERCARD', '2', 'a', 'b')).toBe(int(3));
    expect(s.run('SINTERCARD', '2', 'a', 'b', 'LIMIT', '0')).toBe(int(3));
    expect(s.run('SINTERCARD', '2', 'a', 'b', 'limit', '2')).toBe(int(2));
    expect(s.run('SINTERCARD', '2', 'a', 'b', 'LIMIT', '2', 'LIMIT', '1')).toBe(int(1));
    expect(s.run('SINTERCARD', '2', 'a', 'nokey')).toBe(int(0));
    expect(s.run('SINTERCARD', '0', 'a')).toBe(err('ERR numkeys should be greater than 0'));
    expect(s.run('SINTERCARD', 'x', 'a')).toBe(err('ERR numkeys should be greater than 0'));
    expect(s.run('SINTERCARD', '3', 'a', 'b')).toBe(err("ERR Number of keys can't be greater than number of args"));
    expect(s.run('SINTERCARD', '1', 'a', 'b')).toBe(err('ERR syntax error'));
    expect(s.run('SINTERCARD', '1', 'a', 'LIMIT')).toBe(err('ERR syntax error'));
    expect(s.run('SINTERCARD', '1', 'a', 'LIMIT', '-1')).toBe(err("ERR LIMIT can't be negative"));
    expect(s.run('SINTERCARD', '1', 'a', 'LIMIT', 'x')).toBe(err("ERR LIMIT can't be negative"));
  });
});

describe('SPOP / SRANDMEMBER', () => {
  it('validates arguments before looking up the key', () => {
    const s = new EngineSession({ seed: 5 });
    expect(s.run('SPOP', 'nokey')).toBe(nil);
    expect(s.run('SPOP', 'nokey', '0')).toBe(EMPTY);
    expect(s.run('SPOP', 'nokey', '5')).toBe(EMPTY);
    expect(s.run('SPOP', 'nokey', '-1')).toBe(err('ERR value is out of range, must be positive'));
    expect(s.run('SPOP', 'nokey', 'x')).toBe(err('ERR value is out of range, must be positive'));
    expect(s.run('SPOP', 'nokey', '1', '2')).toBe(err('ERR syntax error'));
    expect(s.run('SRANDMEMBER', 'nokey')).toBe(nil);
    expect(s.run('SRANDMEMBER', 'nokey', '5')).toBe(EMPTY);
    expect(s.run('SRANDMEMBER', 'nokey', '1', '2')).toBe(err('ERR syntax error'));
    expect(s.run('SRANDMEMBER', 'nokey', 'x')).toBe(err('ERR value is not an integer or out of range'));
    expect(s.run('SRANDMEMBER', 'nokey', '-9223372036854775808')).toBe(
      err('ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807'));
    s.run('SADD', 'r', '1', '2', '3');
    expect(s.run('SRANDMEMBER', 'r', '3')).toBe(bulks('1', '2', '3'));
    expect(s.run('SRANDMEMBER', 'r', '10')).toBe(bulks('1', '2', '3'));
    expect((s.engine.execute(s.client, ['SRANDMEMBER', 'r', '-20']) as string[]).length).toBe(20);
    s.run('SADD', 'big', ...Array.from({ length: 50 }, (_, i) => `m${i}`));
    for (const count of ['2', '20', '40']) {
      expect(new Set(s.engine.execute(s.client, ['SRANDMEMBER', 'big', count]) as string[]).size).toBe(Number(count));
    }
  });

  it('propagates SPOP as SREM, SREM batches, or DEL', () => {
    const { s, ops } = propagatingSession(11);
    s.run('SADD', 's', '1', '2', '3', '4', '5', '6', '7', '8', '9', '10');
    ops.length = 0;
    const one = s.engine.execute(s.client, ['SPOP', 's']) as string;
    expect(ops).toEqual([['SREM', 's', one]]);
    ops.length = 0;
    // CASE 2 (9 left, 2 popped): one SREM per popped member, wrapped as one transaction.
    const two = s.engine.execute(s.client, ['SPOP', 's', '2']) as string[];
    expect(ops).toEqual([['MULTI'], ['SREM', 's', two[0]!], ['SREM', 's', two[1]!], ['EXEC']]);
    ops.length = 0;
    // CASE 3 (7 left, 6 popped): the popped members come in the old set's (ascending) order.
    const six = s.engine.execute(s.client, ['SPOP', 's', '6']) as string[];
    expect(six.slice().sort((a, b) => Number(a) - Number(b))).toEqual(six);
    expect(ops).toEqual([['MULTI'], ...six.map((m) => ['SREM', 's', m]), ['EXEC']]);
    expect(s.run('SCARD', 's')).toBe(int(1));
    ops.length = 0;
    // CASE 1: the whole set, propagated as DEL.
    expect((s.engine.execute(s.client, ['SPOP', 's', '5']) as string[]).length).toBe(1);
    expect(ops).toEqual([['DEL', 's']]);
    expect(s.run('EXISTS', 's')).toBe(int(0));
  });

  it('SPOP CASE 3 rebuilds the remaining set with a fresh encoding and keeps the TTL', () => {
    const s = new EngineSession({ seed: 9 });
    s.run('SADD', 's', '1', '2', '3', '4', '5', '6', '7', '8', '9', '10');
    s.run('SADD', 's', 'a');
    s.run('SREM', 's', 'a');
    s.run('EXPIRE', 's', '100');
    expect(s.run('OBJECT', 'ENCODING', 's')).toBe(bulk('hashtable'));
    s.run('SPOP', 's', '9');
    expect(s.run('OBJECT', 'ENCODING', 's')).toBe(bulk('intset'));
    expect(s.run('TTL', 's')).toBe(int(100));
  });
});

describe('SSCAN', () => {
  it('returns an intset whole with cursor 0 and iterates a hashtable completely', () => {
    const s = new EngineSession();
    s.run('SADD', 'i', '3', '1', '22');
    expect(s.run('SSCAN', 'i', '0', 'MATCH', '?')).toBe(`*2\r\n${bulk('0')}${bulks('1', '3')}`);
    expect(s.run('SSCAN', 'i', '0', 'COUNT', '0')).toBe(err('ERR syntax error'));
    expect(s.run('SSCAN', 'nokey', '0')).toBe(`*2\r\n${bulk('0')}${EMPTY}`);
    s.run('SADD', 'h', ...Array.from({ length: 200 }, (_, i) => `m${i}`));
    const seen = new Set<string>();
    let cursor = '0';
    do {
      const r = s.engine.execute(s.client, ['SSCAN', 'h', cursor]) as [string, string[]];
      cursor = r[0];
      for (const m of r[1]) seen.add(m);
    } while (cursor !== '0');
    expect(seen.size).toBe(200);
  });
});
