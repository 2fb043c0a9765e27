// The AOF fsync policies of the reference server, on the simulated disk, in-process:
// always never replies before the fsync; everysec postpones writes while an fsync stalls and
// counts aof_delayed_fsync; a full disk refuses writes with MISCONF and loses nothing after it heals;
// a write failure under always kills the server before the reply leaves.

import { afterEach, describe, expect, it } from 'vitest';
import type { Redis } from 'ioredis';
import { encodeCommand } from '../../reference-server/persistence/aof/aof-format.js';
import { InProcessReferenceTarget } from '../targets/in-process-target.js';
import type { SimulatedStorage } from './simulated-storage.js';

const targets: InProcessReferenceTarget[] = [];
afterEach(async () => {
  await Promise.all(targets.splice(0).map((t) => t.stop()));
});

async function start(appendfsync: string, virtualTime = false): Promise<{ target: InProcessReferenceTarget; storage: SimulatedStorage; client: Redis }> {
  const target = new InProcessReferenceTarget({ virtualTime });
  targets.push(target);
  await target.start({ appendonly: 'yes', appendfsync });
  return { target, storage: target.storage, client: target.client() };
}

const incrPath = '/data/appendonlydir/appendonly.aof.1.incr.aof';


async function info(client: Redis): Promise<Record<string, string>> {
  const text = await client.info('persistence');
  return Object.fromEntries(text.split('\r\n').filter((l) => l.includes(':')).map((l) => l.split(':') as [string, string]));
}

describe('appendfsync always', () => {
  it('makes every write durable before its reply leaves the server', async () => {
    const { storage, client } = await start('always');
    const checks: Promise<void>[] = [];
    for (let i = 0; i < 50; i++) {
      checks.push(client.set(`k${i % 7}`, `v${i}`).then(() => {
        expect(storage.durableBytes(incrPath).toString('latin1')).toContain(encodeCommand(['set', `k${i % 7}`, `v${i}`]));
      }));
    }
    await Promise.all(checks);
  });

  it('dies without replying when the AOF write fails', async () => {
    const { target, storage, client } = await start('always');
    await client.set('a', '1');
    storage.faults.full = true;
    await expect(client.set('b', '2')).rejects.toThrow();
    expect(target.fatalError?.message).toMatch(/always/);
    expect(storage.readFile(incrPath).toString('latin1')).not.toContain(encodeCommand(['set', 'b', '2']));
  });
});

describe('appendfsync everysec', () => {
  it('postpones writes while a background fsync stalls, then forces them after 2 s and counts aof_delayed_fsync (virtual time)', async () => {
    const { target, storage, client } = await start('everysec', true);
    const time = target.time!;
    await client.set('warm', 'up');
    storage.faults.fsyncDelayMs = 3500;
    // Next second: this write starts a background fsync, which stalls.
    await time.advance(1100);
    await client.set('trigger', 'stall');
    const before = storage.readFile(incrPath).length;
    await client.set('held', 'back');
    const during = await info(client);
    expect(Number(during.aof_pending_bio_fsync)).toBe(1);
    expect(storage.readFile(incrPath).length).toBe(before); // acknowledged, only in memory
    expect(Number(during.aof_buffer_length)).toBeGreaterThan(0);
    // Virtual time starts on a whole second: the write was postponed in second 1 (t = 1.1 s) and
    // is forced once unixtime is 2 seconds on (flushAppendOnlyFile counts whole seconds), at t = 3 s.
    await time.advance(1800);
    expect(storage.readFile(incrPath).length).toBe(before);
    await time.advance(200);
    await client.set('later', 'x');
    const after = await info(client);
    expect(Number(after.aof_delayed_fsync)).toBe(1);
    expect(storage.readFile(incrPath).toString('latin1')).toContain(encodeCommand(['set', 'held', 'back']));
    // The stalled fsync (started at 1.1 s, 3.5 s long) still runs: a power cut now keeps only
    // what the last completed fsync covered, which is not 'held'.
    expect(storage.durableBytes(incrPath).toString('latin1')).not.toContain(encodeCommand(['set', 'held', 'back']));
    expect(Number(after.aof_pending_bio_fsync)).toBe(1);
    storage.faults.fsyncDelayMs = 0;
    await time.advance(1600);
    expect(Number((await info(client)).aof_pending_bio_fsync)).toBe(0);
    expect(storage.durableBytes(incrPath).toString('latin1')).toContain(encodeCommand(['set', 'later', 'x']));
  });

  it('refuses writes with MISCONF while the disk is full and loses no acknowledged write after it heals', async () => {
    const { storage, client } = await start('everysec');
    await client.set('a', '1');
    storage.faults.full = true;
    const acked: string[] = ['a'];
    const refused: string[] = [];
    for (let i = 0; i < 20; i++) {
      try {
        await client.set(`k${i}`, 'v');
        acked.push(`k${i}`);
      } catch (e) {
        expect((e as Error).message).toBe('MISCONF Errors writing to the AOF file: No space left on device');
        refused.push(`k${i}`);
      }
    }
    expect(refused.length).toBeGreaterThan(0);
    expect(await client.get('a')).toBe('1'); // reads go on
    await expect(client.ping()).rejects.toThrow(/MISCONF/);
    storage.faults.full = false;
    await new Promise((r) => setTimeout(r, 1300));
    expect(await client.set('after', 'heal')).toBe('OK');
    const content = storage.readFile(incrPath).toString('latin1');
    for (const k of acked) expect(content).toContain(encodeCommand(['set', k, k === 'a' ? '1' : 'v']));
    for (const k of refused) expect(content).not.toContain(encodeCommand(['set', k, 'v']));
  }, 20_000);
});
