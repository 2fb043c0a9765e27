// Checks of BLPOP, BRPOP, BLMOVE, BRPOPLPUSH, BLMPOP: timeout parsing, immediate answers, serving
// blocked clients in order with Redis 7.0's propagation, MULTI, and one end-to-end run over TCP.

import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { EngineSession, resp } from '../testing/engine-session.js';
import { BlockRequest } from './command.js';
import { encodeReply } from '../resp/reply.js';
import { CommandEngine, type PropagatedOp } from '../engine.js';
import { ManualClock } from '../ports/clock.js';
import { RespServer } from '../server.js';
import { Logger } from '../logger.js';
import { parseTimeoutMs } from './lists-blocking.js';
import { createStringValue } from '../keyspace/string-value.js';

/** A client on a shared engine whose blocking commands really block (their replies land in `got`). */
class Blocker {
  readonly s: EngineSession;
  readonly got: string[] = [];
  request: BlockRequest | undefined;
  constructor(engine: CommandEngine) {
    this.s = new EngineSession(engine);
  }
  send(...args: string[]): string | 'BLOCKED' {
    const r = this.s.engine.execute(this.s.client, args);
    if (!(r instanceof BlockRequest)) {
      this.s.engine.handleReadyKeys();
      return encodeReply(r);
    }
    this.request = r;
    this.s.engine.block(this.s.client, r, (reply) => this.got.push(encodeReply(reply)));
    return 'BLOCKED';
  }
}

function recordingEngine(): { engine: CommandEngine; ops: string[][]; clock: ManualClock } {
  const clock = new ManualClock();
  const engine = new CommandEngine({ clock, seed: 1 });
  const ops: string[][] = [];
  engine.propagationSink = (batch: PropagatedOp[]) => {
    for (const op of batch) ops.push(op.args);
  };
  return { engine, ops, clock };
}

describe('timeout parsing (getTimeoutFromObjectOrReply with a long double)', () => {
  const NOT_FLOAT = 'ERR timeout is not a float or out of range';
  const NEGATIVE = 'ERR timeout is negative';
  const message = (arg: string) => {
    const r = parseTimeoutMs(arg);
    return typeof r === 'number' ? r : r.message;
  };
  it('matches redis-server on the edge cases', () => {
    expect(message('0')).toBe(0);
    expect(message('1.5')).toBe(1500);
    expect(message('0.0001')).toBe(1);
    expect(message('-0.0001')).toBe(0); // ceil(-0.1) = -0: blocks forever in Redis
    expect(message('0x10')).toBe(16000);
    expect(message('9e15')).toBe(9e18);
    expect(message('1e-400')).toBe(1);
    expect(message('-1e-400')).toBe(0);
    for (const bad of ['', ' 1', '1 ', 'nan', 'abc', '1e5000', '1e-5000', 'x'.repeat(6000)]) expect(message(bad), bad).toBe(NOT_FLOAT);
    for (const neg of ['-1', 'inf', '-inf', '1e16', '1e400']) expect(message(neg), neg).toBe(NEGATIVE);
  });

  it('argument errors, in Redis order', () => {
    const s = new EngineSession();
    expect(s.run('BLPOP', 'k', 'abc')).toBe(resp.err(NOT_FLOAT));
    expect(s.run('BLPOP', 'k', '-1')).toBe(resp.err(NEGATIVE));
    expect(s.run('BLMPOP', 'x', '1', 'k', 'left')).toBe(resp.err(NOT_FLOAT));
    expect(s.run('BLMPOP', 'x', '0', 'k', 'left')).toBe(resp.err('ERR numkeys should be greater than 0'));
    expect(s.run('BLMPOP', '0.01', '1', 'k', 'left', 'count', '0')).toBe(resp.err('ERR count should be greater than 0'));
    expect(s.run('BLMOVE', 'k', 'd', 'left', 'up', 'x')).toBe(resp.err('ERR syntax error'));
    expect(s.run('BLMOVE', 'k', 'd', 'left', 'right', 'x')).toBe(resp.err(NOT_FLOAT));
    expect(s.run('BRPOPLPUSH', 'k', 'd', '-0.5')).toBe(resp.err(NEGATIVE));
  });
});

