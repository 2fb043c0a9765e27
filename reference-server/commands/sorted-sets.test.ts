// Sorted-set commands against replies recorded from redis-server 7.0.15 (redis-cli side by side).

import { describe, expect, it } from 'vitest';
import { EngineSession, resp } from '../testing/engine-session.js';
import { BlockRequest } from './command.js';
import { encodeReply } from '../resp/reply.js';
import { CommandEngine, type PropagatedOp } from '../engine.js';
import { ManualClock } from '../ports/clock.js';

const { bulks, err, int, nil, array } = resp;

describe('ZADD / ZINCRBY', () => {
  it('adds, updates and reports CH', () => {
    const s = new EngineSession();
    expect(s.run('ZADD', 'z', '1', 'a', '2', 'b', '3', 'c')).toBe(int(3));
    expect(s.run('ZADD', 'z', 'CH', '10', 'a', '20', 'b', '4', 'd')).toBe(int(3));
    expect(s.run('ZADD', 'z', 'XX', 'CH', '11', 'a', '1', 'newone')).toBe(int(1));
    expect(s.run('ZADD', 'z', 'GT', 'CH', '5', 'a', '50', 'b')).toBe(int(1));
    expect(s.run('ZADD', 'z', 'NX', 'INCR', '1', 'a')).toBe(nil);
    expect(s.run('ZADD', 'nokey', 'XX', '1', 'a')).toBe(int(0));
    expect(s.run('EXISTS', 'nokey')).toBe(int(0));
  });

  it('refuses incompatible options and bad scores', () => {
    const s = new EngineSession();
    expect(s.run('ZADD', 'z', 'NX', 'XX', '1', 'a')).toBe(err('ERR XX and NX options at the same time are not compatible'));
    expect(s.run('ZADD', 'z', 'GT', 'LT', '1', 'a')).toBe(err('ERR GT, LT, and/or NX options at the same time are not compatible'));
    expect(s.run('ZADD', 'z', 'INCR', '1', 'a', '2', 'b')).toBe(err('ERR INCR option supports a single increment-element pair'));
    expect(s.run('ZADD', 'z', '1', 'a', '2')).toBe(err('ERR syntax error'));
    expect(s.run('ZADD', 'z', 'nan', 'a')).toBe(err('ERR value is not a valid float'));
    s.run('ZADD', 'z', '-inf', 'a');
    expect(s.run('ZADD', 'z', 'INCR', '+inf', 'a')).toBe(err('ERR resulting score is not a number (NaN)'));
  });

  it('prints scores as %.17g', () => {
    const s = new EngineSession();
    s.run('ZADD', 's', '0.1', 'x', '1e21', 'w', '1.5e-7', 'v', '-0', 'u');
    expect(s.run('ZRANGE', 's', '0', '-1', 'WITHSCORES')).toBe(
      bulks('u', '0', 'v', '1.4999999999999999e-07', 'x', '0.10000000000000001', 'w', '1e+21'));
    expect(s.run('ZINCRBY', 's', '0.2', 'x')).toBe(resp.bulk('0.30000000000000004'));
  });

  it('keeps -0 in a skiplist but not in a listpack', () => {
    const s = new EngineSession();
    s.run('CONFIG', 'SET', 'zset-max-listpack-entries', '0');
    s.run('ZADD', 'zz', '-0', 'a');
    expect(s.run('ZSCORE', 'zz', 'a')).toBe(resp.bulk('-0'));
  });
});

