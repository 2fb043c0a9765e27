import { describe, expect, it } from 'vitest';
import { faultPeriods } from './fault-periods.js';

describe('faultPeriods', () => {
  it('pairs on/off, pause/resume, fsync delays and crash/restart into periods', () => {
    const periods = faultPeriods([
      { at: 10, what: 'disk:full on' },
      { at: 20, what: 'fsync:delay 500' },
      { at: 30, what: 'disk:full off' },
      { at: 35, what: 'pause' },
      { at: 36, what: 'resume' },
      { at: 40, what: 'fsync:delay 0' },
      { at: 50, what: 'crash:power' },
      { at: 80, what: 'restart' },
      { at: 90, what: 'link:blackhole on' },
      { at: 95, what: 'link:blackhole off' },
    ]);
    expect(periods).toEqual([
      { what: 'disk:full on', start: 10, end: 30 },
      { what: 'fsync:delay 500', start: 20, end: 40 },
      { what: 'pause', start: 35, end: 36 },
      { what: 'crash:power', start: 50, end: 80 },
      { what: 'link:blackhole on', start: 90, end: 95 },
    ]);
  });

  it('keeps other events as instants, ends open periods at endAt, and splits a re-injected delay', () => {
    const periods = faultPeriods([
      { at: 5, what: 'truncate-aof appendonly.aof.1.incr.aof by 7 bytes' },
      { at: 10, what: 'fsync:delay 200' },
      { at: 15, what: 'fsync:delay 900' },
      { at: 20, what: 'disk:eio off' },
      { at: 25, what: 'crash:process' },
    ], 100);
    expect(periods).toEqual([
      { what: 'truncate-aof appendonly.aof.1.incr.aof by 7 bytes', start: 5, end: 5 },
      { what: 'fsync:delay 200', start: 10, end: 15 },
      { what: 'fsync:delay 900', start: 15, end: 100 },
      { what: 'disk:eio off', start: 20, end: 20 },
      { what: 'crash:process', start: 25, end: 100 },
    ]);
    expect(faultPeriods([])).toEqual([]);
  });
});
