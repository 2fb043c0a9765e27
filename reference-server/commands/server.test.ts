// Byte-exact checks of the connection and server commands against replies recorded from
// redis-server 7.0.15 (same commands sent to both servers side by side).

import { describe, expect, it } from 'vitest';
import { EngineSession, resp } from '../testing/engine-session.js';

describe('connection commands', () => {
  it('PING, ECHO, SELECT', () => {
    const s = new EngineSession();
    expect(s.run('PING')).toBe('+PONG\r\n');
    expect(s.run('PING', 'x')).toBe(resp.bulk('x'));
    expect(s.run('PING', 'a', 'b')).toBe(resp.err("ERR wrong number of arguments for 'ping' command"));
    expect(s.run('ECHO', 'hi')).toBe(resp.bulk('hi'));
    expect(s.run('SELECT', '16')).toBe(resp.err('ERR DB index is out of range'));
    expect(s.run('SELECT', 'x')).toBe(resp.err('ERR value is not an integer or out of range'));
    expect(s.run('SELECT', '99999999999')).toBe(resp.err('ERR value is out of range, value must between -2147483648 and 2147483647'));
    expect(s.run('SELECT', '3')).toBe(resp.ok);
  });

  it('HELLO answers the RESP2 map as a flat array and refuses other protocols', () => {
    const s = new EngineSession();
    const id = s.client.id;
    expect(s.run('HELLO')).toBe(`*14\r\n$6\r\nserver\r\n$5\r\nredis\r\n$7\r\nversion\r\n$6\r\n7.0.15\r\n$5\r\nproto\r\n:2\r\n$2\r\nid\r\n:${id}\r\n$4\r\nmode\r\n$10\r\nstandalone\r\n$4\r\nrole\r\n$6\r\nmaster\r\n$7\r\nmodules\r\n*0\r\n`);
    expect(s.run('HELLO', '1')).toBe(resp.err('NOPROTO unsupported protocol version'));
    expect(s.run('HELLO', 'x')).toBe(resp.err('ERR Protocol version is not an integer or out of range'));
    expect(s.run('HELLO', '2', 'FOO')).toBe(resp.err("ERR Syntax error in HELLO option 'FOO'"));
    expect(s.run('HELLO', '2', 'AUTH', 'u', 'p')).toBe(resp.err('WRONGPASS invalid username-password pair or user is disabled.'));
    expect(s.run('HELLO', '2', 'SETNAME', 'a b')).toBe(resp.err('ERR Client names cannot contain spaces, newlines or special characters.'));
  });

  it('CLIENT errors', () => {
    const s = new EngineSession();
    expect(s.run('CLIENT', 'GETNAME')).toBe(resp.nil);
    expect(s.run('CLIENT', 'SETNAME', 'nm')).toBe(resp.ok);
    expect(s.run('CLIENT', 'GETNAME')).toBe(resp.bulk('nm'));
    expect(s.run('CLIENT', 'KILL', '1.2.3.4:5')).toBe(resp.err('ERR No such client'));
    expect(s.run('CLIENT', 'KILL', 'ID', 'x')).toBe(resp.err('ERR client-id should be greater than 0'));
    expect(s.run('CLIENT', 'KILL', 'ID', '99')).toBe(resp.int(0));
    expect(s.run('CLIENT', 'KILL', 'TYPE', 'x')).toBe(resp.err("ERR Unknown client type 'x'"));
    expect(s.run('CLIENT', 'KILL', 'SKIPME', 'x')).toBe(resp.err('ERR syntax error'));
    expect(s.run('CLIENT', 'LIST', 'ID', 'a')).toBe(resp.err('ERR Invalid client ID'));
    expect(s.run('CLIENT', 'LIST', 'ID', '1000')).toBe('$0\r\n\r\n');
    expect(s.run('CLIENT', 'UNBLOCK', '99', 'FOO')).toBe(resp.err('ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR'));
    expect(s.run('CLIENT', 'FOO')).toBe(resp.err("ERR unknown subcommand 'FOO'. Try CLIENT HELP."));
  });

  it('CLIENT KILL ID closes another in-process client', () => {
    const s = new EngineSession();
    const other = s.engine.createClient();
    expect(s.run('CLIENT', 'KILL', 'ID', String(other.id))).toBe(resp.int(1));
    expect(s.engine.clients.has(other.id)).toBe(false);
  });
});

