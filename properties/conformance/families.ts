// The commands of issue 2, one arbitrary per command (keyed by upper-case name): every option,
// valid and invalid argument forms. Random-reply and SCAN-family commands are marked in reply-kinds.ts.

import fc from 'fast-check';
import { cmd, many, oneOf, opt, options } from './command-builder.js';
import { streams } from './stream-family.js';
import { bitmaps } from './bitmap-family.js';
import {
  count, edgeFloat, edgeInt, index, junk, key, keys, lexBound, member, members, pattern, randomCount,
  scoreBound, ttlMillis, ttlSeconds, unixMillis, unixSeconds, value,
} from './values.js';

const db = fc.constantFrom('0', '1', '16', '-1', 'abc');
const expireFlag = opt(fc.constantFrom('NX', 'XX', 'GT', 'LT', 'nx', 'FOO'));
const setExpiry = oneOf(
  cmd('EX', ttlSeconds), cmd('PX', ttlMillis), cmd('EXAT', unixSeconds), cmd('PXAT', unixMillis), cmd('KEEPTTL'),
);
const side = fc.constantFrom('LEFT', 'RIGHT', 'left', 'UP');
const limit = cmd('LIMIT', index, count);
const numkeys = (inner: fc.Arbitrary<string[]>) =>
  oneOf(inner.map((ks) => [String(ks.length), ...ks]), cmd(fc.constantFrom('0', '-1', '5', 'abc'), keys));
const aggregate = cmd('AGGREGATE', fc.constantFrom('SUM', 'MIN', 'MAX', 'AVG'));
const weights = (n: number) => cmd('WEIGHTS', fc.array(edgeFloat, { minLength: n, maxLength: n }));
const zstoreArgs = keys.chain((ks) =>
  cmd(key, String(ks.length), fc.constant(ks), options(weights(ks.length), aggregate, cmd('WITHSCORES'))),
);

const connection = {
  PING: cmd('PING', opt(value)),
  ECHO: cmd('ECHO', value),
  SELECT: cmd('SELECT', db),
  HELLO: cmd('HELLO', opt(fc.constantFrom('2', '4', 'abc', '1'), opt('SETNAME', fc.constantFrom('conn', 'a b')))),
  CLIENT: oneOf(
    cmd('CLIENT', 'SETNAME', fc.constantFrom('conn', 'a b', '', 'x\ny')),
    cmd('CLIENT', 'GETNAME'),
    cmd('CLIENT', 'KILL', fc.constantFrom('127.0.0.1:1', 'nonsense')),
    cmd('CLIENT', 'KILL', 'ID', fc.constantFrom('999999', 'abc')),
    cmd('CLIENT', 'NOSUCHSUB'),
  ),
};

const server = {
  DBSIZE: cmd('DBSIZE'),
  FLUSHDB: cmd('FLUSHDB', opt(fc.constantFrom('ASYNC', 'SYNC', 'FOO'))),
  FLUSHALL: cmd('FLUSHALL', opt(fc.constantFrom('ASYNC', 'SYNC', 'FOO'))),
  SWAPDB: cmd('SWAPDB', db, db),
  COMMAND: oneOf(cmd('COMMAND', 'INFO', fc.array(fc.constantFrom('get', 'set', 'zadd', 'nosuch', 'config', 'GET', 'xadd', 'xreadgroup', 'xgroup', 'xinfo'), { minLength: 1, maxLength: 2 }))),
  CONFIG: oneOf(
    cmd('CONFIG', 'GET', fc.constantFrom('maxmemory', 'hash-max-listpack-entries', 'set-max-intset-entries', 'zset-max-listpack-value', 'appendonly', 'save', 'nosuch', 'databases')),
    cmd('CONFIG', 'SET', fc.constantFrom('hash-max-listpack-entries', 'zset-max-listpack-entries', 'set-max-intset-entries', 'hash-max-listpack-value', 'zset-max-listpack-value'), fc.constantFrom('0', '1', '2', '3', '8', '-1', 'abc')),
    cmd('CONFIG', 'SET', fc.constantFrom('stream-node-max-entries', 'stream-node-max-bytes'), fc.constantFrom('0', '1', '2', '3', '50', '100', '4096', '-1', 'abc')),
    cmd('CONFIG', 'SET', 'nosuch', '1'),
    cmd('CONFIG', 'RESETSTAT'),
    cmd('CONFIG', 'REWRITE'),
  ),
  DEBUG: oneOf(cmd('DEBUG', 'DIGEST'), cmd('DEBUG', 'DIGEST-VALUE', fc.array(key, { maxLength: 3 })), cmd('DEBUG', 'NOSUCH')),
};

