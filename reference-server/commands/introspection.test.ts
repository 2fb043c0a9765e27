// COMMAND and DEBUG against a real redis-server: COMMAND INFO bytes for every Redis command we
// have facts for (subcommand order aside: Redis's is random per process), and the DEBUG
// subcommands' replies, errors, POPULATE, SLEEP and the enable-debug-command guard.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EngineSession } from '../testing/engine-session.js';
import { ServerConfig } from '../config/server-config.js';
import { encodeReply } from '../resp/reply.js';
import { COMMAND_INFO_DATA } from './command-info-data.js';
import { commandInfoReply, dataInfoReply } from './command-info.js';
import { replyEnd, startRealRedis, type RealRedis } from '../../harness/testing/real-redis.js';
import type { CommandSpec } from './command.js';

/** Splits a RESP array reply into its header and its elements' raw bytes. */
function elements(reply: string): { header: string; items: string[] } {
  const eol = reply.indexOf('\r\n');
  const n = Number(reply.slice(1, eol));
  const items: string[] = [];
  let p = eol + 2;
  for (let i = 0; i < n; i++) {
    const end = replyEnd(reply, p);
    items.push(reply.slice(p, end));
    p = end;
  }
  return { header: reply.slice(0, eol + 2), items };
}

/** A COMMAND INFO entry with its subcommand list sorted, so entries compare regardless of dict order. */
function normalizeInfo(entry: string): string {
  if (entry === '*-1\r\n') return entry;
  const { header, items } = elements(entry);
  const subs = elements(items[9]!);
  items[9] = subs.header + subs.items.map(normalizeInfo).sort().join('');
  return header + items.join('');
}

function session(mode = 'yes'): EngineSession {
  const config = new ServerConfig();
  config.set('enable-debug-command', [mode]);
  return new EngineSession({ config });
}

