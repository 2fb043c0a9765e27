// Consumer groups and stream reads against replies and AOF contents recorded from redis-server
// 7.0.15 (same sequences side by side): XGROUP's checks, XREADGROUP and what it propagates, XACK,
// XPENDING, XCLAIM, XAUTOCLAIM, XINFO lag, and blocked XREAD/XREADGROUP clients being served,
// timed out, or unblocked when the key or group goes away.

import { describe, expect, it } from 'vitest';
import { EngineSession, resp } from '../testing/engine-session.js';
import { BlockRequest } from './command.js';
import { encodeReply } from '../resp/reply.js';
import { CommandEngine, type PropagatedOp } from '../engine.js';
import { ManualClock } from '../ports/clock.js';
import { KeyspaceSnapshot } from '../persistence/keyspace-snapshot.js';
import type { StreamValue } from '../keyspace/stream-value.js';

const { bulk, bulks, err, int, nil, nilArray, array, ok } = resp;
const entry = (id: string, ...fv: string[]) => array(bulk(id), bulks(...fv));
const flat = (...items: string[]) => items.map(bulk).join('');
const T0 = 1_700_000_000_000;

function recording(): { engine: CommandEngine; ops: string[][]; clock: ManualClock } {
  const clock = new ManualClock(T0);
  const engine = new CommandEngine({ clock, seed: 1 });
  const ops: string[][] = [];
  engine.propagationSink = (batch: PropagatedOp[]) => {
    for (const op of batch) ops.push(op.args);
  };
  return { engine, ops, clock };
}

/** A client whose blocking commands really block; replies that arrive later land in `got`. */
class Blocker {
  readonly s: EngineSession;
  readonly got: string[] = [];
  constructor(engine: CommandEngine) {
    this.s = new EngineSession(engine);
  }
  send(...args: string[]): string {
    const r = this.s.engine.execute(this.s.client, args);
    if (!(r instanceof BlockRequest)) {
      this.s.engine.handleReadyKeys();
      return encodeReply(r);
    }
    this.s.engine.block(this.s.client, r, (reply) => this.got.push(encodeReply(reply)));
    return 'BLOCKED';
  }
}

describe('XGROUP', () => {
  it('checks key, group and options in Redis order', () => {
    const s = new EngineSession();
    s.run('XADD', 's', '1-1', 'a', '1');
    expect(s.run('XGROUP', 'CREATE', 's', 'g', '0')).toBe(ok);
    expect(s.run('XGROUP', 'CREATE', 's', 'g', '0')).toBe(err('BUSYGROUP Consumer Group name already exists'));
    expect(s.run('XGROUP', 'CREATE', 's', 'g3', '+')).toBe(err('ERR Invalid stream ID specified as stream command argument'));
    expect(s.run('XGROUP', 'CREATE', 'nos', 'g', '0')).toBe(
      err('ERR The XGROUP subcommand requires the key to exist. Note that for CREATE you may want to use the MKSTREAM option to create an empty stream automatically.'));
    expect(s.run('XGROUP', 'CREATE', 'nos', 'g', '$', 'MKSTREAM', 'ENTRIESREAD', '-2')).toBe(err('ERR value for ENTRIESREAD must be positive or -1'));
    expect(s.run('XGROUP', 'CREATE', 'nos', 'g', '$', 'FOO')).toBe(
      err("ERR unknown subcommand or wrong number of arguments for 'CREATE'. Try XGROUP HELP."));
    expect(s.run('XGROUP', 'CREATE', 'nos', 'g', '$', 'MKSTREAM')).toBe(ok);
    expect(s.run('XLEN', 'nos')).toBe(int(0));
    expect(s.run('XGROUP', 'SETID', 's', 'nog', '0')).toBe(err("NOGROUP No such consumer group 'nog' for key name 's'"));
    expect(s.run('XGROUP', 'SETID', 's', 'g', '0', 'MKSTREAM')).toBe(
      err("ERR unknown subcommand or wrong number of arguments for 'SETID'. Try XGROUP HELP."));
    expect(s.run('XGROUP', 'SETID', 's', 'g', '-', 'ENTRIESREAD', '0')).toBe(ok);
    expect(s.run('XGROUP', 'FOO', 's', 'g')).toBe(err("ERR unknown subcommand 'FOO'. Try XGROUP HELP."));
    expect(s.run('XGROUP', 'CREATECONSUMER', 's', 'g', 'c1')).toBe(int(1));
    expect(s.run('XGROUP', 'CREATECONSUMER', 's', 'g', 'c1')).toBe(int(0));
    expect(s.run('XGROUP', 'DELCONSUMER', 's', 'g', 'c1')).toBe(int(0));
    expect(s.run('XGROUP', 'DESTROY', 's', 'g')).toBe(int(1));
    expect(s.run('XGROUP', 'DESTROY', 's', 'g')).toBe(int(0));
    s.run('SET', 'str', 'x');
    expect(s.run('XGROUP', 'CREATE', 'str', 'g', '0')).toBe(err('WRONGTYPE Operation against a key holding the wrong kind of value'));
  });
});

