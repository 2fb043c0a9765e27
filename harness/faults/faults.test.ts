// Faults as plain data through one Nemesis, on every target through the same code: disk:full for
// a few ops (MISCONF refusals recorded as fail), then crash:process healed by a restart (what
// survives is a prefix); ops and nemesis events share one timeline that survives a JSON round
// trip. Also: bad specs and schedules are refused with the field named; link faults drive a proxy.

import { afterEach, describe, expect, it } from 'vitest';
import { redisServerTarget } from '../targets/redis-server-target.js';
import { referenceTarget } from '../targets/reference-target.js';
import { InProcessReferenceTarget } from '../targets/in-process-target.js';
import { targetNow, targetSleep, type Target } from '../targets/target.js';
import { describedTargetsFromEnv } from '../targets/described-targets.js';
import { HistoryRecorder } from '../history/history.js';
import { recordCall } from '../history/record-call.js';
import { historyFromJson, historyToJson } from '../history/history-json.js';
import { timeline } from '../history/timeline.js';
import { LinkProxy } from '../link-proxy/link-proxy.js';
import { FaultSpecError } from './fault.js';
import { makeFault } from './index.js';
import { Nemesis } from './nemesis.js';
import { parseSchedule } from './schedule.js';

const started: Target[] = [];
afterEach(async () => {
  for (const t of started.splice(0)) await t.stop();
});

const implementations: Array<[string, () => Target]> = [
  ['redis-server', () => redisServerTarget()],
  ['reference (process)', () => referenceTarget()],
  ['reference (in-process)', () => new InProcessReferenceTarget()],
  // Servers described by data in DURABILITY_LAB_TARGETS (README: "Pointing the suites at another server").
  ...describedTargetsFromEnv(),
];

describe.each(implementations)('a nemesis schedule on %s', (_name, make) => {
  it('disk:full for 6 ops, then crash:process for 1 op; ops and faults on one timeline', async () => {
    const t = make();
    started.push(t);
    await t.start({ appendonly: 'yes', appendfsync: 'everysec', 'auto-aof-rewrite-percentage': '0' }, { diskFaults: true });
    const schedule = parseSchedule(JSON.parse(JSON.stringify([
      { at: { op: 5 }, fault: { fault: 'disk:full' }, duration: { ops: 6 } },
      { at: { op: 14 }, fault: { fault: 'crash:process' }, duration: { ops: 1 } },
    ])));
    const rec = new HistoryRecorder(targetNow(t));
    const nemesis = new Nemesis(schedule, { target: t }, rec);
    nemesis.start();
    let client = t.client();
    for (let n = 0; n < 24; n++) {
      await nemesis.beforeOp(n);
      // crash() closed the old client; op 14 goes to the dead server (info), op 15 after the restart.
      if (n === 15) client = t.client();
      const op = await recordCall(rec, 1, client, ['SET', `k${n}`, `v${n}`]);
      // While the disk is full, space the ops: under everysec a write is postponed (not tried)
      // while a background fsync is in flight. After the heal Redis retries about once a second.
      if (n >= 5 && n < 11) await targetSleep(t, 60);
      if (n >= 11 && n < 14 && op.outcome === 'fail') await targetSleep(t, 400);
    }
    await nemesis.healAll();
    const { ops, nemesis: events } = rec.history;
    expect(events.map((e) => [e.what, e.phase])).toEqual([
      ['disk:full on', 'inject'], ['disk:full off', 'heal'], ['crash:process', 'inject'], ['restart', 'heal'],
    ]);
    expect(ops.slice(0, 5).every((o) => o.outcome === 'ok')).toBe(true);
    const refused = ops.slice(5, 14).filter((o) => o.outcome === 'fail');
    expect(refused.length).toBeGreaterThan(0);
    for (const o of refused) expect(o.reply).toMatch(/^MISCONF Errors writing to the AOF file: No space left on device/);
    // The op issued while the server is down has an unknown outcome; after the restart all is well.
    expect(ops[14]!.outcome).toBe('info');
    expect(ops.slice(15).every((o) => o.outcome === 'ok')).toBe(true);
    // What survived crash:process is a prefix of the acknowledged writes that includes every write
    // from before the fault (under everysec a write postponed behind an in-flight fsync may be
    // acknowledged from memory only: the contract's held-back window).
    const after = t.client();
    const acked = ops.slice(0, 14).filter((o) => o.outcome === 'ok');
    const present: boolean[] = [];
    for (const o of acked) present.push((await after.get(o.args[1]!)) === o.args[2]);
    const firstMissing = present.indexOf(false);
    if (firstMissing >= 0) expect(present.slice(firstMissing).every((p) => !p), `hole in ${JSON.stringify(present)}`).toBe(true);
    expect(present.slice(0, 5).every((p) => p)).toBe(true);

    const tl = timeline(rec.history);
    for (let i = 1; i < tl.length; i++) expect(tl[i]!.at).toBeGreaterThanOrEqual(tl[i - 1]!.at);
    const crashAt = tl.findIndex((e) => e.type === 'nemesis' && e.what === 'crash:process');
    expect(tl.slice(0, crashAt).filter((e) => e.type === 'invoke')).toHaveLength(14);
    expect(historyFromJson(historyToJson(rec.history))).toEqual(rec.history);
  });
});

