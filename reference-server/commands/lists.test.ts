// Byte-exact checks of the non-blocking list commands against replies recorded from redis-server
// 7.0.15 (the same commands sent to both servers side by side), plus dirty counts and propagation.

import { describe, expect, it } from 'vitest';
import { EngineSession, propagatingSession, resp } from '../testing/engine-session.js';
import { createStringValue } from '../keyspace/string-value.js';

const WRONGTYPE = resp.err('WRONGTYPE Operation against a key holding the wrong kind of value');

/** A session with a string at `s`, for WRONGTYPE checks (SET belongs to another family). */
function withString(): EngineSession {
  const s = new EngineSession();
  s.engine.keyspace.add(s.engine.keyspace.dbs[0]!, 's', createStringValue('v'));
  return s;
}

describe('push, length, range, index', () => {
  it('LPUSH/RPUSH/LPUSHX/RPUSHX and LRANGE', () => {
    const s = new EngineSession();
    expect(s.run('LPUSH', 'l', 'a', 'b', 'c')).toBe(resp.int(3));
    expect(s.run('RPUSH', 'l', 'd', 'e', '1', '2', '3')).toBe(resp.int(8));
    expect(s.run('LRANGE', 'l', '0', '-1')).toBe(resp.bulks('c', 'b', 'a', 'd', 'e', '1', '2', '3'));
    expect(s.run('LRANGE', 'l', '-100', '100')).toBe(resp.bulks('c', 'b', 'a', 'd', 'e', '1', '2', '3'));
    expect(s.run('LRANGE', 'l', '5', '2')).toBe('*0\r\n');
    expect(s.run('LRANGE', 'l', '20', '30')).toBe('*0\r\n');
    expect(s.run('LRANGE', 'l', '-3', '-1')).toBe(resp.bulks('1', '2', '3'));
    expect(s.run('LRANGE', 'l', 'a', '1')).toBe(resp.err('ERR value is not an integer or out of range'));
    expect(s.run('LRANGE', 'l', '0', '9223372036854775807')).toBe(resp.bulks('c', 'b', 'a', 'd', 'e', '1', '2', '3'));
    expect(s.run('LRANGE', 'l', '-9223372036854775808', '-9223372036854775808')).toBe('*0\r\n');
    expect(s.run('LRANGE', 'nokey', '0', '-1')).toBe('*0\r\n');
    expect(s.run('LRANGE', 'nokey', 'x', '1')).toBe(resp.err('ERR value is not an integer or out of range'));
    expect(s.run('LLEN', 'l')).toBe(resp.int(8));
    expect(s.run('LLEN', 'nokey')).toBe(resp.int(0));
    expect(s.run('LPUSHX', 'nokey', 'a')).toBe(resp.int(0));
    expect(s.run('RPUSHX', 'nokey', 'a')).toBe(resp.int(0));
    expect(s.run('LPUSHX', 'l', 'x', 'y')).toBe(resp.int(10));
    expect(s.run('RPUSHX', 'l', 'z')).toBe(resp.int(11));
    expect(s.run('LPUSH', 'l')).toBe(resp.err("ERR wrong number of arguments for 'lpush' command"));
  });

  it('LINDEX and LSET', () => {
    const s = new EngineSession();
    s.run('RPUSH', 'l', 'y', 'x', 'c', 'z');
    expect(s.run('LINDEX', 'l', '0')).toBe(resp.bulk('y'));
    expect(s.run('LINDEX', 'l', '-1')).toBe(resp.bulk('z'));
    expect(s.run('LINDEX', 'l', '100')).toBe(resp.nil);
    expect(s.run('LINDEX', 'l', '-100')).toBe(resp.nil);
    expect(s.run('LINDEX', 'l', 'abc')).toBe(resp.err('ERR value is not an integer or out of range'));
    expect(s.run('LINDEX', 'nokey', 'abc')).toBe(resp.nil);
    expect(s.run('LSET', 'l', '0', 'A')).toBe(resp.ok);
    expect(s.run('LSET', 'l', '-1', 'Z')).toBe(resp.ok);
    expect(s.run('LSET', 'l', '100', 'x')).toBe(resp.err('ERR index out of range'));
    expect(s.run('LSET', 'l', '-100', 'x')).toBe(resp.err('ERR index out of range'));
    expect(s.run('LSET', 'l', 'abc', 'x')).toBe(resp.err('ERR value is not an integer or out of range'));
    expect(s.run('LSET', 'nokey', 'abc', 'x')).toBe(resp.err('ERR no such key'));
    expect(s.run('LRANGE', 'l', '0', '-1')).toBe(resp.bulks('A', 'x', 'c', 'Z'));
  });

  it('keeps bytes as they are (binary and integer-looking elements)', () => {
    const s = new EngineSession();
    s.run('RPUSH', 'l', '\x00\xff\r\n', '007', '-0', '12');
    expect(s.run('LRANGE', 'l', '0', '-1')).toBe(resp.bulks('\x00\xff\r\n', '007', '-0', '12'));
  });
});