describe('XREADGROUP and its propagation', () => {
  it('delivers new entries, records NACKs and propagates XCLAIM per entry', () => {
    const { engine, ops } = recording();
    const s = new EngineSession(engine);
    s.run('XADD', 's', '1-1', 'a', '1');
    s.run('XADD', 's', '1-2', 'a', '2', 'b', '3');
    s.run('XGROUP', 'CREATE', 's', 'g', '0');
    ops.length = 0;
    expect(s.run('XREADGROUP', 'GROUP', 'g', 'c1', 'COUNT', '1', 'STREAMS', 's', '>')).toBe(
      array(array(bulk('s'), array(entry('1-1', 'a', '1')))));
    expect(ops).toEqual([
      ['XCLAIM', 's', 'g', 'c1', '0', '1-1', 'TIME', String(T0), 'RETRYCOUNT', '1', 'FORCE', 'JUSTID', 'LASTID', '1-1'],
    ]);
    ops.length = 0;
    expect(s.run('XREADGROUP', 'GROUP', 'g', 'c2', 'NOACK', 'STREAMS', 's', '>')).toBe(
      array(array(bulk('s'), array(entry('1-2', 'a', '2', 'b', '3')))));
    // A new consumer under NOACK is created explicitly, then the group's position is set.
    expect(ops).toEqual([
      ['MULTI'],
      ['XGROUP', 'CREATECONSUMER', 's', 'g', 'c2'],
      ['XGROUP', 'SETID', 's', 'g', '1-2', 'ENTRIESREAD', '2'],
      ['EXEC'],
    ]);
    expect(s.run('XREADGROUP', 'GROUP', 'g', 'c1', 'STREAMS', 's', '>')).toBe(nilArray);
    // History: the consumer's own pending entries; a deleted entry reads as a null array.
    s.run('XDEL', 's', '1-1');
    expect(s.run('XREADGROUP', 'GROUP', 'g', 'c1', 'STREAMS', 's', '0')).toBe(array(array(bulk('s'), array(array(bulk('1-1'), nilArray)))));
    expect(s.run('XREADGROUP', 'GROUP', 'g', 'c1', 'STREAMS', 's', '$')).toBe(
      err('ERR The $ ID is meaningless in the context of XREADGROUP: you want to read the history of this consumer by specifying a proper ID, or use the > ID to get new messages. The $ ID would just return an empty result set.'));
    expect(s.run('XREADGROUP', 'GROUP', 'nog', 'c1', 'STREAMS', 's', '>')).toBe(
      err("NOGROUP No such key 's' or consumer group 'nog' in XREADGROUP with GROUP option"));
    expect(s.run('XREAD', 'STREAMS', 's', '>')).toBe(err('ERR The > ID can be specified only when calling XREADGROUP using the GROUP <group> <consumer> option.'));
    expect(s.run('XREAD', 'GROUP', 'g', 'c', 'STREAMS', 's', '0')).toBe(err('ERR The GROUP option is only supported by XREADGROUP. You called XREAD instead.'));
    expect(s.run('XREAD', 'COUNT', '1', 'STREAMS', 's')).toBe(err("ERR Unbalanced XREAD list of streams: for each stream key an ID or '$' must be specified."));
    expect(s.run('XREAD', 'BLOCK', '-1', 'STREAMS', 's', '0')).toBe(err('ERR timeout is negative'));
    expect(s.run('XREAD', 'BLOCK', 'x', 'STREAMS', 's', '0')).toBe(err('ERR timeout is not an integer or out of range'));
  });
});

