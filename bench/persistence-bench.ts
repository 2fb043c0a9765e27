// The persistence section of `npm run bench`: SAVE time, restart-and-load time and BGSAVE for a
// DEBUG POPULATE dataset, and restart from an AOF, on each target side by side.

import type { ProcessTarget } from '../harness/index.js';

export interface PersistenceRow {
  what: string;
  ms: Record<string, number>;
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

/** Waits until the target answers PING after a restart (restart() already waits; this measures it). */
export async function persistenceBench(targets: ProcessTarget[], keys: number): Promise<PersistenceRow[]> {
  const rows = new Map<string, PersistenceRow>();
  const put = (what: string, name: string, ms: number) => {
    const row = rows.get(what) ?? { what, ms: {} };
    row.ms[name] = ms;
    rows.set(what, row);
  };
  for (const t of targets) {
    const c = t.client();
    await c.flushall();
    await c.call('DEBUG', 'POPULATE', String(keys));
    put(`SAVE ${keys} keys`, t.name, await timed(() => c.save()));
    put(`restart + load RDB of ${keys} keys`, t.name, await timed(async () => {
      await t.crash('process');
      await t.restart();
    }));
    const c2 = t.client();
    const dbsize = await c2.dbsize();
    if (dbsize !== keys) throw new Error(`${t.name} loaded ${dbsize} keys, expected ${keys}`);
    put(`BGSAVE ${keys} keys (until done)`, t.name, await timed(async () => {
      await c2.bgsave();
      for (let i = 0; i < 6000; i++) {
        const info = await c2.info('persistence');
        if (/rdb_bgsave_in_progress:0/.test(info) && i > 0) break;
        await new Promise((r) => setTimeout(r, 10));
      }
    }));
    await c2.config('SET', 'appendonly', 'yes');
    for (let i = 0; i < 6000; i++) {
      const info = await c2.info('persistence');
      if (/aof_rewrite_in_progress:0/.test(info) && /aof_enabled:1/.test(info) && !/aof_rewrite_scheduled:1/.test(info)) break;
      await new Promise((r) => setTimeout(r, 10));
    }
    put(`BGREWRITEAOF ${keys} keys (until done)`, t.name, await timed(async () => {
      await c2.bgrewriteaof();
      for (let i = 0; i < 6000; i++) {
        const info = await c2.info('persistence');
        if (/aof_rewrite_in_progress:0/.test(info) && !/aof_rewrite_scheduled:1/.test(info) && i > 0) break;
        await new Promise((r) => setTimeout(r, 10));
      }
    }));
    put(`restart + load AOF (RDB preamble) of ${keys} keys`, t.name, await timed(async () => {
      await t.crash('process');
      await t.restart();
    }));
  }
  return [...rows.values()];
}