describe('pops', () => {
  it('LPOP/RPOP with and without count: null bulk, null array, empty array', () => {
    const s = new EngineSession();
    s.run('RPUSH', 'l', 'x', 'A', 'c', 'b', 'a', 'd', 'e', '1', '2', '3', 'Z');
    expect(s.run('LPOP', 'l')).toBe(resp.bulk('x'));
    expect(s.run('RPOP', 'l')).toBe(resp.bulk('Z'));
    expect(s.run('LPOP', 'l', '2')).toBe(resp.bulks('A', 'c'));
    expect(s.run('RPOP', 'l', '2')).toBe(resp.bulks('3', '2'));
    expect(s.run('LPOP', 'l', '0')).toBe('*0\r\n');
    expect(s.run('RPOP', 'l', '0')).toBe('*0\r\n');
    expect(s.run('LPOP', 'nokey')).toBe(resp.nil);
    expect(s.run('LPOP', 'nokey', '0')).toBe(resp.nilArray);
    expect(s.run('LPOP', 'nokey', '3')).toBe(resp.nilArray);
    expect(s.run('LPOP', 'nokey', '-1')).toBe(resp.err('ERR value is out of range, must be positive'));
    expect(s.run('LPOP', 'nokey', 'abc')).toBe(resp.err('ERR value is out of range, must be positive'));
    expect(s.run('LPOP', 'l', '1', '2')).toBe(resp.err("ERR wrong number of arguments for 'lpop' command"));
    expect(s.run('RPOP', 'l', '9223372036854775807')).toBe(resp.bulks('1', 'e', 'd', 'a', 'b'));
    expect(s.run('LLEN', 'l')).toBe(resp.int(0));
    expect(s.engine.keyspace.dbs[0]!.dict.has('l')).toBe(false);
  });

  it('LMPOP: numkeys, direction, COUNT and their errors', () => {
    const s = new EngineSession();
    s.run('RPUSH', 'l', 'a', 'b', 'c', 'd', 'e');
    expect(s.run('LMPOP', '1', 'l', 'left')).toBe('*2\r\n$1\r\nl\r\n' + resp.bulks('a'));
    expect(s.run('LMPOP', '1', 'l', 'right', 'count', '2')).toBe('*2\r\n$1\r\nl\r\n' + resp.bulks('e', 'd'));
    expect(s.run('LMPOP', '2', 'nokey', 'l', 'LEFT', 'COUNT', '100')).toBe('*2\r\n$1\r\nl\r\n' + resp.bulks('b', 'c'));
    expect(s.run('LMPOP', '2', 'nokey', 'l', 'left', 'count', '100')).toBe(resp.nilArray);
    expect(s.run('LMPOP', '0', 'l', 'left')).toBe(resp.err('ERR numkeys should be greater than 0'));
    expect(s.run('LMPOP', '-1', 'l', 'left')).toBe(resp.err('ERR numkeys should be greater than 0'));
    expect(s.run('LMPOP', 'x', 'l', 'left')).toBe(resp.err('ERR numkeys should be greater than 0'));
    expect(s.run('LMPOP', '2', 'l', 'left')).toBe(resp.err('ERR syntax error'));
    expect(s.run('LMPOP', '1', 'l', 'middle')).toBe(resp.err('ERR syntax error'));
    expect(s.run('LMPOP', '1', 'l', 'left', 'count')).toBe(resp.err('ERR syntax error'));
    expect(s.run('LMPOP', '1', 'l', 'left', 'count', '0')).toBe(resp.err('ERR count should be greater than 0'));
    expect(s.run('LMPOP', '1', 'l', 'left', 'count', 'x')).toBe(resp.err('ERR count should be greater than 0'));
    expect(s.run('LMPOP', '1', 'l', 'left', 'count', '1', 'count', '1')).toBe(resp.err('ERR syntax error'));
    expect(s.run('LMPOP', '9223372036854775806', 'l', 'left')).toBe(resp.err('ERR syntax error'));
  });

  it('LMOVE and RPOPLPUSH, including the same list and source deletion', () => {
    const s = new EngineSession();
    s.run('RPUSH', 'src', '1', '2', '3');
    expect(s.run('LMOVE', 'src', 'dst', 'left', 'right')).toBe(resp.bulk('1'));
    expect(s.run('LMOVE', 'src', 'dst', 'right', 'left')).toBe(resp.bulk('3'));
    expect(s.run('LMOVE', 'src', 'dst', 'LEFT', 'RIGHT')).toBe(resp.bulk('2'));
    expect(s.run('LMOVE', 'src', 'dst', 'left', 'right')).toBe(resp.nil);
    expect(s.run('LRANGE', 'dst', '0', '-1')).toBe(resp.bulks('3', '1', '2'));
    expect(s.run('LMOVE', 'dst', 'dst', 'left', 'right')).toBe(resp.bulk('3'));
    expect(s.run('LRANGE', 'dst', '0', '-1')).toBe(resp.bulks('1', '2', '3'));
    expect(s.run('LMOVE', 'dst', 'dst', 'up', 'left')).toBe(resp.err('ERR syntax error'));
    expect(s.run('LMOVE', 'nokey', 'dst', 'left', 'up')).toBe(resp.err('ERR syntax error'));
    s.run('RPUSH', 'one', 'x');
    expect(s.run('LMOVE', 'one', 'one', 'left', 'right')).toBe(resp.bulk('x'));
    expect(s.run('RPOPLPUSH', 'one', 'one')).toBe(resp.bulk('x'));
    expect(s.run('RPOPLPUSH', 'one', 'two')).toBe(resp.bulk('x'));
    expect(s.engine.keyspace.dbs[0]!.dict.has('one')).toBe(false);
    expect(s.run('RPOPLPUSH', 'nokey', 'two')).toBe(resp.nil);
  });

  it('LMOVE checks the destination type before popping; a missing source wins over it', () => {
    const s = withString();
    s.run('RPUSH', 'l', 'a');
    expect(s.run('LMOVE', 'l', 's', 'left', 'left')).toBe(WRONGTYPE);
    expect(s.run('LLEN', 'l')).toBe(resp.int(1));
    expect(s.run('LMOVE', 'nokey', 's', 'left', 'left')).toBe(resp.nil);
    expect(s.run('RPOPLPUSH', 's', 'l')).toBe(WRONGTYPE);
  });
});