describe('XACK / XPENDING / XCLAIM / XAUTOCLAIM / XINFO', () => {
  const setup = () => {
    const r = recording();
    const s = new EngineSession(r.engine);
    s.run('XADD', 's', '1-1', 'a', '1');
    s.run('XADD', 's', '1-2', 'a', '2');
    s.run('XADD', 's', '1-3', 'a', '3');
    s.run('XGROUP', 'CREATE', 's', 'g', '0');
    s.run('XREADGROUP', 'GROUP', 'g', 'c1', 'COUNT', '2', 'STREAMS', 's', '>');
    r.clock.advance(100);
    s.run('XREADGROUP', 'GROUP', 'g', 'c2', 'STREAMS', 's', '>');
    r.clock.advance(50);
    r.ops.length = 0;
    return { ...r, s };
  };

  it('summarises and lists the PEL', () => {
    const { s } = setup();
    expect(s.run('XPENDING', 's', 'g')).toBe(array(int(3), bulk('1-1'), bulk('1-3'), array(bulks('c1', '2'), bulks('c2', '1'))));
    expect(s.run('XPENDING', 's', 'g', 'IDLE', '100', '-', '+', '10')).toBe(
      array(array(bulk('1-1'), bulk('c1'), int(150), int(1)), array(bulk('1-2'), bulk('c1'), int(150), int(1))));
    expect(s.run('XPENDING', 's', 'g', '(1-1', '+', '1', 'c1')).toBe(array(array(bulk('1-2'), bulk('c1'), int(150), int(1))));
    expect(s.run('XPENDING', 's', 'g', '-', '+', '10', 'nobody')).toBe(array());
    expect(s.run('XPENDING', 's', 'g', '-', '+')).toBe(err('ERR syntax error'));
    expect(s.run('XPENDING', 's', 'nog')).toBe(err("NOGROUP No such key 's' or consumer group 'nog'"));
    s.run('XGROUP', 'CREATE', 's', 'g2', '$');
    expect(s.run('XPENDING', 's', 'g2')).toBe(array(int(0), nil, nil, nilArray));
    expect(s.run('XACK', 's', 'g', '1-1', '9-9')).toBe(int(1));
    expect(s.run('XACK', 's', 'nog', 'bad')).toBe(int(0));
    expect(s.run('XACK', 's', 'g', 'bad')).toBe(err('ERR Invalid stream ID specified as stream command argument'));
  });

  it('claims, dropping NACKs of deleted entries, and propagates each change', () => {
    const { s, ops } = setup();
    s.run('XDEL', 's', '1-2');
    ops.length = 0;
    expect(s.run('XCLAIM', 's', 'g', 'c3', '0', '1-2', '1-3', 'JUSTID')).toBe(bulks('1-3'));
    expect(ops).toEqual([
      ['MULTI'],
      ['XCLAIM', 's', 'g', 'c1', '0', '1-2', 'TIME', String(T0), 'RETRYCOUNT', '1', 'FORCE', 'JUSTID', 'LASTID', '1-3'],
      ['XCLAIM', 's', 'g', 'c3', '0', '1-3', 'TIME', String(T0 + 150), 'RETRYCOUNT', '1', 'FORCE', 'JUSTID', 'LASTID', '1-3'],
      ['EXEC'],
    ]);
    expect(s.run('XCLAIM', 's', 'g', 'c3', '0', '1-3', 'RETRYCOUNT', '7')).toBe(array(entry('1-3', 'a', '3')));
    expect(s.run('XPENDING', 's', 'g', '1-3', '1-3', '1')).toBe(array(array(bulk('1-3'), bulk('c3'), int(0), int(7))));
    expect(s.run('XCLAIM', 's', 'g', 'c3', '0', '1-1', 'BAR')).toBe(err("ERR Unrecognized XCLAIM option 'BAR'"));
    expect(s.run('XCLAIM', 's', 'g', 'c3', 'x', '1-1')).toBe(err('ERR Invalid min-idle-time argument for XCLAIM'));
    ops.length = 0;
    expect(s.run('XCLAIM', 's', 'g', 'c3', '0', '9-9', 'LASTID', '50-0')).toBe(array());
    expect(ops).toEqual([['XGROUP', 'SETID', 's', 'g', '50-0', 'ENTRIESREAD', '3']]);
  });

  it('autoclaims with a cursor and reports deleted IDs', () => {
    const { s, ops } = setup();
    s.run('XDEL', 's', '1-1');
    ops.length = 0;
    expect(s.run('XAUTOCLAIM', 's', 'g', 'c4', '0', '0', 'COUNT', '2')).toBe(
      array(bulk('1-3'), array(entry('1-2', 'a', '2')), bulks('1-1')));
    expect(ops.map((o) => o.slice(0, 6))).toEqual([['MULTI'], ['XCLAIM', 's', 'g', 'c1', '0', '1-1'], ['XCLAIM', 's', 'g', 'c4', '0', '1-2'], ['EXEC']]);
    expect(s.run('XAUTOCLAIM', 's', 'g', 'c4', '0', '0', 'JUSTID')).toBe(array(bulk('0-0'), bulks('1-2', '1-3'), array()));
    expect(s.run('XAUTOCLAIM', 's', 'g', 'c4', '0', '0', 'COUNT', '0')).toBe(err('ERR COUNT must be > 0'));
    expect(s.run('XAUTOCLAIM', 's', 'nog', 'c4', '0', '0')).toBe(err("NOGROUP No such key 's' or consumer group 'nog'"));
  });

  it('reports lag and entries-read as 7.0 computes them', () => {
    const { s } = setup();
    s.run('XADD', 's', '2-0', 'x', 'y');
    s.run('XGROUP', 'CREATE', 's', 'late', '1-1');
    expect(s.run('XINFO', 'GROUPS', 's')).toBe(array(
      array(bulk('name'), bulk('g'), bulk('consumers'), int(2), bulk('pending'), int(3), bulk('last-delivered-id'), bulk('1-3'), bulk('entries-read'), int(3), bulk('lag'), int(1)),
      array(bulk('name'), bulk('late'), bulk('consumers'), int(0), bulk('pending'), int(0), bulk('last-delivered-id'), bulk('1-1'), bulk('entries-read'), nil, bulk('lag'), int(3)),
    ));
    s.run('XDEL', 's', '1-2');
    s.run('XREADGROUP', 'GROUP', 'late', 'c', 'STREAMS', 's', '>');
    expect(s.run('XINFO', 'GROUPS', 's')).toContain(flat('last-delivered-id', '2-0', 'entries-read') + int(4) + bulk('lag') + int(0));
    expect(s.run('XINFO', 'CONSUMERS', 's', 'nog')).toBe(err("NOGROUP No such consumer group 'nog' for key name 's'"));
    expect(s.run('XINFO', 'STREAM', 'nos')).toBe(err('ERR no such key'));
    expect(s.run('XINFO', 'STREAM', 's', 'FULL', 'FOO', '1')).toBe(err("ERR unknown subcommand or wrong number of arguments for 'STREAM'. Try XINFO HELP."));
  });
});