const keyspace = {
  DEL: cmd('DEL', keys),
  UNLINK: cmd('UNLINK', keys),
  EXISTS: cmd('EXISTS', keys),
  TYPE: cmd('TYPE', key),
  KEYS: cmd('KEYS', pattern),
  SCAN: cmd('SCAN', fc.constantFrom('0', '0', '0', 'abc', '1.5', '18446744073709551616'), options(cmd('MATCH', pattern), cmd('COUNT', fc.constantFrom('1', '2', '10', '0', '-1', 'abc')), cmd('TYPE', fc.constantFrom('string', 'list', 'hash', 'set', 'zset', 'nosuch')))),
  RENAME: cmd('RENAME', key, key),
  RENAMENX: cmd('RENAMENX', key, key),
  MOVE: cmd('MOVE', key, db),
  COPY: cmd('COPY', key, key, options(cmd('DB', db), cmd('REPLACE'))),
  RANDOMKEY: cmd('RANDOMKEY'),
  EXPIRE: cmd('EXPIRE', key, ttlSeconds, expireFlag),
  PEXPIRE: cmd('PEXPIRE', key, ttlMillis, expireFlag),
  EXPIREAT: cmd('EXPIREAT', key, unixSeconds, expireFlag),
  PEXPIREAT: cmd('PEXPIREAT', key, unixMillis, expireFlag),
  TTL: cmd('TTL', key),
  PTTL: cmd('PTTL', key),
  EXPIRETIME: cmd('EXPIRETIME', key),
  PEXPIRETIME: cmd('PEXPIRETIME', key),
  PERSIST: cmd('PERSIST', key),
  TOUCH: cmd('TOUCH', keys),
  OBJECT: oneOf(
    cmd('OBJECT', fc.constantFrom('ENCODING', 'REFCOUNT', 'IDLETIME', 'FREQ', 'encoding'), key),
    cmd('OBJECT', 'NOSUCH', key),
  ),
};

const strings = {
  GET: cmd('GET', key),
  SET: cmd('SET', key, value, options(setExpiry, cmd(fc.constantFrom('NX', 'XX', 'GET', 'nx', 'get', 'FOO')))),
  SETNX: cmd('SETNX', key, value),
  SETEX: cmd('SETEX', key, ttlSeconds, value),
  PSETEX: cmd('PSETEX', key, ttlMillis, value),
  GETSET: cmd('GETSET', key, value),
  GETDEL: cmd('GETDEL', key),
  GETEX: cmd('GETEX', key, options(cmd('EX', ttlSeconds), cmd('PX', ttlMillis), cmd('EXAT', unixSeconds), cmd('PXAT', unixMillis), cmd('PERSIST'))),
  MGET: cmd('MGET', keys),
  MSET: cmd('MSET', many(3, key, value)),
  MSETNX: cmd('MSETNX', many(3, key, value)),
  INCR: cmd('INCR', key),
  DECR: cmd('DECR', key),
  INCRBY: cmd('INCRBY', key, edgeInt),
  DECRBY: cmd('DECRBY', key, edgeInt),
  INCRBYFLOAT: cmd('INCRBYFLOAT', key, edgeFloat),
  APPEND: cmd('APPEND', key, value),
  STRLEN: cmd('STRLEN', key),
  GETRANGE: cmd('GETRANGE', key, index, index),
  SETRANGE: cmd('SETRANGE', key, fc.oneof(index, fc.constantFrom('100', '536870912', '-1')), value),
};