describe('faults and schedules as data', () => {
  it('refuse bad input, naming the field', async () => {
    const t = new InProcessReferenceTarget();
    expect(() => makeFault({ fault: 'disk:melt' } as never, { target: t })).toThrow(/unknown fault "disk:melt"; known: crash:process/);
    expect(() => makeFault({ fault: 'fsync:delay', ms: -3 }, { target: t })).toThrow(/fsync:delay: ms must be an integer > 0, got -3/);
    expect(() => makeFault({ fault: 'disk:eio', on: 'read' } as never, { target: t })).toThrow(FaultSpecError);
    expect(() => makeFault({ fault: 'crash:power', level: 'lazy' } as never, { target: t })).toThrow(/level must be data-only or strict/);
    expect(() => makeFault({ fault: 'link', toxic: { type: 'drop' } }, { target: t })).toThrow(/no link proxy/);
    expect(() => parseSchedule({})).toThrow(/expected an array/);
    expect(() => parseSchedule([{ at: { op: 1, ms: 2 }, fault: { fault: 'pause' } }])).toThrow(/schedule\[0\]\.at: expected exactly one of op or ms/);
    expect(() => parseSchedule([{ at: { ms: 5 }, fault: { fault: 'pause' }, duration: { ops: -1 } }])).toThrow(/schedule\[0\]\.duration\.ops: expected an integer >= 0/);
    expect(() => parseSchedule([{ at: { ms: 5 }, fault: { fault: 'nope' } }])).toThrow(/schedule\[0\]\.fault/);
  });

  it('describe names the fault and the target; a link fault adds and removes its toxic', async () => {
    const t = new InProcessReferenceTarget();
    expect(makeFault({ fault: 'disk:eio', on: 'fsync' }, { target: t }).describe()).toBe('disk:eio on fsync (reference-in-process)');
    const proxy = await LinkProxy.start({ upstream: { port: 9 }, name: 'test link' });
    try {
      const f = makeFault({ fault: 'link', toxic: { type: 'blackhole', direction: 'downstream' } }, { target: t, link: proxy });
      expect(f.describe()).toBe('link:blackhole downstream (test link)');
      await f.inject();
      expect(proxy.toxics().map((x) => x.type)).toEqual(['blackhole']);
      await f.heal();
      expect(proxy.toxics()).toEqual([]);
    } finally {
      await proxy.close();
    }
  });

  it('time-based entries fire from timers and healAll heals what is active', async () => {
    const t = new InProcessReferenceTarget();
    started.push(t);
    await t.start({ appendonly: 'yes' });
    const rec = new HistoryRecorder();
    const n = new Nemesis([{ at: { ms: 20 }, fault: { fault: 'fsync:delay', ms: 50 } }, { at: { ms: 10_000 }, fault: { fault: 'pause' } }], { target: t }, rec);
    n.start();
    await targetSleep(t, 100);
    expect(t.faults.current().fsyncDelayMs).toBe(50);
    await n.healAll();
    expect(t.faults.current().fsyncDelayMs).toBe(0);
    expect(rec.history.nemesis.map((e) => e.what)).toEqual(['fsync:delay 50', 'fsync:delay 0']);
  });
});
