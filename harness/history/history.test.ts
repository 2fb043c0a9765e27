// The history: recordCall classifies completions as Jepsen does (ok with the reply, fail for an
// error reply, info when the connection broke first), timestamps are monotonic, nemesis events
// share the timeline, and the JSON form round-trips and rejects malformed input by field.

import { afterEach, describe, expect, it } from 'vitest';
import { redisServerTarget } from '../targets/redis-server-target.js';
import type { Target } from '../targets/target.js';
import { HistoryRecorder } from './history.js';
import { historyFromJson, historyToJson, HistoryFormatError } from './history-json.js';
import { recordCall } from './record-call.js';
import { timeline } from './timeline.js';

const started: Target[] = [];
afterEach(async () => {
  for (const t of started.splice(0)) await t.stop();
});

describe('history', () => {
  it('records ok, fail and info against redis-server, and round-trips through JSON', async () => {
    const t = redisServerTarget();
    started.push(t);
    await t.start();
    const rec = new HistoryRecorder();
    const c1 = t.client();
    const c2 = t.client();
    const ok = await recordCall(rec, 1, c1, ['SET', 'k', 'v']);
    const fail = await recordCall(rec, 2, c2, ['INCR', 'k']);
    rec.nemesis('pause', { phase: 'inject', fault: { fault: 'pause' } });
    await t.pause();
    const pending = recordCall(rec, 1, c1, ['GET', 'k']);
    await new Promise((r) => setTimeout(r, 50));
    await t.crash('process');
    const info = await pending;
    expect([ok.outcome, ok.reply]).toEqual(['ok', 'OK']);
    expect([fail.outcome, fail.reply]).toEqual(['fail', 'ERR value is not an integer or out of range']);
    expect(info.outcome).toBe('info');
    expect(rec.history.ops.map((o) => o.client)).toEqual([1, 2, 1]);
    for (const o of rec.history.ops) expect(o.completedAt).toBeGreaterThanOrEqual(o.invokedAt);
    expect(rec.history.ops[1]!.invokedAt).toBeGreaterThanOrEqual(rec.history.ops[0]!.completedAt);

    const tl = timeline(rec.history);
    expect(tl.map((e) => e.type)).toEqual(['invoke', 'ok', 'invoke', 'fail', 'nemesis', 'invoke', 'info']);
    const json = historyToJson(rec.history);
    expect(historyFromJson(json)).toEqual(rec.history);
    expect(JSON.parse(json)).toEqual(JSON.parse(JSON.stringify(rec.history)));
  });

  it('rejects a malformed history naming the field', () => {
    expect(() => historyFromJson('{')).toThrow(HistoryFormatError);
    expect(() => historyFromJson('{"ops":[],"nemesis":{}}')).toThrow(/nemesis: expected an array/);
    const op = { index: 0, client: 1, args: ['SET', 'a', 'b'], invokedAt: 2, completedAt: 3, outcome: 'maybe' };
    expect(() => historyFromJson(JSON.stringify({ ops: [op], nemesis: [] }))).toThrow(/ops\[0\]\.outcome: expected ok, fail or info, got "maybe"/);
    expect(() => historyFromJson(JSON.stringify({ ops: [{ ...op, outcome: 'ok', completedAt: 1 }], nemesis: [] }))).toThrow(/ops\[0\]\.completedAt: earlier than invokedAt/);
    expect(() => historyFromJson(JSON.stringify({ ops: [], nemesis: [{ at: 'x', what: 'pause' }] }))).toThrow(/nemesis\[0\]\.at: expected a finite number/);
  });
});
