// Failed rewrites, as Redis 7.0 handles them: CONFIG SET appendonly yes whose rewrite fails keeps
// WAIT_REWRITE, drops the temp INCR and schedules another rewrite; after 3 consecutive failures
// the retries back off (1, 2 ... minutes, aofRewriteLimited); once the disk heals the AOF turns on.

import { describe, expect, it } from 'vitest';
import { SimulatedStorage } from '../../../harness/index.js';
import { loadConfig } from '../../config/load-config.js';
import { CommandEngine } from '../../engine.js';
import { Logger } from '../../logger.js';
import { ManualClock } from '../../ports/clock.js';
import { AppendOnlyFile } from './append-only-file.js';

function setup(bgsaveActive: () => boolean = () => false) {
  const storage = new SimulatedStorage();
  storage.mkdir('/data');
  const clock = new ManualClock();
  const config = loadConfig(['--dir', '/data', '--appendonly', 'no', '--logfile', '/dev/null']);
  const engine = new CommandEngine({ config, clock });
  const logger = new Logger('notice', '/dev/null');
  const aof = new AppendOnlyFile({
    engine, storage, logger, bgsaveActive, pause: () => Promise.resolve(),
    fatal: (m) => { throw new Error(m); },
  });
  engine.aof = aof;
  engine.propagationSink = (ops) => aof.feed(ops);
  const client = engine.createClient();
  const run = (...args: string[]) => engine.execute(client, args);
  const info = () => Object.fromEntries(aof.infoFields().map(([k, v]) => [k, String(v)]));
  return { storage, clock, aof, run, info, logger };
}

describe('failed AOF rewrites', () => {
  it('are rescheduled while waiting to turn the AOF on, back off after 3 failures, and succeed once the disk heals', async () => {
    const { storage, clock, aof, run, info, logger } = setup();
    run('SET', 'a', '1');
    storage.faults.full = true;
    expect(aof.start()).toBe(true);
    expect(aof.state).toBe('wait-rewrite');
    await aof.waitRewrite();
    expect(info()).toMatchObject({ aof_last_bgrewrite_status: 'err', aof_rewrites_consecutive_failures: '1', aof_rewrite_scheduled: '1' });
    expect(storage.allFiles().some((f) => f.includes('temp-'))).toBe(false);
    for (const failures of [2, 3]) {
      aof.cron();
      expect(info().aof_rewrite_in_progress).toBe('1');
      await aof.waitRewrite();
      expect(info().aof_rewrites_consecutive_failures).toBe(String(failures));
    }
    // Three in a row: the next attempt waits a minute.
    aof.cron();
    expect(info().aof_rewrite_in_progress).toBe('0');
    expect(logger.recent.at(-1)).toContain('Background AOF rewrite has repeatedly failed and triggered the limit, will retry in 1 minutes');
    clock.advance(59_000);
    aof.cron();
    expect(info().aof_rewrite_in_progress).toBe('0');
    clock.advance(1_000);
    aof.cron();
    expect(info().aof_rewrite_in_progress).toBe('1');
    await aof.waitRewrite();
    expect(info().aof_rewrites_consecutive_failures).toBe('4');
    aof.cron();
    expect(logger.recent.at(-1)).toContain('will retry in 2 minutes');
    storage.faults.full = false;
    clock.advance(120_000);
    aof.cron();
    await aof.waitRewrite();
    expect(aof.state).toBe('on');
    expect(info()).toMatchObject({ aof_last_bgrewrite_status: 'ok', aof_rewrites_consecutive_failures: '0', aof_rewrite_scheduled: '0', aof_enabled: '1' });
    run('SET', 'b', '2');
    aof.flush(true);
    const files = storage.list('/data/appendonlydir').sort();
    expect(files).toEqual(['appendonly.aof.1.base.rdb', 'appendonly.aof.1.incr.aof', 'appendonly.aof.manifest']);
    expect(storage.readFile('/data/appendonlydir/appendonly.aof.1.incr.aof').toString('latin1')).toContain('$1\r\nb\r\n$1\r\n2\r\n');
  });

  it('BGREWRITEAOF during a BGSAVE is scheduled and runs when the save is done', async () => {
    let bgsave = true;
    const { aof: aof2 } = setup(() => bgsave);
    expect(aof2.bgrewriteaof()).toBe('Background append only file rewriting scheduled');
    expect(Object.fromEntries(aof2.infoFields())).toMatchObject({ aof_rewrite_scheduled: 1 });
    aof2.cron();
    expect(aof2.rewrite.running).toBeUndefined();
    bgsave = false;
    aof2.cron();
    expect(aof2.rewrite.running).toBeDefined();
    await aof2.waitRewrite();
    expect(Object.fromEntries(aof2.infoFields())).toMatchObject({ aof_rewrite_scheduled: 0, aof_last_bgrewrite_status: 'ok', aof_rewrites: 1 });
  });
});