describe('LREM, LTRIM, LINSERT', () => {
  it('LREM from the head, from the tail, all', () => {
    const s = new EngineSession();
    s.run('RPUSH', 'r', 'a', 'b', 'a', 'c', 'a', 'd', 'a');
    expect(s.run('LREM', 'r', '2', 'a')).toBe(resp.int(2));
    expect(s.run('LRANGE', 'r', '0', '-1')).toBe(resp.bulks('b', 'c', 'a', 'd', 'a'));
    expect(s.run('LREM', 'r', '-1', 'a')).toBe(resp.int(1));
    expect(s.run('LRANGE', 'r', '0', '-1')).toBe(resp.bulks('b', 'c', 'a', 'd'));
    expect(s.run('LREM', 'r', '0', 'a')).toBe(resp.int(1));
    expect(s.run('LREM', 'r', '0', 'zz')).toBe(resp.int(0));
    expect(s.run('LREM', 'r', 'x', 'a')).toBe(resp.err('ERR value is not an integer or out of range'));
    expect(s.run('LREM', 'r', '1', 'b')).toBe(resp.int(1));
    expect(s.run('LREM', 'r', '1', 'c')).toBe(resp.int(1));
    expect(s.run('LREM', 'r', '1', 'd')).toBe(resp.int(1));
    expect(s.engine.keyspace.dbs[0]!.dict.has('r')).toBe(false);
    expect(s.run('LREM', 'r', '1', 'd')).toBe(resp.int(0));
    s.run('RPUSH', 'm', 'a', 'b', 'a', 'c', 'a');
    expect(s.run('LREM', 'm', '-9223372036854775808', 'a')).toBe(resp.int(3));
    expect(s.run('LRANGE', 'm', '0', '-1')).toBe(resp.bulks('b', 'c'));
  });

  it('LTRIM', () => {
    const s = new EngineSession();
    s.run('RPUSH', 't', '1', '2', '3', '4', '5', '6', '7', '8', '9');
    expect(s.run('LTRIM', 't', '1', '-2')).toBe(resp.ok);
    expect(s.run('LRANGE', 't', '0', '-1')).toBe(resp.bulks('2', '3', '4', '5', '6', '7', '8'));
    expect(s.run('LTRIM', 't', '-100', '100')).toBe(resp.ok);
    expect(s.run('LLEN', 't')).toBe(resp.int(7));
    expect(s.run('LTRIM', 't', '2', '1')).toBe(resp.ok);
    expect(s.engine.keyspace.dbs[0]!.dict.has('t')).toBe(false);
    s.run('RPUSH', 't', 'a', 'b');
    expect(s.run('LTRIM', 't', '5', '10')).toBe(resp.ok);
    expect(s.run('LRANGE', 't', '0', '-1')).toBe('*0\r\n');
    expect(s.run('LTRIM', 'nokey', '0', '1')).toBe(resp.ok);
    expect(s.run('LTRIM', 'nokey', 'a', '1')).toBe(resp.err('ERR value is not an integer or out of range'));
  });

  it('LINSERT: new length, -1 without pivot, 0 without key, syntax first', () => {
    const s = new EngineSession();
    s.run('RPUSH', 'i', 'a', 'b', 'c');
    expect(s.run('LINSERT', 'i', 'before', 'b', 'X')).toBe(resp.int(4));
    expect(s.run('LINSERT', 'i', 'after', 'c', 'Y')).toBe(resp.int(5));
    expect(s.run('LINSERT', 'i', 'after', 'zz', 'Y')).toBe(resp.int(-1));
    expect(s.run('LINSERT', 'i', 'AFTER', 'a', 'Q')).toBe(resp.int(6));
    expect(s.run('LINSERT', 'i', 'middle', 'a', 'Q')).toBe(resp.err('ERR syntax error'));
    expect(s.run('LINSERT', 'nokey', 'before', 'a', 'b')).toBe(resp.int(0));
    expect(s.run('LINSERT', 'nokey', 'middle', 'a', 'b')).toBe(resp.err('ERR syntax error'));
    expect(s.run('LRANGE', 'i', '0', '-1')).toBe(resp.bulks('a', 'Q', 'X', 'b', 'c', 'Y'));
  });
});