describe('immediate answers', () => {
  it('pops at once from the first non-empty key and propagates the non-blocking form', () => {
    const { engine, ops } = recordingEngine();
    const s = new EngineSession(engine);
    s.run('RPUSH', 'b1', '1', '2', '3');
    expect(s.run('BLPOP', 'nokey', 'b1', '0')).toBe(resp.bulks('b1', '1'));
    expect(s.run('BRPOP', 'b1', 'nokey', '0')).toBe(resp.bulks('b1', '3'));
    expect(s.run('BLMPOP', '0', '2', 'nokey', 'b1', 'right', 'count', '5')).toBe('*2\r\n$2\r\nb1\r\n' + resp.bulks('2'));
    s.run('RPUSH', 'b1', '1', '2', '3');
    expect(s.run('BLMOVE', 'b1', 'b2', 'right', 'left', '0')).toBe(resp.bulk('3'));
    expect(s.run('BRPOPLPUSH', 'b1', 'b2', '0')).toBe(resp.bulk('2'));
    expect(ops).toEqual([
      ['RPUSH', 'b1', '1', '2', '3'],
      ['LPOP', 'b1'],
      ['RPOP', 'b1'],
      ['RPOP', 'b1', '1'],
      ['RPUSH', 'b1', '1', '2', '3'],
      ['LMOVE', 'b1', 'b2', 'right', 'left'],
      ['RPOPLPUSH', 'b1', 'b2'],
    ]);
  });

  it('inside MULTI/EXEC answers as a timeout: null array, but a null bulk for BLMOVE/BRPOPLPUSH', () => {
    const { engine, ops } = recordingEngine();
    const s = new EngineSession(engine);
    s.run('MULTI');
    for (const cmd of [['BLPOP', 'nokey', '0'], ['BLMOVE', 'nokey', 'd', 'left', 'left', '0'], ['BRPOPLPUSH', 'nokey', 'd', '0'], ['BLMPOP', '0', '1', 'nokey', 'left'], ['BRPOP', 'nokey', '1'], ['LPUSH', 'k9', '1'], ['BLPOP', 'k9', '0']]) {
      expect(s.run(...cmd)).toBe('+QUEUED\r\n');
    }
    expect(s.run('EXEC')).toBe('*7\r\n*-1\r\n$-1\r\n$-1\r\n*-1\r\n*-1\r\n:1\r\n' + resp.bulks('k9', '1'));
    expect(ops).toEqual([['MULTI'], ['LPUSH', 'k9', '1'], ['LPOP', 'k9'], ['EXEC']]);
  });
});

describe('serving blocked clients', () => {
  it('serves in blocking order, each from the ready key, and propagates LPOP/RPOP', () => {
    const { engine, ops } = recordingEngine();
    const a = new EngineSession(engine);
    const b = new Blocker(engine);
    const c = new Blocker(engine);
    expect(b.send('BLPOP', 'k1', 'k2', '0')).toBe('BLOCKED');
    expect(c.send('BRPOP', 'k2', '0')).toBe('BLOCKED');
    expect(a.run('RPUSH', 'k2', 'a', 'b', 'c')).toBe(resp.int(3));
    expect(b.got).toEqual([resp.bulks('k2', 'a')]);
    expect(c.got).toEqual([resp.bulks('k2', 'c')]);
    expect(a.run('LRANGE', 'k2', '0', '-1')).toBe(resp.bulks('b'));
    expect(ops).toEqual([['RPUSH', 'k2', 'a', 'b', 'c'], ['LPOP', 'k2'], ['RPOP', 'k2']]);
    // Serving a blocked pop leaves server.dirty alone (serveClientBlockedOnList).
    expect(engine.dirty).toBe(3);
  });

  it('BLMOVE chains into a client blocked on the destination; propagated as LMOVE with lower-case ends', () => {
    const { engine, ops } = recordingEngine();
    const a = new EngineSession(engine);
    const b = new Blocker(engine);
    const c = new Blocker(engine);
    b.send('BLMOVE', 's', 'd', 'LEFT', 'RIGHT', '0');
    c.send('BLPOP', 'd', '0');
    a.run('RPUSH', 's', 'x', 'y');
    expect(b.got).toEqual([resp.bulk('x')]);
    expect(c.got).toEqual([resp.bulks('d', 'x')]);
    expect(a.run('LRANGE', 's', '0', '-1')).toBe(resp.bulks('y'));
    expect(a.run('LLEN', 'd')).toBe(resp.int(0));
    expect(ops).toEqual([['RPUSH', 's', 'x', 'y'], ['LMOVE', 's', 'd', 'left', 'right'], ['LPOP', 'd']]);
  });

  it('BLMPOP served propagates [LR]POP key count; BRPOPLPUSH onto itself', () => {
    const { engine, ops } = recordingEngine();
    const a = new EngineSession(engine);
    const b = new Blocker(engine);
    const c = new Blocker(engine);
    b.send('BLMPOP', '0', '2', 'm1', 'm2', 'right', 'count', '2');
    c.send('BLMPOP', '0', '1', 'm2', 'left', 'count', '5');
    a.run('RPUSH', 'm2', '1', '2', '3', '4');
    expect(b.got).toEqual(['*2\r\n$2\r\nm2\r\n' + resp.bulks('4', '3')]);
    expect(c.got).toEqual(['*2\r\n$2\r\nm2\r\n' + resp.bulks('1', '2')]);
    expect(engine.dirty).toBe(8);
    const q = new Blocker(engine);
    q.send('BRPOPLPUSH', 'q', 'q', '0');
    a.run('RPUSH', 'q', '1', '2');
    expect(q.got).toEqual([resp.bulk('2')]);
    expect(a.run('LRANGE', 'q', '0', '-1')).toBe(resp.bulks('2', '1'));
    expect(ops.slice(1)).toEqual([['RPOP', 'm2', '2'], ['LPOP', 'm2', '2'], ['RPUSH', 'q', '1', '2'], ['RPOPLPUSH', 'q', 'q']]);
  });

  it('a destination of the wrong type unblocks BLMOVE with WRONGTYPE and moves nothing', () => {
    const { engine } = recordingEngine();
    const a = new EngineSession(engine);
    const b = new Blocker(engine);
    engine.keyspace.add(engine.keyspace.dbs[0]!, 'd', createStringValue('x'));
    expect(b.send('BLMOVE', 's', 'd', 'left', 'left', '0')).toBe('BLOCKED');
    a.run('RPUSH', 's', 'v');
    expect(b.got).toEqual([resp.err('WRONGTYPE Operation against a key holding the wrong kind of value')]);
    expect(a.run('LLEN', 's')).toBe(resp.int(1));
  });

  it('duplicate keys block once; a pop inside MULTI leaves the rest to the next client', () => {
    const { engine } = recordingEngine();
    const a = new EngineSession(engine);
    const b = new Blocker(engine);
    b.send('BLPOP', 'dup', 'dup', '0');
    expect(b.request!.keys).toEqual(['dup']);
    a.run('LPUSH', 'dup', '1', '2');
    expect(b.got).toEqual([resp.bulks('dup', '2')]);
    const c = new Blocker(engine);
    const d = new Blocker(engine);
    c.send('BLPOP', 'w', '0');
    d.send('BLPOP', 'w', '0');
    a.run('MULTI');
    a.run('RPUSH', 'w', 'a');
    a.run('RPUSH', 'w', 'b');
    a.run('LPOP', 'w');
    expect(a.run('EXEC')).toBe('*3\r\n:1\r\n:2\r\n$1\r\na\r\n');
    expect(c.got).toEqual([resp.bulks('w', 'b')]);
    expect(d.got).toEqual([]);
    expect(engine.isBlocked(d.s.client)).toBe(true);
  });

  it('times out with a null array and the deadline is now + timeout', () => {
    const { engine, clock } = recordingEngine();
    const b = new Blocker(engine);
    b.send('BLMOVE', 't', 'x', 'left', 'left', '0.1');
    expect(b.request!.deadline).toBe(clock.now() + 100);
    engine.timeout(b.s.client);
    expect(b.got).toEqual([resp.nilArray]);
    b.send('BLPOP', 't', '0');
    expect(b.request!.deadline).toBe(0);
  });
});

