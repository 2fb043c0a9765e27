// Byte-exact checks of the hash commands against replies recorded from redis-server 7.0.15 (the
// same commands sent to both servers side by side), plus encodings, dirty counts and propagation.

import { describe, expect, it } from 'vitest';
import { EngineSession, propagatingSession, resp } from '../testing/engine-session.js';
import { createStringValue } from '../keyspace/string-value.js';

const { bulk, bulks, err, int, nil, ok } = resp;
const WRONGTYPE = err('WRONGTYPE Operation against a key holding the wrong kind of value');

/** A session with a string at `str`, for WRONGTYPE checks. */
function withString(): EngineSession {
  const s = new EngineSession({ seed: 1 });
  s.engine.keyspace.add(s.engine.keyspace.dbs[0]!, 'str', createStringValue('v'));
  return s;
}

describe('HSET / HMSET / HSETNX and reads', () => {
  it('sets fields and reads them in insertion order', () => {
    const s = new EngineSession();
    expect(s.run('HSET', 'h', 'f', 'v', 'g')).toBe(err("ERR wrong number of arguments for 'hset' command"));
    expect(s.run('HMSET', 'h', 'f', 'v', 'g')).toBe(err("ERR wrong number of arguments for 'hmset' command"));
    expect(s.run('HSET', 'h', 'f', 'v')).toBe(int(1));
    expect(s.run('HSET', 'h', 'f', 'v2', 'g', '7', 'h', '007')).toBe(int(2));
    expect(s.run('HMSET', 'h', 'a', '1', 'b', '2')).toBe(ok);
    expect(s.run('HGETALL', 'h')).toBe(bulks('f', 'v2', 'g', '7', 'h', '007', 'a', '1', 'b', '2'));
    expect(s.run('HKEYS', 'h')).toBe(bulks('f', 'g', 'h', 'a', 'b'));
    expect(s.run('HVALS', 'h')).toBe(bulks('v2', '7', '007', '1', '2'));
    expect(s.run('HLEN', 'h')).toBe(int(5));
    expect(s.run('HGET', 'h', 'f')).toBe(bulk('v2'));
    expect(s.run('HGET', 'h', 'nope')).toBe(nil);
    expect(s.run('HGET', 'nokey', 'f')).toBe(nil);
    expect(s.run('HMGET', 'h', 'f', 'nope', 'g')).toBe(`*3\r\n${bulk('v2')}${nil}${bulk('7')}`);
    expect(s.run('HMGET', 'nokey', 'a', 'b')).toBe(`*2\r\n${nil}${nil}`);
    expect(s.run('HEXISTS', 'h', 'f')).toBe(int(1));
    expect(s.run('HEXISTS', 'h', 'zz')).toBe(int(0));
    expect(s.run('HSTRLEN', 'h', 'h')).toBe(int(3));
    expect(s.run('HSTRLEN', 'nokey', 'f')).toBe(int(0));
    expect(s.run('HGETALL', 'nokey')).toBe('*0\r\n');
    expect(s.run('HSETNX', 'h', 'f', 'x')).toBe(int(0));
    expect(s.run('HSETNX', 'h', 'new', 'x')).toBe(int(1));
    expect(s.run('HSETNX', 'newh', 'f', 'x')).toBe(int(1));
  });

  it('HDEL removes fields and the key with its last field', () => {
    const s = new EngineSession();
    s.run('HSET', 'd', 'a', '1', 'b', '2');
    expect(s.run('HDEL', 'd', 'a', 'x')).toBe(int(1));
    expect(s.run('HDEL', 'nokey', 'f')).toBe(int(0));
    expect(s.run('HDEL', 'd', 'b', 'c')).toBe(int(1));
    expect(s.run('EXISTS', 'd')).toBe(int(0));
  });

  it('answers WRONGTYPE for every command on a string key', () => {
    const s = withString();
    for (const cmd of [
      ['HSET', 'str', 'f', 'v'], ['HGET', 'str', 'f'], ['HMGET', 'str', 'f'], ['HLEN', 'str'], ['HGETALL', 'str'],
      ['HINCRBY', 'str', 'f', '1'], ['HINCRBYFLOAT', 'str', 'f', '1'], ['HDEL', 'str', 'f'], ['HEXISTS', 'str', 'f'],
      ['HSTRLEN', 'str', 'f'], ['HSETNX', 'str', 'f', 'v'], ['HRANDFIELD', 'str'], ['HRANDFIELD', 'str', '1'],
      ['HSCAN', 'str', '0'], ['HKEYS', 'str'], ['HVALS', 'str'],
    ]) {
      expect(s.run(...cmd), cmd.join(' ')).toBe(WRONGTYPE);
    }
    // Argument errors come first where Redis checks them first.
    expect(s.run('HINCRBY', 'str', 'f', 'x')).toBe(err('ERR value is not an integer or out of range'));
    expect(s.run('HINCRBYFLOAT', 'str', 'f', 'x')).toBe(err('ERR value is not a valid float'));
  });
});