describe('blocked XREAD / XREADGROUP', () => {
  it('serves clients in the order they blocked, from the key that became ready', () => {
    const { engine } = recording();
    const a = new Blocker(engine);
    const b = new Blocker(engine);
    const c = new EngineSession(engine);
    expect(a.send('XREAD', 'BLOCK', '0', 'STREAMS', 's', '$')).toBe('BLOCKED');
    expect(b.send('XREAD', 'BLOCK', '0', 'COUNT', '1', 'STREAMS', 's', 'other', '0', '0')).toBe('BLOCKED');
    c.run('XADD', 's', '1-1', 'a', '1');
    expect(a.got).toEqual([array(array(bulk('s'), array(entry('1-1', 'a', '1'))))]);
    expect(b.got).toEqual([array(array(bulk('s'), array(entry('1-1', 'a', '1'))))]);
    c.run('XGROUP', 'CREATE', 's', 'g', '$');
    a.send('XREADGROUP', 'GROUP', 'g', 'alice', 'BLOCK', '0', 'STREAMS', 's', '>');
    b.send('XREADGROUP', 'GROUP', 'g', 'bob', 'BLOCK', '0', 'COUNT', '5', 'STREAMS', 's', '>');
    c.run('MULTI');
    c.run('XADD', 's', '2-1', 'x', 'y');
    c.run('XADD', 's', '3-1', 'x', 'y');
    c.run('EXEC');
    // alice (first) takes both entries; bob keeps waiting for something newer than the group's last ID.
    expect(a.got[1]).toBe(array(array(bulk('s'), array(entry('2-1', 'x', 'y'), entry('3-1', 'x', 'y')))));
    expect(b.got).toHaveLength(1);
    c.run('XADD', 's', '4-1', 'x', 'y');
    expect(b.got[1]).toBe(array(array(bulk('s'), array(entry('4-1', 'x', 'y')))));
  });

  it('times out with a null array and answers at once inside MULTI', () => {
    const { engine, clock } = recording();
    const a = new Blocker(engine);
    a.send('XREAD', 'BLOCK', '100', 'STREAMS', 's', '$');
    clock.advance(100);
    engine.timeout(a.s.client);
    expect(a.got).toEqual([nilArray]);
    a.send('MULTI');
    a.send('XREAD', 'BLOCK', '0', 'STREAMS', 's', '$');
    expect(a.send('EXEC')).toBe(array(nilArray));
  });

  it('unblocks group readers when the key goes, changes type or loses the group', () => {
    const { engine } = recording();
    const a = new Blocker(engine);
    const plain = new Blocker(engine);
    const c = new EngineSession(engine);
    c.run('XGROUP', 'CREATE', 's', 'g', '$', 'MKSTREAM');
    a.send('XREADGROUP', 'GROUP', 'g', 'alice', 'BLOCK', '0', 'STREAMS', 's', '>');
    plain.send('XREAD', 'BLOCK', '0', 'STREAMS', 's', '$');
    c.run('XGROUP', 'DESTROY', 's', 'g');
    expect(a.got).toEqual([err('NOGROUP the consumer group this client was blocked on no longer exists')]);
    c.run('XGROUP', 'CREATE', 's', 'g', '$');
    a.send('XREADGROUP', 'GROUP', 'g', 'alice', 'BLOCK', '0', 'STREAMS', 's', '>');
    c.run('DEL', 's');
    expect(a.got[1]).toBe(err('UNBLOCKED the stream key no longer exists'));
    c.run('XGROUP', 'CREATE', 's', 'g', '$', 'MKSTREAM');
    a.send('XREADGROUP', 'GROUP', 'g', 'alice', 'BLOCK', '0', 'STREAMS', 's', '>');
    c.run('SET', 's', 'str');
    expect(a.got[2]).toBe(err('UNBLOCKED the stream key no longer exists'));
    // A plain XREAD keeps waiting through all of it and is served by the next stream write.
    expect(plain.got).toEqual([]);
    c.run('DEL', 's');
    c.run('XADD', 's', '9-1', 'x', 'y');
    expect(plain.got).toEqual([array(array(bulk('s'), array(entry('9-1', 'x', 'y'))))]);
  });
});