describe('LPOS', () => {
  it('RANK, COUNT, MAXLEN and their errors', () => {
    const s = new EngineSession();
    s.run('RPUSH', 'l', 'a', 'b', 'c', 'a', 'b', 'c', 'a', 'b', 'c', 'a');
    const ints = (...n: number[]) => resp.array(...n.map((i) => resp.int(i)));
    expect(s.run('LPOS', 'l', 'a')).toBe(resp.int(0));
    expect(s.run('LPOS', 'l', 'a', 'rank', '2')).toBe(resp.int(3));
    expect(s.run('LPOS', 'l', 'a', 'rank', '-1')).toBe(resp.int(9));
    expect(s.run('LPOS', 'l', 'a', 'rank', '-2')).toBe(resp.int(6));
    expect(s.run('LPOS', 'l', 'a', 'rank', '100')).toBe(resp.nil);
    expect(s.run('LPOS', 'l', 'a', 'count', '0')).toBe(ints(0, 3, 6, 9));
    expect(s.run('LPOS', 'l', 'a', 'count', '2', 'rank', '2')).toBe(ints(3, 6));
    expect(s.run('LPOS', 'l', 'a', 'count', '0', 'rank', '-2')).toBe(ints(6, 3, 0));
    expect(s.run('LPOS', 'l', 'a', 'count', '0', 'maxlen', '4')).toBe(ints(0, 3));
    expect(s.run('LPOS', 'l', 'a', 'count', '0', 'maxlen', '4', 'rank', '-1')).toBe(ints(9, 6));
    expect(s.run('LPOS', 'l', 'b', 'maxlen', '1')).toBe(resp.nil);
    expect(s.run('LPOS', 'l', 'b', 'maxlen', '1', 'count', '1')).toBe('*0\r\n');
    expect(s.run('LPOS', 'l', 'c', 'rank', '-1', 'maxlen', '2')).toBe(resp.int(8));
    expect(s.run('LPOS', 'nokey', 'a')).toBe(resp.nil);
    expect(s.run('LPOS', 'nokey', 'a', 'count', '0')).toBe('*0\r\n');
    expect(s.run('LPOS', 'nokey', 'a', 'rank', '0')).toBe(
      resp.err("ERR RANK can't be zero: use 1 to start from the first match, 2 from the second ... or use negative to start from the end of the list"),
    );
    expect(s.run('LPOS', 'nokey', 'a', 'rank', 'x')).toBe(resp.err('ERR value is not an integer or out of range'));
    expect(s.run('LPOS', 'nokey', 'a', 'count', '-1')).toBe(resp.err("ERR COUNT can't be negative"));
    expect(s.run('LPOS', 'nokey', 'a', 'count', 'x')).toBe(resp.err("ERR COUNT can't be negative"));
    expect(s.run('LPOS', 'nokey', 'a', 'maxlen', 'x')).toBe(resp.err("ERR MAXLEN can't be negative"));
    expect(s.run('LPOS', 'l', 'a', 'rank')).toBe(resp.err('ERR syntax error'));
    expect(s.run('LPOS', 'l', 'a', 'foo', '1')).toBe(resp.err('ERR syntax error'));
  });

  it('RANK LLONG_MIN behaves as in C (the negation overflows)', () => {
    const s = new EngineSession();
    s.run('RPUSH', 'l', 'a', 'b', 'c', 'a', 'b', 'c', 'a', 'b', 'c', 'a');
    const ints = (...n: number[]) => resp.array(...n.map((i) => resp.int(i)));
    expect(s.run('LPOS', 'l', 'a', 'RANK', '-9223372036854775808')).toBe(resp.int(9));
    expect(s.run('LPOS', 'l', 'a', 'RANK', '-9223372036854775808', 'count', '2')).toBe(ints(9, 6, 3, 0));
    expect(s.run('LPOS', 'l', 'a', 'RANK', '-9223372036854775807', 'count', '2')).toBe('*0\r\n');
  });
});

