// AOF write and fsync errors beyond a plain full disk, on the simulated disk in-process: a short
// write is cut back to the last whole command and retried until the disk heals (nothing
// acknowledged lost); a failed background fsync refuses writes with MISCONF until an fsync succeeds
// or the AOF is switched off and on; no-appendfsync-on-rewrite skips fsyncs while a BGSAVE runs.

import { afterEach, describe, expect, it } from 'vitest';
import type { Redis } from 'ioredis';
import { InProcessReferenceTarget } from '../../../harness/index.js';
import { encodeCommand } from './aof-format.js';

const INCR = '/data/appendonlydir/appendonly.aof.1.incr.aof';
const targets: InProcessReferenceTarget[] = [];
afterEach(async () => {
  await Promise.all(targets.splice(0).map((t) => t.stop()));
});

async function start(directives: Record<string, string>): Promise<{ t: InProcessReferenceTarget; c: Redis }> {
  const t = new InProcessReferenceTarget();
  targets.push(t);
  await t.start({ appendonly: 'yes', 'auto-aof-rewrite-percentage': '0', ...directives });
  return { t, c: t.client() };
}

async function field(c: Redis, name: string): Promise<string | undefined> {
  return (await c.info('persistence')).match(new RegExp(`^${name}:(.*)\r$`, 'm'))?.[1];
}

/** Waits on the time of the target under test (virtual: the server's crons run as it advances). */
const sleep = (ms: number): Promise<void> => {
  const time = targets[targets.length - 1]?.time;
  return time ? time.sleep(ms) : new Promise<void>((r) => setTimeout(r, ms));
};

describe('AOF write errors', () => {
  it('undoes a short write, refuses writes with MISCONF, and writes everything once the disk heals', async () => {
    const { t, c } = await start({ appendfsync: 'everysec' });
    await c.set('a', '1');
    const before = t.storage.readFile(INCR).length;
    t.storage.faults.full = true;
    t.storage.faults.partialBytes = 7;
    // Writes go on being acknowledged while they only fill the buffer (a postponed flush); once a
    // write fails, the next ones are refused. Keep what was acknowledged and what was refused.
    const acked: string[] = [];
    let refusal = '';
    for (let i = 0; i < 50 && refusal === ''; i++) {
      await c.set(`k${i}`, 'v').then(() => acked.push(`k${i}`), (e: Error) => { refusal = e.message; });
      // The short write was cut back: the file always ends on a command boundary.
      expect(t.storage.readFile(INCR).length).toBe(before);
      await sleep(5);
    }
    expect(refusal).toBe('MISCONF Errors writing to the AOF file: No space left on device');
    expect(await field(c, 'aof_last_write_status')).toBe('err');
    expect(await c.get('a')).toBe('1');
    t.storage.faults.full = false;
    t.storage.faults.partialBytes = 0;
    for (let i = 0; i < 30 && (await field(c, 'aof_last_write_status')) !== 'ok'; i++) await sleep(100);
    expect(await c.set('d', '4')).toBe('OK');
    await t.crash('process');
    await t.restart();
    const c2 = t.client();
    expect(await c2.get('a')).toBe('1');
    expect(await c2.get('d')).toBe('4');
    for (const k of acked) expect(await c2.get(k), `acknowledged ${k}`).toBe('v');
    expect(await c2.exists(`k${acked.length}`), 'the refused write').toBe(0);
  });

  it('a failed background fsync refuses writes with MISCONF; switching the AOF off and on clears it', async () => {
    const { t, c } = await start({ appendfsync: 'everysec' });
    await c.set('warm', 'up');
    await c.set('a', '1');
    t.storage.faults.eioOnFsync = true;
    let refused = false;
    for (let i = 0; i < 30 && !refused; i++) {
      await sleep(100);
      refused = await c.set('probe', 'x').then(() => false, (e: Error) => /^MISCONF Errors writing to the AOF file: Input\/output error/.test(e.message));
    }
    expect(refused).toBe(true);
    await expect(c.ping()).rejects.toThrow(/^MISCONF/);
    expect(await c.get('a')).toBe('1');
    t.storage.faults.eioOnFsync = false;
    expect(await c.config('SET', 'appendonly', 'no')).toBe('OK');
    expect(await c.config('SET', 'appendonly', 'yes')).toBe('OK');
    expect(await c.set('b', '2')).toBe('OK');
  });
});

describe('no-appendfsync-on-rewrite', () => {
  for (const setting of ['yes', 'no']) {
    it(`${setting}: ${setting === 'yes' ? 'no fsync' : 'fsyncs go on'} while a BGSAVE runs (appendfsync always)`, async () => {
      const { t, c } = await start({ appendfsync: 'always', 'no-appendfsync-on-rewrite': setting, 'rdb-key-save-delay': '2000', save: '' });
      await c.call('DEBUG', 'POPULATE', '200');
      expect(await c.bgsave()).toBe('Background saving started');
      expect(await c.set('during', 'save')).toBe('OK');
      const durable = t.storage.durableBytes(INCR).toString('latin1').includes(encodeCommand(['set', 'during', 'save']));
      expect(durable).toBe(setting === 'no');
      expect(await field(c, 'rdb_bgsave_in_progress')).toBe('1');
    });
  }
});