describe('HINCRBY / HINCRBYFLOAT', () => {
  it('HINCRBY checks values, increments and overflow', () => {
    const s = new EngineSession();
    s.run('HSET', 'h', 'f', 'v', 'g', '7', 'sp', ' 1');
    expect(s.run('HINCRBY', 'h', 'g', '10')).toBe(int(17));
    expect(s.run('HINCRBY', 'h', 'f', '1')).toBe(err('ERR hash value is not an integer'));
    expect(s.run('HINCRBY', 'h', 'sp', '1')).toBe(err('ERR hash value is not an integer'));
    expect(s.run('HINCRBY', 'h', 'zz', 'x')).toBe(err('ERR value is not an integer or out of range'));
    expect(s.run('HINCRBY', 'h', 'zz', '9223372036854775800')).toBe(int(9223372036854775800n));
    expect(s.run('HINCRBY', 'h', 'zz', '8')).toBe(err('ERR increment or decrement would overflow'));
    expect(s.run('HINCRBY', 'h', 'neg', '-9223372036854775808')).toBe(int(-9223372036854775808n));
    expect(s.run('HINCRBY', 'h', 'neg', '-1')).toBe(err('ERR increment or decrement would overflow'));
    expect(s.run('HINCRBY', 'nokey2', 'f', '3')).toBe(int(3));
  });

  it('HINCRBYFLOAT uses long double and its own error texts', () => {
    const s = new EngineSession();
    s.run('HSET', 'h', 'f', 'v', 'inf', 'inf');
    expect(s.run('HINCRBYFLOAT', 'h', 'fl', '1.5')).toBe(bulk('1.5'));
    expect(s.run('HINCRBYFLOAT', 'h', 'fl', '0.1')).toBe(bulk('1.6'));
    expect(s.run('HINCRBYFLOAT', 'h', 'fl', '0.2')).toBe(bulk('1.8'));
    expect(s.run('HINCRBYFLOAT', 'h', 'g3', '0x10')).toBe(bulk('16'));
    expect(s.run('HINCRBYFLOAT', 'h', 'g2', '5.0e3')).toBe(bulk('5000'));
    expect(s.run('HINCRBYFLOAT', 'h', 'fl', 'abc')).toBe(err('ERR value is not a valid float'));
    expect(s.run('HINCRBYFLOAT', 'h', 'fl', 'nan')).toBe(err('ERR value is not a valid float'));
    expect(s.run('HINCRBYFLOAT', 'h', 'fl', 'inf')).toBe(err('ERR value is NaN or Infinity'));
    expect(s.run('HINCRBYFLOAT', 'h', 'f', '1')).toBe(err('ERR hash value is not a float'));
    expect(s.run('HINCRBYFLOAT', 'h', 'inf', '1')).toBe(err('ERR increment would produce NaN or Infinity'));
    expect(s.run('HINCRBYFLOAT', 'h', 'f2', '')).toBe(err('ERR value is not a valid float'));
  });

  it('HINCRBYFLOAT propagates as HSET with the final value; HSET counts every pair as dirty', () => {
    const { s, ops } = propagatingSession(7);
    s.run('HINCRBYFLOAT', 'h', 'f', '1.10');
    s.run('HSET', 'h', 'a', '1', 'a', '2');
    s.run('HINCRBY', 'h', 'a', 'x');
    expect(ops).toEqual([['HSET', 'h', 'f', '1.1'], ['HSET', 'h', 'a', '1', 'a', '2']]);
  });
});

describe('encodings', () => {
  it('converts listpack to hashtable at the configured thresholds, one way', () => {
    const s = new EngineSession();
    s.run('CONFIG', 'SET', 'hash-max-listpack-entries', '4');
    s.run('CONFIG', 'SET', 'hash-max-listpack-value', '8');
    const enc = (key: string) => s.run('OBJECT', 'ENCODING', key);
    s.run('HSET', 'a', 'f1', 'v1', 'f2', 'v2', 'f3', 'v3', 'f4', 'v4');
    expect(enc('a')).toBe(bulk('listpack'));
    s.run('HSET', 'a', 'f5', 'v5');
    expect(enc('a')).toBe(bulk('hashtable'));
    s.run('HDEL', 'a', 'f1', 'f2', 'f3');
    expect(enc('a')).toBe(bulk('hashtable'));
    s.run('HSET', 'b', 'f', '12345678');
    expect(enc('b')).toBe(bulk('listpack'));
    s.run('HSET', 'b', 'g', '123456789');
    expect(enc('b')).toBe(bulk('hashtable'));
    s.run('HSET', 'c', '123456789', 'v');
    expect(enc('c')).toBe(bulk('hashtable'));
    s.run('HINCRBY', 'e', 'f', '123456789');
    expect(enc('e')).toBe(bulk('hashtable'));
    s.run('HSET', 'e2', 'f', '1');
    s.run('HINCRBY', 'e2', 'f', '100000000');
    expect(enc('e2')).toBe(bulk('hashtable'));
    s.run('HINCRBYFLOAT', 'e3', 'f', '1.5');
    s.run('HINCRBYFLOAT', 'e3', 'f', '0.123456');
    expect(enc('e3')).toBe(bulk('listpack'));
    s.run('HINCRBYFLOAT', 'e3', 'verylongfield', '1');
    expect(enc('e3')).toBe(bulk('hashtable'));
    s.run('HSETNX', 'e4', 'f', 'v');
    s.run('HSETNX', 'e4', 'f', '123456789');
    expect(enc('e4')).toBe(bulk('listpack'));
    s.run('CONFIG', 'SET', 'hash-max-listpack-entries', '0');
    s.run('HSET', 'z', 'a', '1');
    expect(enc('z')).toBe(bulk('hashtable'));
  });
});