describe('wrong types', () => {
  it('every list command refuses a string key', () => {
    const s = withString();
    for (const cmd of [
      ['LPUSH', 's', 'a'], ['LPUSHX', 's', 'a'], ['RPOP', 's'], ['LPOP', 's', '0'], ['LLEN', 's'],
      ['LRANGE', 's', '0', '-1'], ['LINDEX', 's', '0'], ['LSET', 's', '0', 'x'], ['LREM', 's', '0', 'a'],
      ['LTRIM', 's', '0', '1'], ['LINSERT', 's', 'before', 'a', 'b'], ['LPOS', 's', 'a'],
      ['LMPOP', '2', 'nokey', 's', 'left'], ['BLPOP', 'nokey', 's', '0'], ['BLMOVE', 's', 'd', 'left', 'left', '0'],
    ]) {
      expect(s.run(...cmd), cmd.join(' ')).toBe(WRONGTYPE);
    }
    // Argument errors come before the type check where Redis parses first.
    expect(s.run('LPOP', 's', '-1')).toBe(resp.err('ERR value is out of range, must be positive'));
    expect(s.run('LRANGE', 's', 'a', 'b')).toBe(resp.err('ERR value is not an integer or out of range'));
    expect(s.run('LPOS', 's', 'a', 'rank', '0')).toMatch(/^-ERR RANK/);
    expect(s.run('LINSERT', 's', 'foo', 'a', 'b')).toBe(resp.err('ERR syntax error'));
  });
});

