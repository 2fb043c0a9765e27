// The persistence section of `npm run bench`: SAVE time, restart-and-load time, BGSAVE and its
// longest event-loop stall for a DEBUG POPULATE dataset, BGREWRITEAOF with and without the RDB
// preamble, and restart from each AOF, on each target side by side.

import { redisServerTarget, referenceTarget, type ProcessTarget } from '../harness/index.js';

export interface PersistenceRow {
  what: string;
  ms: Record<string, number>;
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

/** RDB: SAVE, restart and load, BGSAVE and its longest stall (targets started with appendonly no). */
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
    // While the BGSAVE runs, a second client PINGs back to back: its longest round trip is the
    // longest time the server's event loop did not serve clients (the stall BGSAVE causes).
    const pinger = t.client();
    let saving = true;
    let longestPing = 0;
    const pings = (async () => {
      while (saving) {
        const t0 = performance.now();
        await pinger.ping();
        longestPing = Math.max(longestPing, performance.now() - t0);
      }
    })();
    put(`BGSAVE ${keys} keys (until done)`, t.name, await timed(async () => {
      await c2.bgsave();
      for (let i = 0; i < 6000; i++) {
        const info = await c2.info('persistence');
        if (/rdb_bgsave_in_progress:0/.test(info) && i > 0) break;
        await new Promise((r) => setTimeout(r, 10));
      }
    }));
    saving = false;
    await pings;
    put(`longest PING round trip during that BGSAVE (event-loop stall)`, t.name, longestPing);
  }
  let aofRowsMeasured: PersistenceRow[] = [];
  try {
    aofRowsMeasured = await aofBench(keys);
  } catch (e) {
    // A failure here (a restart past the readiness deadline on a loaded machine) must not lose the rows above.
    console.log(`AOF part of the persistence bench failed: ${(e as Error).message.split('\n')[0]}`);
  }
  return [...rows.values(), ...aofRowsMeasured];
}

async function rewriteUntilDone(c: ReturnType<ProcessTarget['client']>): Promise<void> {
  await c.bgrewriteaof();
  for (let i = 0; i < 6000; i++) {
    const info = await c.info('persistence');
    if (/aof_rewrite_in_progress:0/.test(info) && !/aof_rewrite_scheduled:1/.test(info) && i > 0) return;
    await new Promise((r) => setTimeout(r, 10));
  }
}

/**
 * AOF (fresh targets started with appendonly yes, so restart() loads the AOF): BGREWRITEAOF of a
 * DEBUG POPULATE dataset with the RDB preamble and restart from it; then without the preamble,
 * where the BASE is one SET per key and loading replays `keys` commands.
 */
export async function aofBench(keys: number): Promise<PersistenceRow[]> {
  const targets: ProcessTarget[] = [redisServerTarget({ name: 'redis-server' }), referenceTarget({ name: 'reference' })];
  try {
    for (const t of targets) await t.start({ save: '', appendonly: 'yes', 'aof-use-rdb-preamble': 'yes', 'auto-aof-rewrite-percentage': '0' });
    return await aofRows(targets, keys);
  } finally {
    await Promise.all(targets.map((t) => t.stop()));
  }
}

async function aofRows(targets: ProcessTarget[], keys: number): Promise<PersistenceRow[]> {
  const rows = new Map<string, PersistenceRow>();
  const put = (what: string, name: string, ms: number) => {
    const row = rows.get(what) ?? { what, ms: {} };
    row.ms[name] = ms;
    rows.set(what, row);
  };
  for (const t of targets) {
    const c = t.client();
    await c.call('DEBUG', 'POPULATE', String(keys));
    put(`BGREWRITEAOF ${keys} keys, RDB preamble (until done)`, t.name, await timed(() => rewriteUntilDone(c)));
    put(`restart + load AOF (RDB preamble) of ${keys} keys`, t.name, await timed(async () => {
      await t.crash('process');
      await t.restart();
    }));
    const c2 = t.client();
    if ((await c2.dbsize()) !== keys) throw new Error(`${t.name} did not load ${keys} keys from the AOF`);
    await c2.config('SET', 'aof-use-rdb-preamble', 'no');
    put(`BGREWRITEAOF ${keys} keys, no preamble (until done)`, t.name, await timed(() => rewriteUntilDone(c2)));
    put(`restart + load AOF of ${keys} commands (no preamble)`, t.name, await timed(async () => {
      await t.crash('process');
      await t.restart();
    }));
    const loaded = await t.client().dbsize();
    if (loaded !== keys) throw new Error(`${t.name} loaded ${loaded} keys from the AOF, expected ${keys}`);
  }
  return [...rows.values()];
}