describe('point-in-time snapshots', () => {
  it('keep the groups a BGSAVE started with while XACK, XCLAIM, XAUTOCLAIM and XREADGROUP change them', () => {
    const facts = (v: StreamValue) => {
      const g = v.groups.get('g')!;
      return { pending: g.pel.size, ofC1: g.consumers.get('c1')!.pel.size, lastId: g.lastId };
    };
    for (const write of [
      ['XACK', 's', 'g', '1-1'],
      ['XCLAIM', 's', 'g', 'c2', '0', '1-1'],
      ['XAUTOCLAIM', 's', 'g', 'c3', '0', '0'],
      ['XREADGROUP', 'GROUP', 'g', 'c4', 'STREAMS', 's', '>'],
    ]) {
      const { engine } = recording();
      const s = new EngineSession(engine);
      for (const id of ['1-1', '1-2', '1-3']) s.run('XADD', 's', id, 'a', '1');
      s.run('XGROUP', 'CREATE', 's', 'g', '0');
      s.run('XREADGROUP', 'GROUP', 'g', 'c1', 'COUNT', '2', 'STREAMS', 's', '>');
      const snapshot = new KeyspaceSnapshot(engine.keyspace);
      const read = () => facts([...snapshot.entries(0)][0]![1] as StreamValue);
      const before = read();
      s.run(...write);
      expect(facts(engine.keyspace.dbs[0]!.dict.get('s') as StreamValue), write.join(' ')).not.toEqual(before);
      expect(read(), write.join(' ')).toEqual(before);
      snapshot.release();
    }
  });
});