const lists = {
  LPUSH: cmd('LPUSH', key, fc.array(value, { minLength: 1, maxLength: 4 })),
  RPUSH: cmd('RPUSH', key, fc.array(value, { minLength: 1, maxLength: 4 })),
  LPUSHX: cmd('LPUSHX', key, fc.array(value, { minLength: 1, maxLength: 3 })),
  RPUSHX: cmd('RPUSHX', key, fc.array(value, { minLength: 1, maxLength: 3 })),
  LPOP: cmd('LPOP', key, opt(count)),
  RPOP: cmd('RPOP', key, opt(count)),
  LLEN: cmd('LLEN', key),
  LRANGE: cmd('LRANGE', key, index, index),
  LINDEX: cmd('LINDEX', key, index),
  LSET: cmd('LSET', key, index, value),
  LREM: cmd('LREM', key, index, value),
  LTRIM: cmd('LTRIM', key, index, index),
  LINSERT: cmd('LINSERT', key, fc.constantFrom('BEFORE', 'AFTER', 'after', 'MIDDLE'), value, value),
  LPOS: cmd('LPOS', key, value, options(cmd('RANK', fc.oneof(count, fc.constantFrom('-9223372036854775808'))), cmd('COUNT', count), cmd('MAXLEN', count))),
  LMOVE: cmd('LMOVE', key, key, side, side),
  RPOPLPUSH: cmd('RPOPLPUSH', key, key),
  LMPOP: cmd('LMPOP', numkeys(keys), side, opt('COUNT', count)),
  BLPOP: cmd('BLPOP', keys, fc.constantFrom('0.01', '0.02', '-1', 'abc', '0.001')),
  BRPOP: cmd('BRPOP', keys, fc.constantFrom('0.01', '0.02', '-1', 'abc')),
  BLMOVE: cmd('BLMOVE', key, key, side, side, fc.constantFrom('0.01', '-1', 'abc')),
};

const hashes = {
  HSET: cmd('HSET', key, many(3, member, value)),
  HSETNX: cmd('HSETNX', key, member, value),
  HMSET: cmd('HMSET', key, many(3, member, value)),
  HGET: cmd('HGET', key, member),
  HMGET: cmd('HMGET', key, members),
  HDEL: cmd('HDEL', key, members),
  HEXISTS: cmd('HEXISTS', key, member),
  HLEN: cmd('HLEN', key),
  HSTRLEN: cmd('HSTRLEN', key, member),
  HGETALL: cmd('HGETALL', key),
  HKEYS: cmd('HKEYS', key),
  HVALS: cmd('HVALS', key),
  HINCRBY: cmd('HINCRBY', key, member, edgeInt),
  HINCRBYFLOAT: cmd('HINCRBYFLOAT', key, member, edgeFloat),
  HRANDFIELD: cmd('HRANDFIELD', key, opt(randomCount, opt(fc.constantFrom('WITHVALUES', 'FOO')))),
  HSCAN: cmd('HSCAN', key, fc.constantFrom('0', '0', 'abc'), options(cmd('MATCH', fc.constantFrom('*', 'm*', '?', '[ab]')), cmd('COUNT', fc.constantFrom('1', '5', '0', 'abc')))),
};

const sets = {
  SADD: cmd('SADD', key, members),
  SREM: cmd('SREM', key, members),
  SMEMBERS: cmd('SMEMBERS', key),
  SISMEMBER: cmd('SISMEMBER', key, member),
  SMISMEMBER: cmd('SMISMEMBER', key, members),
  SCARD: cmd('SCARD', key),
  SPOP: cmd('SPOP', key, opt(randomCount)),
  SRANDMEMBER: cmd('SRANDMEMBER', key, opt(randomCount)),
  SMOVE: cmd('SMOVE', key, key, member),
  SINTER: cmd('SINTER', keys),
  SINTERCARD: cmd('SINTERCARD', numkeys(keys), opt('LIMIT', count)),
  SUNION: cmd('SUNION', keys),
  SDIFF: cmd('SDIFF', keys),
  SINTERSTORE: cmd('SINTERSTORE', key, keys),
  SUNIONSTORE: cmd('SUNIONSTORE', key, keys),
  SDIFFSTORE: cmd('SDIFFSTORE', key, keys),
  SSCAN: cmd('SSCAN', key, fc.constantFrom('0', '0', 'abc'), options(cmd('MATCH', fc.constantFrom('*', 'm*', '1*', '?')), cmd('COUNT', fc.constantFrom('1', '5', '0', 'abc')))),
};