describe('ranges', () => {
  const setup = (): EngineSession => {
    const s = new EngineSession();
    s.run('ZADD', 'z', '1', 'a', '2', 'b', '3', 'c', '4', 'd');
    return s;
  };
  it('ZRANGE by rank, score and lex', () => {
    const s = setup();
    expect(s.run('ZRANGE', 'z', '-2', '-1', 'WITHSCORES')).toBe(bulks('c', '3', 'd', '4'));
    expect(s.run('ZRANGE', 'z', '5', '(1', 'BYSCORE', 'REV', 'WITHSCORES')).toBe(bulks('d', '4', 'c', '3', 'b', '2'));
    expect(s.run('ZRANGE', 'z', '-inf', '+inf', 'BYSCORE', 'LIMIT', '1', '2')).toBe(bulks('b', 'c'));
    expect(s.run('ZRANGE', 'z', '-inf', '+inf', 'BYSCORE', 'LIMIT', '-1', '2')).toBe('*0\r\n');
    expect(s.run('ZRANGE', 'z', '0', '1', 'LIMIT', '0', '1')).toBe(
      err('ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX'));
    expect(s.run('ZRANGE', 'z', '[a', '[z', 'BYLEX', 'WITHSCORES')).toBe(
      err('ERR syntax error, WITHSCORES not supported in combination with BYLEX'));
    expect(s.run('ZRANGEBYSCORE', 'z', '-inf', '+inf', 'REV')).toBe(err('ERR syntax error'));
    expect(s.run('ZCOUNT', 'z', 'x', '3')).toBe(err('ERR min or max is not a float'));
    expect(s.run('ZCOUNT', 'z', '', '3')).toBe(int(3));
    expect(s.run('ZLEXCOUNT', 'z', 'a', 'b')).toBe(err('ERR min or max not valid string range item'));
    expect(s.run('ZREVRANGEBYLEX', 'z', '+', '-', 'LIMIT', '1', '2')).toBe(bulks('c', 'b'));
  });

  it('ZRANGESTORE and ZREMRANGEBY*', () => {
    const s = setup();
    expect(s.run('ZRANGESTORE', 'dst', 'z', '(3', '1', 'BYSCORE', 'REV')).toBe(int(2));
    expect(s.run('ZRANGE', 'dst', '0', '-1')).toBe(bulks('a', 'b'));
    expect(s.run('ZRANGESTORE', 'dst', 'z', '5', '10')).toBe(int(0));
    expect(s.run('EXISTS', 'dst')).toBe(int(0));
    expect(s.run('ZREMRANGEBYSCORE', 'z', '(1', '3')).toBe(int(2));
    expect(s.run('ZREMRANGEBYRANK', 'z', '0', '-1')).toBe(int(2));
    expect(s.run('EXISTS', 'z')).toBe(int(0));
  });
});

describe('set operations', () => {
  it('aggregates with weights, and inf + -inf sums to 0', () => {
    const s = new EngineSession();
    s.run('ZADD', 'a', '1', 'x', '2', 'y', '3', 'z');
    s.run('ZADD', 'b', '10', 'y', '20', 'z', '30', 'w');
    expect(s.run('ZUNION', '2', 'a', 'b', 'WEIGHTS', '2', '3', 'WITHSCORES')).toBe(bulks('x', '2', 'y', '34', 'z', '66', 'w', '90'));
    expect(s.run('ZINTER', '2', 'a', 'b', 'AGGREGATE', 'MAX', 'WITHSCORES')).toBe(bulks('y', '10', 'z', '20'));
    expect(s.run('ZDIFF', '2', 'b', 'a', 'WITHSCORES')).toBe(bulks('w', '30'));
    expect(s.run('ZINTERSTORE', 'i', '0', 'a')).toBe(err("ERR at least 1 input key is needed for 'zinterstore' command"));
    expect(s.run('ZINTERSTORE', 'i', '2', 'a', 'b', 'WEIGHTS', '1', 'x')).toBe(err('ERR weight value is not a float'));
    expect(s.run('ZINTERCARD', '2', 'a', 'b', 'LIMIT', '-1')).toBe(err("ERR LIMIT can't be negative"));
    s.run('ZADD', 'p', '+inf', 'm');
    s.run('ZADD', 'n', '-inf', 'm');
    expect(s.run('ZUNIONSTORE', 'u', '2', 'p', 'n')).toBe(int(1));
    expect(s.run('ZSCORE', 'u', 'm')).toBe(resp.bulk('0'));
  });

  it('converts a stored result back to listpack when small', () => {
    const s = new EngineSession();
    s.run('CONFIG', 'SET', 'zset-max-listpack-entries', '4');
    s.run('ZADD', 'big', '1', 'a', '2', 'b', '3', 'c', '4', 'd', '5', 'e', '6', 'f');
    expect(s.run('OBJECT', 'ENCODING', 'big')).toBe(resp.bulk('skiplist'));
    s.run('ZREMRANGEBYRANK', 'big', '0', '3');
    expect(s.run('OBJECT', 'ENCODING', 'big')).toBe(resp.bulk('skiplist'));
    s.run('ZUNIONSTORE', 'u', '1', 'big');
    expect(s.run('OBJECT', 'ENCODING', 'u')).toBe(resp.bulk('listpack'));
    s.run('ZADD', 'big', '7', 'g', '8', 'h', '9', 'i');
    s.run('ZRANGESTORE', 'r', 'big', '-inf', '+inf', 'BYSCORE');
    expect(s.run('OBJECT', 'ENCODING', 'r')).toBe(resp.bulk('skiplist'));
  });
});