describe('dirty counts and propagation', () => {
  it('counts one change per element, none for no-op trims and removals', () => {
    const s = new EngineSession();
    const dirty = () => s.engine.dirty;
    s.run('RPUSH', 'l', 'a', 'b', 'c', 'd');
    expect(dirty()).toBe(4);
    s.run('LPOP', 'l', '2');
    expect(dirty()).toBe(6);
    s.run('LTRIM', 'l', '0', '100');
    s.run('LREM', 'l', '0', 'zz');
    s.run('LINSERT', 'l', 'before', 'zz', 'x');
    s.run('LPOP', 'nokey');
    expect(dirty()).toBe(6);
  });

  it('rewrites LMPOP as LPOP/RPOP with the count popped; others propagate as themselves', () => {
    const { s, ops } = propagatingSession();
    s.run('RPUSH', 'm', '1', '2', '3');
    s.run('LMPOP', '1', 'm', 'right', 'COUNT', '5');
    s.run('RPUSH', 'm', '1', '2', '3');
    s.run('LMPOP', '1', 'm', 'left');
    s.run('LMOVE', 'm', 'd', 'Left', 'rIght');
    s.run('RPOPLPUSH', 'm', 'd');
    s.run('LMPOP', '1', 'm', 'right');
    s.run('LMOVE', 'nokey', 'd', 'left', 'left');
    s.run('LTRIM', 'd', '0', '100');
    s.run('LREM', 'd', '0', 'zzz');
    expect(ops).toEqual([
      ['RPUSH', 'm', '1', '2', '3'],
      ['RPOP', 'm', '3'],
      ['RPUSH', 'm', '1', '2', '3'],
      ['LPOP', 'm', '1'],
      ['LMOVE', 'm', 'd', 'Left', 'rIght'],
      ['RPOPLPUSH', 'm', 'd'],
    ]);
  });
});

describe('performance', () => {
  it('LPUSH, LPOP and LRANGE stay fast on a long list', () => {
    const s = new EngineSession();
    const started = performance.now();
    for (let i = 0; i < 100_000; i++) s.engine.execute(s.client, ['LPUSH', 'big', 'v' + i]);
    for (let i = 0; i < 50_000; i++) s.engine.execute(s.client, ['LPOP', 'big']);
    for (let i = 0; i < 1_000; i++) s.engine.execute(s.client, ['LRANGE', 'big', '25000', '25009']);
    expect(s.run('LLEN', 'big')).toBe(resp.int(50_000));
    expect(s.run('LINDEX', 'big', '0')).toBe(resp.bulk('v49999'));
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});