const rangeForm = oneOf(
  cmd(index, index),
  cmd(scoreBound, scoreBound, 'BYSCORE'),
  cmd(lexBound, lexBound, 'BYLEX'),
);
const sortedSets = {
  ZADD: cmd('ZADD', key, options(cmd(fc.constantFrom('NX', 'XX', 'GT', 'LT', 'CH', 'INCR', 'nx'))), many(3, edgeFloat, member)),
  ZREM: cmd('ZREM', key, members),
  ZSCORE: cmd('ZSCORE', key, member),
  ZMSCORE: cmd('ZMSCORE', key, members),
  ZINCRBY: cmd('ZINCRBY', key, edgeFloat, member),
  ZCARD: cmd('ZCARD', key),
  ZCOUNT: cmd('ZCOUNT', key, scoreBound, scoreBound),
  ZLEXCOUNT: cmd('ZLEXCOUNT', key, lexBound, lexBound),
  ZRANGE: cmd('ZRANGE', key, rangeForm, options(cmd('REV'), limit, cmd('WITHSCORES'))),
  ZRANGEBYSCORE: cmd('ZRANGEBYSCORE', key, scoreBound, scoreBound, options(cmd('WITHSCORES'), limit)),
  ZREVRANGEBYSCORE: cmd('ZREVRANGEBYSCORE', key, scoreBound, scoreBound, options(cmd('WITHSCORES'), limit)),
  ZRANGEBYLEX: cmd('ZRANGEBYLEX', key, lexBound, lexBound, opt(limit)),
  ZREVRANGEBYLEX: cmd('ZREVRANGEBYLEX', key, lexBound, lexBound, opt(limit)),
  ZREVRANGE: cmd('ZREVRANGE', key, index, index, opt('WITHSCORES')),
  ZRANK: cmd('ZRANK', key, member),
  ZREVRANK: cmd('ZREVRANK', key, member),
  ZPOPMIN: cmd('ZPOPMIN', key, opt(count)),
  ZPOPMAX: cmd('ZPOPMAX', key, opt(count)),
  ZRANGESTORE: cmd('ZRANGESTORE', key, key, rangeForm, options(cmd('REV'), limit)),
  ZUNIONSTORE: cmd('ZUNIONSTORE', zstoreArgs),
  ZINTERSTORE: cmd('ZINTERSTORE', zstoreArgs),
  ZDIFFSTORE: cmd('ZDIFFSTORE', key, numkeys(keys)),
  ZREMRANGEBYSCORE: cmd('ZREMRANGEBYSCORE', key, scoreBound, scoreBound),
  ZREMRANGEBYRANK: cmd('ZREMRANGEBYRANK', key, index, index),
  ZREMRANGEBYLEX: cmd('ZREMRANGEBYLEX', key, lexBound, lexBound),
  ZRANDMEMBER: cmd('ZRANDMEMBER', key, opt(randomCount, opt(fc.constantFrom('WITHSCORES', 'FOO')))),
  ZSCAN: cmd('ZSCAN', key, fc.constantFrom('0', '0', 'abc'), options(cmd('MATCH', fc.constantFrom('*', 'm*', '?')), cmd('COUNT', fc.constantFrom('1', '5', '0', 'abc')))),
};

const transactions = {
  MULTI: cmd('MULTI'),
  EXEC: cmd('EXEC'),
  DISCARD: cmd('DISCARD'),
  WATCH: cmd('WATCH', keys),
  UNWATCH: cmd('UNWATCH'),
};

/** Every generated command, by upper-case name. Extra arguments for arity errors come from junk. */
export const COMMAND_ARBITRARIES: Readonly<Record<string, fc.Arbitrary<string[]>>> = {
  ...connection, ...server, ...keyspace, ...strings, ...bitmaps, ...lists, ...hashes, ...sets, ...sortedSets, ...transactions, ...streams,
};

export { junk };