describe('blocking over TCP', () => {
  let server: RespServer | undefined;
  const sockets: net.Socket[] = [];

  afterEach(async () => {
    for (const s of sockets.splice(0)) s.destroy();
    await server?.close();
    server = undefined;
  });

  /** Connects a raw socket; `read()` resolves with whatever arrived since the last read (waiting for some). */
  async function connect(port: number): Promise<{ send: (s: string) => void; read: () => Promise<string> }> {
    const socket = net.connect(port, '127.0.0.1');
    sockets.push(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    });
    let buffered = '';
    let waiter: (() => void) | undefined;
    socket.on('data', (d) => {
      buffered += d.toString('latin1');
      waiter?.();
    });
    const read = async (): Promise<string> => {
      while (buffered === '') await new Promise<void>((r) => (waiter = r));
      const out = buffered;
      buffered = '';
      return out;
    };
    return { send: (s) => socket.write(s, 'latin1'), read };
  }

  const cmd = (...args: string[]) => `*${args.length}\r\n${args.map((a) => `$${a.length}\r\n${a}\r\n`).join('')}`;

  it('BLPOP waits for an LPUSH from another connection, and times out with *-1', async () => {
    const engine = new CommandEngine({ seed: 1 });
    server = new RespServer(engine, new Logger('warning'));
    const port = await server.listen(0, ['127.0.0.1']);
    const blocked = await connect(port);
    const pusher = await connect(port);

    blocked.send(cmd('BLPOP', 'q', '0'));
    await new Promise((r) => setTimeout(r, 50));
    expect(engine.blockedCount).toBe(1);
    pusher.send(cmd('LPUSH', 'q', 'hello'));
    expect(await pusher.read()).toBe(':1\r\n');
    expect(await blocked.read()).toBe('*2\r\n$1\r\nq\r\n$5\r\nhello\r\n');

    const started = Date.now();
    blocked.send(cmd('BLPOP', 'q', '0.1'));
    expect(await blocked.read()).toBe('*-1\r\n');
    expect(Date.now() - started).toBeGreaterThanOrEqual(90);
    expect(engine.blockedCount).toBe(0);
  });
});