describe('HSCAN / HRANDFIELD', () => {
  it('HSCAN returns a listpack whole with cursor 0 and checks options only on an existing key', () => {
    const s = new EngineSession();
    s.run('HSET', 's', 'a', '1', 'b', '2', 'c', '3', 'dd', '4');
    expect(s.run('HSCAN', 's', '0')).toBe(`*2\r\n${bulk('0')}${bulks('a', '1', 'b', '2', 'c', '3', 'dd', '4')}`);
    expect(s.run('HSCAN', 's', '0', 'MATCH', '?')).toBe(`*2\r\n${bulk('0')}${bulks('a', '1', 'b', '2', 'c', '3')}`);
    expect(s.run('HSCAN', 's', '0', 'MATCH', 'd*', 'COUNT', '1')).toBe(`*2\r\n${bulk('0')}${bulks('dd', '4')}`);
    expect(s.run('HSCAN', 's', '0', 'COUNT', '0')).toBe(err('ERR syntax error'));
    expect(s.run('HSCAN', 's', '0', 'COUNT', 'x')).toBe(err('ERR value is not an integer or out of range'));
    expect(s.run('HSCAN', 's', '0', 'TYPE', 'string')).toBe(err('ERR syntax error'));
    expect(s.run('HSCAN', 's', 'abc')).toBe(err('ERR invalid cursor'));
    expect(s.run('HSCAN', 'nokey', '0', 'COUNT', '0')).toBe(`*2\r\n${bulk('0')}*0\r\n`);
  });

  it('HSCAN over a hashtable visits every field once over a full iteration', () => {
    const s = new EngineSession();
    const args: string[] = [];
    for (let i = 0; i < 300; i++) args.push(`f${i}`, `v${i}`);
    s.run('HSET', 'big', ...args);
    const seen = new Set<string>();
    let cursor = '0';
    do {
      const r = s.engine.execute(s.client, ['HSCAN', 'big', cursor, 'COUNT', '20']) as [string, string[]];
      cursor = r[0];
      for (let i = 0; i < r[1].length; i += 2) seen.add(r[1][i]!);
    } while (cursor !== '0');
    expect(seen.size).toBe(300);
  });

  it('HRANDFIELD validates count and honours its cases', () => {
    const s = new EngineSession({ seed: 3 });
    s.run('HSET', 's', 'a', '1', 'b', '2', 'c', '3', 'dd', '4');
    expect(s.run('HRANDFIELD', 'nokey')).toBe(nil);
    expect(s.run('HRANDFIELD', 'nokey', '5')).toBe('*0\r\n');
    expect(s.run('HRANDFIELD', 's', '0')).toBe('*0\r\n');
    expect(s.run('HRANDFIELD', 's', 'x')).toBe(err('ERR value is not an integer or out of range'));
    expect(s.run('HRANDFIELD', 's', '5', 'withvalue')).toBe(err('ERR syntax error'));
    expect(s.run('HRANDFIELD', 's', '5', 'WITHVALUES', 'x')).toBe(err('ERR syntax error'));
    expect(s.run('HRANDFIELD', 's', '4', 'WITHVALUES')).toBe(bulks('a', '1', 'b', '2', 'c', '3', 'dd', '4'));
    expect(s.run('HRANDFIELD', 's', '10')).toBe(bulks('a', 'b', 'c', 'dd'));
    expect(s.run('HRANDFIELD', 's', '-9223372036854775808')).toBe(
      err('ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807'));
    expect(s.run('HRANDFIELD', 'nokey', '4611686018427387904', 'WITHVALUES')).toBe(err('ERR value is out of range'));
    expect(s.run('HRANDFIELD', 's', '4611686018427387903', 'WITHVALUES')).toBe(bulks('a', '1', 'b', '2', 'c', '3', 'dd', '4'));
    const r = s.engine.execute(s.client, ['HRANDFIELD', 's', '-30', 'WITHVALUES']) as string[];
    expect(r.length).toBe(60);
    for (let i = 0; i < r.length; i += 2) expect(String(Number(r[i + 1]))).toBe({ a: '1', b: '2', c: '3', dd: '4' }[r[i]!]);
    for (const count of [2, 3]) {
      const u = s.engine.execute(s.client, ['HRANDFIELD', 's', String(count)]) as string[];
      expect(new Set(u).size).toBe(count);
    }
  });
});