describe('CONFIG', () => {
  it('GET canonical values and SET errors worded as Redis', () => {
    const s = new EngineSession();
    expect(s.run('CONFIG', 'GET', 'PORT', 'port')).toBe(resp.bulks('PORT', '6379'));
    expect(s.run('CONFIG', 'GET', 'hash-max-listpack-entries')).toBe(resp.bulks('hash-max-listpack-entries', '512'));
    expect(s.run('CONFIG', 'SET', 'foo', '1', 'maxmemory', '2')).toBe(resp.err("ERR Unknown option or number of arguments for CONFIG SET - 'foo'"));
    expect(s.run('CONFIG', 'SET', 'hz', 'abc')).toBe(resp.err("ERR CONFIG SET failed (possibly related to argument 'hz') - argument couldn't be parsed into an integer"));
    expect(s.run('CONFIG', 'SET', 'maxmemory', '1', 'maxmemory', '2')).toBe(resp.err("ERR CONFIG SET failed (possibly related to argument 'maxmemory') - duplicate parameter"));
    expect(s.run('CONFIG', 'SET', 'daemonize', 'yes')).toBe(resp.err("ERR CONFIG SET failed (possibly related to argument 'daemonize') - can't set immutable config"));
    expect(s.run('CONFIG', 'SET', 'dir', '/x')).toBe(resp.err("ERR CONFIG SET failed (possibly related to argument 'dir') - can't set protected config"));
    expect(s.run('CONFIG', 'SET', 'hash-max-listpack-entries', '-1')).toBe(resp.err("ERR CONFIG SET failed (possibly related to argument 'hash-max-listpack-entries') - argument must be between 0 and 9223372036854775807 inclusive"));
    expect(s.run('CONFIG', 'SET', 'save', '10  1')).toBe(resp.err("ERR CONFIG SET failed (possibly related to argument 'save') - Invalid save parameters"));
    expect(s.run('CONFIG', 'SET', 'a')).toBe(resp.err("ERR wrong number of arguments for 'config|set' command"));
  });

  it('SET is all or nothing and stores canonical forms', () => {
    const s = new EngineSession();
    expect(s.run('CONFIG', 'SET', 'maxmemory', '1GB', 'hz', 'x')).toBe(resp.err("ERR CONFIG SET failed (possibly related to argument 'hz') - argument couldn't be parsed into an integer"));
    expect(s.run('CONFIG', 'GET', 'maxmemory')).toBe(resp.bulks('maxmemory', '0'));
    expect(s.run('CONFIG', 'SET', 'hz', '0', 'maxmemory-clients', '5%', 'notify-keyspace-events', 'KExg')).toBe(resp.ok);
    expect(s.run('CONFIG', 'GET', 'hz')).toBe(resp.bulks('hz', '1'));
    expect(s.run('CONFIG', 'GET', 'maxmemory-clients')).toBe(resp.bulks('maxmemory-clients', '5%'));
    expect(s.run('CONFIG', 'GET', 'notify-keyspace-events')).toBe(resp.bulks('notify-keyspace-events', 'gxKE'));
    expect(s.run('CONFIG', 'SET', 'client-output-buffer-limit', 'replica 1mb 2kb 3')).toBe(resp.ok);
    expect(s.run('CONFIG', 'GET', 'client-output-buffer-limit')).toBe(resp.bulks('client-output-buffer-limit', 'normal 0 0 0 slave 1048576 2048 3 pubsub 33554432 8388608 60'));
    expect(s.run('CONFIG', 'SET', 'maxmemory', '18446744073709551616')).toBe(resp.ok);
    expect(s.run('CONFIG', 'GET', 'maxmemory')).toBe(resp.bulks('maxmemory', '18446744073709551615'));
    expect(s.run('CONFIG', 'SET', 'shutdown-on-sigterm', 'now force')).toBe(resp.ok);
    expect(s.run('CONFIG', 'GET', 'shutdown-on-sigterm')).toBe(resp.bulks('shutdown-on-sigterm', 'now force'));
    expect(s.run('CONFIG', 'REWRITE')).toBe(resp.err('ERR The server is running without a config file'));
  });
});

describe('server commands', () => {
  it('SWAPDB, FLUSHDB, SHUTDOWN argument errors', () => {
    const s = new EngineSession();
    expect(s.run('SWAPDB', '0', 'x')).toBe(resp.err('ERR invalid second DB index'));
    expect(s.run('SWAPDB', 'x', '0')).toBe(resp.err('ERR invalid first DB index'));
    expect(s.run('SWAPDB', '0', '16')).toBe(resp.err('ERR DB index is out of range'));
    expect(s.run('FLUSHDB', 'x')).toBe(resp.err('ERR syntax error'));
    expect(s.run('FLUSHDB', 'async', 'x')).toBe(resp.err('ERR syntax error'));
    expect(s.run('SHUTDOWN', 'save', 'nosave')).toBe(resp.err('ERR syntax error'));
    expect(s.run('SHUTDOWN', 'abort')).toBe(resp.err('ERR No shutdown in progress.'));
    expect(s.run('INFO', 'foo')).toBe('$0\r\n\r\n');
    expect(s.run('INFO', 'cluster')).toBe(resp.bulk('# Cluster\r\ncluster_enabled:0\r\n'));
  });

  it('SWAPDB moves contents and touches watchers', () => {
    const s = new EngineSession();
    const db0 = s.engine.keyspace.dbs[0]!;
    db0.dict.set('k', { type: 'string' } as never);
    s.run('WATCH', 'k');
    expect(s.run('SWAPDB', '0', '1')).toBe(resp.ok);
    expect(s.run('DBSIZE')).toBe(resp.int(0));
    expect(s.engine.keyspace.dbs[1]!.dict.has('k')).toBe(true);
    expect(s.client.watchDirty).toBe(true);
    expect(s.run('INFO', 'keyspace')).toBe(resp.bulk('# Keyspace\r\ndb1:keys=1,expires=0,avg_ttl=0\r\n'));
  });
});