describe('COMMAND and DEBUG against a real redis-server', () => {
  let redis: RealRedis;
  beforeAll(async () => {
    redis = await startRealRedis();
  }, 20_000);
  afterAll(async () => {
    await redis?.stop();
  });

  it('renders COMMAND INFO byte-identically for every Redis 7.0.15 command', async () => {
    const names = Object.keys(COMMAND_INFO_DATA).filter((n) => !n.includes('|'));
    const real = elements(await redis.client.call('COMMAND', 'INFO', ...names)).items;
    const mismatched = names.filter((n, i) => normalizeInfo(encodeReply(dataInfoReply(n))) !== normalizeInfo(real[i]!));
    expect(mismatched).toEqual([]);
    expect(Object.keys(COMMAND_INFO_DATA).length).toBe(Number((await redis.client.call('COMMAND', 'LIST')).split('\r\n')[0]!.slice(1)));
  });

  it('answers COMMAND GETKEYSANDFLAGS for SET and BITFIELD with the flags of their getkeys procedures (variable_flags)', async () => {
    const s = session();
    const argvs = [
      ['SET', 'k', 'v'], ['SET', 'k', 'v', 'GET'], ['SET', 'k', 'v', 'EX', '10', 'get'], ['SET', 'k', 'v', 'GETX'],
      ['BITFIELD', 'k'], ['BITFIELD', 'k', 'GET', 'u8', '0'], ['BITFIELD', 'k', 'OVERFLOW', 'SAT', 'get', 'i4', '#1'],
      ['BITFIELD', 'k', 'GET', 'u8', '0', 'SET', 'u8', '0', '1'], ['BITFIELD', 'k', 'GET', 'u8'], ['BITFIELD', 'k', 'FOO'],
      ['BITFIELD_RO', 'k', 'GET', 'u8', '0'], ['GETEX', 'k', 'PERSIST'],
    ];
    for (const argv of argvs) {
      expect(s.run('COMMAND', 'GETKEYSANDFLAGS', ...argv), argv.join(' ')).toBe(await redis.client.call('COMMAND', 'GETKEYSANDFLAGS', ...argv));
    }
  });

  it('answers COMMAND INFO get set zadd config like redis (config: its subcommands we implement)', async () => {
    const s = session();
    for (const name of ['get', 'set', 'zadd', 'config']) {
      // A family written elsewhere may not be registered yet; the info comes from the data either way.
      const spec = s.engine.commands.get(name) ?? ({ name, arity: 0, flags: [], firstKey: 0, lastKey: 0, keyStep: 0 } as CommandSpec);
      const ours = s.engine.commands.has(name) ? elements(s.run('COMMAND', 'INFO', name)).items[0]! : encodeReply(commandInfoReply(spec, name));
      const real = elements(await redis.client.call('COMMAND', 'INFO', name)).items[0]!;
      if (name !== 'config') {
        expect(ours, name).toBe(real);
        continue;
      }
      const ourSubs = elements(elements(ours).items[9]!).items;
      const realSubs = elements(elements(real).items[9]!).items;
      for (const sub of ourSubs) expect(realSubs, sub.slice(0, 40)).toContain(sub);
      expect(elements(ours).items.slice(0, 9)).toEqual(elements(real).items.slice(0, 9));
    }
    expect(s.run('COMMAND', 'INFO', 'config|get')).toBe(await redis.client.call('COMMAND', 'INFO', 'config|get'));
    expect(s.run('COMMAND', 'INFO', 'nosuch', 'debug')).toBe(await redis.client.call('COMMAND', 'INFO', 'nosuch', 'debug'));
  });

  it('answers COMMAND COUNT, LIST, DOCS and GETKEYS errors like redis', async () => {
    const s = session();
    const r = redis.client;
    for (const cmd of [
      ['COMMAND', 'NOSUCH'], ['COMMAND', 'COUNT', 'x'], ['COMMAND', 'LIST', 'FILTERBY', 'x', 'y'],
      ['COMMAND', 'LIST', 'FILTERBY', 'module', 'm'], ['COMMAND', 'LIST', 'x'], ['COMMAND', 'GETKEYS', 'nosuch', 'a'],
      ['COMMAND', 'GETKEYS', 'debug', 'digest'], ['COMMAND', 'GETKEYS', 'command', 'info'],
      ['COMMAND', 'LIST', 'FILTERBY', 'pattern', 'debu*'], ['COMMAND', 'LIST', 'FILTERBY', 'aclcat', 'nosuchcat'],
      ['COMMAND', 'DOCS', 'nosuch'],
    ]) {
      expect(s.run(...cmd), cmd.join(' ')).toBe(await r.call(...cmd));
    }
    expect(s.run('COMMAND', 'COUNT')).toBe(`:${s.engine.commands.size}\r\n`);
    expect(s.run('COMMAND', 'LIST', 'FILTERBY', 'pattern', 'command|c*')).toBe('*1\r\n$13\r\ncommand|count\r\n');
    expect(s.run('COMMAND', 'DOCS', 'debug')).toBe('*2\r\n$5\r\ndebug\r\n*6\r\n$5\r\nsince\r\n$5\r\n1.0.0\r\n$5\r\ngroup\r\n$6\r\nserver\r\n$9\r\ndoc_flags\r\n*1\r\n+syscmd\r\n');
  });

  it('finds keys like COMMAND GETKEYS / GETKEYSANDFLAGS for commands in the table', async () => {
    const s = session();
    const probes: string[][] = [
      ['get', 'k'], ['mset', 'a', '1', 'b', '2'], ['zunionstore', 'd', '2', 'a', 'b', 'WEIGHTS', '1', '2'],
      ['lmove', 'a', 'b', 'LEFT', 'RIGHT'], ['del', 'a', 'b', 'c'], ['blpop', 'a', 'b', '0'], ['sintercard', '2', 'a', 'b'],
      ['config', 'get', 'x'],
    ];
    for (const argv of probes) {
      if (!s.engine.commands.has(argv[0]!)) continue;
      for (const sub of ['GETKEYS', 'GETKEYSANDFLAGS']) {
        expect(s.run('COMMAND', sub, ...argv), argv.join(' ')).toBe(await redis.client.call('COMMAND', sub, ...argv));
      }
    }
  });

  it('answers DEBUG subcommands and errors like redis', async () => {
    const s = session();
    const r = redis.client;
    for (const cmd of [
      ['DEBUG'], ['DEBUG', 'digest', 'x'], ['DEBUG', 'nosuch'], ['DEBUG', 'POPULATE', 'abc'],
      ['DEBUG', 'POPULATE', '-1'], ['DEBUG', 'POPULATE', '3', 'p', '-2'], ['DEBUG', 'OBJECT', 'nokey'],
      ['DEBUG', 'SLEEP', '0'], ['DEBUG', 'SLEEP', 'abc'], ['DEBUG', 'SET-ACTIVE-EXPIRE', '1'], ['DEBUG', 'OBJECT'],
      ['DEBUG', 'FLUSHALL'],
    ]) {
      expect(s.run(...cmd), cmd.join(' ')).toBe(await r.call(...cmd));
    }
  });

  it('populates like DEBUG POPULATE: skips existing keys, pads or cuts to size, same digest', async () => {
    const s = session();
    const r = redis.client;
    await r.call('FLUSHALL');
    for (const cmd of [['SET', 'key:1', 'mine']]) {
      if (s.engine.commands.has('set')) s.run(...cmd);
      else s.engine.keyspace.add(s.engine.keyspace.dbs[0]!, 'key:1', { type: 'string', data: 'mine', encoding: 'embstr' } as never);
      await r.call(...cmd);
    }
    for (const cmd of [['DEBUG', 'POPULATE', '5'], ['DEBUG', 'POPULATE', '3', 'pad', '20'], ['DEBUG', 'POPULATE', '3', 'cut', '3'],
      ['DEBUG', 'POPULATE', '2', 'big', '50'], ['DEBUG', 'POPULATE', '0']]) {
      expect(s.run(...cmd)).toBe(await r.call(...cmd));
    }
    expect(s.engine.keyspace.dbs[0]!.dict.size).toBe(13);
    expect(s.run('DEBUG', 'DIGEST')).toBe(await r.call('DEBUG', 'DIGEST'));
    const keys = ['key:0', 'key:1', 'pad:2', 'cut:0', 'big:1'];
    expect(s.run('DEBUG', 'DIGEST-VALUE', ...keys)).toBe(await r.call('DEBUG', 'DIGEST-VALUE', ...keys));
    for (const key of ['pad:0', 'big:0']) {
      const strip = (line: string): string => line.replace(/^\+Value at:\S+ /, '').replace(/ lru:\d+ lru_seconds_idle:\d+/, '');
      expect(strip(s.run('DEBUG', 'OBJECT', key))).toBe(strip(await r.call('DEBUG', 'OBJECT', key)));
    }
  });

  it('refuses DEBUG unless enable-debug-command allows the client', () => {
    const refused = '-ERR DEBUG command not allowed. If the enable-debug-command option is set to "local", you can run it from ' +
      'a local connection, otherwise you need to set this option in the configuration file, and then restart the server.\r\n';
    expect(session('no').run('DEBUG', 'DIGEST')).toBe(refused);
    const local = session('local');
    expect(local.run('DEBUG', 'DIGEST')).toBe(`+${'0'.repeat(40)}\r\n`);
    local.client.addr = '10.1.2.3:5555';
    expect(local.run('DEBUG', 'DIGEST')).toBe(refused);
    local.client.addr = '127.0.0.1:5555';
    expect(local.run('DEBUG', 'DIGEST')).toBe(`+${'0'.repeat(40)}\r\n`);
  });

  it('SLEEP stalls the event loop; SET-ACTIVE-EXPIRE 0 stops active expiry', async () => {
    const s = session();
    let ticked = false;
    const timer = setTimeout(() => (ticked = true), 10);
    const started = Date.now();
    expect(s.run('DEBUG', 'SLEEP', '0.2')).toBe('+OK\r\n');
    expect(Date.now() - started).toBeGreaterThanOrEqual(195);
    expect(ticked).toBe(false);
    clearTimeout(timer);
    const db = s.engine.keyspace.dbs[0]!;
    s.engine.keyspace.add(db, 'gone', { type: 'string', data: 'x', encoding: 'embstr' } as never);
    s.engine.keyspace.setExpire(db, 'gone', Date.now() - 1);
    expect(s.run('DEBUG', 'SET-ACTIVE-EXPIRE', '0')).toBe('+OK\r\n');
    s.engine.activeExpireCycle();
    expect(db.dict.has('gone')).toBe(true);
    expect(s.run('DEBUG', 'SET-ACTIVE-EXPIRE', '1')).toBe('+OK\r\n');
    s.engine.activeExpireCycle();
    expect(db.dict.has('gone')).toBe(false);
  });
});