describe('pops', () => {
  it('ZPOPMIN / ZMPOP replies and errors', () => {
    const s = new EngineSession();
    s.run('ZADD', 'b', '10', 'y', '20', 'z', '30', 'w');
    expect(s.run('ZPOPMIN', 'b', '-1')).toBe(err('ERR value is out of range, must be positive'));
    expect(s.run('ZPOPMIN', 'b', 'x')).toBe(err('ERR value is out of range, must be positive'));
    expect(s.run('ZPOPMIN', 'b', '0')).toBe('*0\r\n');
    expect(s.run('ZPOPMAX', 'b')).toBe(bulks('w', '30'));
    expect(s.run('ZMPOP', '2', 'nokey', 'b', 'MIN', 'COUNT', '10')).toBe(array(resp.bulk('b'), array(bulks('y', '10'), bulks('z', '20'))));
    expect(s.run('ZMPOP', '1', 'b', 'MIN')).toBe(resp.nilArray);
    expect(s.run('ZMPOP', '0', 'b', 'MIN')).toBe(err('ERR numkeys should be greater than 0'));
    expect(s.run('ZMPOP', '1', 'b', 'MIN', 'COUNT', '0')).toBe(err('ERR count should be greater than 0'));
  });

  it('BZPOPMIN / BZMPOP block until a ZADD, propagate as ZPOPMIN/ZPOPMAX, and never block inside MULTI', () => {
    const engine = new CommandEngine({ clock: new ManualClock(), seed: 1 });
    const ops: string[][] = [];
    engine.propagationSink = (batch: PropagatedOp[]) => {
      for (const op of batch) ops.push(op.args);
    };
    const got: string[] = [];
    const block = (s: EngineSession, ...args: string[]): void => {
      const r = engine.execute(s.client, args);
      expect(r).toBeInstanceOf(BlockRequest);
      engine.block(s.client, r as BlockRequest, (reply) => got.push(encodeReply(reply)));
    };
    const a = new EngineSession(engine);
    const b = new EngineSession(engine);
    const w = new EngineSession(engine);
    block(a, 'BZPOPMIN', 'bz', 'bz2', '0');
    block(b, 'BZMPOP', '0', '1', 'bz2', 'MAX', 'COUNT', '3');
    w.run('ZADD', 'bz2', '1', 'a', '2', 'b', '3', 'c', '4', 'd');
    expect(got).toEqual([array(resp.bulk('bz2'), resp.bulk('a'), resp.bulk('1')), array(resp.bulk('bz2'), array(bulks('d', '4'), bulks('c', '3'), bulks('b', '2')))]);
    expect(ops).toEqual([['ZADD', 'bz2', '1', 'a', '2', 'b', '3', 'c', '4', 'd'], ['ZPOPMIN', 'bz2'], ['ZPOPMAX', 'bz2', '3']]);
    w.run('MULTI');
    w.run('BZPOPMIN', 'nokey', '0');
    expect(w.run('EXEC')).toBe(array(resp.nilArray));
  });
});

describe('lex ranges over mixed scores (regression: conformance seed 1012843270)', () => {
  // Redis defines BYLEX only for equal scores; with mixed scores a listpack is walked linearly
  // and redis-server 7.0.15 answers these (recorded with redis-cli).
  it('walks a listpack the way Redis does', () => {
    const s = new EngineSession();
    s.run('ZADD', 'x', '0', 'm1', '1e3', '0');
    expect(s.run('ZRANGEBYLEX', 'x', '-', '(a')).toBe(array());
    s.run('ZADD', 'z', '1', 'b', '2', 'a', '3', 'd', '4', 'c');
    expect(s.run('ZRANGEBYLEX', 'z', '[a', '[c')).toBe(bulks('b', 'a'));
    expect(s.run('ZREVRANGEBYLEX', 'z', '[c', '[a')).toBe(bulks('c', 'd', 'a', 'b'));
    expect(s.run('ZRANGEBYLEX', 'z', '[a', '[c', 'LIMIT', '1', '5')).toBe(bulks('a'));
    expect(s.run('ZREVRANGEBYLEX', 'z', '[c', '[b', 'LIMIT', '1', '2')).toBe(bulks('d'));
    expect(s.run('ZRANGE', 'z', '[c', '[a', 'BYLEX', 'REV')).toBe(bulks('c', 'd', 'a', 'b'));
    expect(s.run('ZLEXCOUNT', 'z', '[a', '[c')).toBe(int(2));
    expect(s.run('ZREMRANGEBYLEX', 'z', '[a', '[c')).toBe(int(2));
    expect(s.run('ZRANGE', 'z', '0', '-1')).toBe(bulks('d', 'c'));
  });
});
