// BGSAVE is a point-in-time snapshot: the reference server (as a process) keeps executing random
// writes while a slowed BGSAVE (rdb-key-save-delay) runs, and the dump it leaves must equal the
// in-process model's dataset at the moment BGSAVE was accepted, not a mix of before and after.

import { afterEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { referenceTarget, type ProcessTarget } from '../harness/index.js';
import { decodeRdb, entriesOf } from '../reference-server/persistence/rdb/rdb-decoder.js';
import { canonicalDataset, canonicalJson } from '../reference-server/persistence/tools/canonical-dump.js';
import { EngineSession } from '../reference-server/testing/engine-session.js';
import type { CommandEngine } from '../reference-server/engine.js';

type Argv = string[];
const key = fc.constantFrom('a', 'b', 'c', 'd', 'key:1', 'key:2', 'key:300', 'key:499');
const val = fc.oneof(fc.constantFrom('1', '-3', 'x', ''), fc.uint8Array({ maxLength: 8 }).map((a) => Buffer.from(a).toString('latin1')));
const at = fc.integer({ min: 4_000_000_000_000, max: 4_100_000_000_000 }).map(String);
/** Deterministic writes only (the model and the server must agree without sharing a random seed). */
const write: fc.Arbitrary<Argv> = fc.oneof(
  fc.tuple(key, val).map(([k, v]) => ['SET', k, v]),
  fc.tuple(key, val, at).map(([k, v, t]) => ['SET', k, v, 'PXAT', t]),
  fc.tuple(key, at).map(([k, t]) => ['PEXPIREAT', k, t]),
  key.map((k) => ['PERSIST', k]),
  key.map((k) => ['INCR', k]),
  fc.tuple(key, val).map(([k, v]) => ['APPEND', k, v]),
  fc.tuple(key, val).map(([k, v]) => ['RPUSH', k, v, v]),
  key.map((k) => ['LPOP', k]),
  fc.tuple(key, val).map(([k, v]) => ['SADD', k, v, '7']),
  fc.tuple(key, val).map(([k, v]) => ['SREM', k, v]),
  fc.tuple(key, val, val).map(([k, f, v]) => ['HSET', k, f, v]),
  fc.tuple(key, val).map(([k, f]) => ['HDEL', k, f]),
  fc.tuple(key, fc.integer({ min: -5, max: 5 }), val).map(([k, s, m]) => ['ZADD', k, String(s), m]),
  key.map((k) => ['DEL', k]),
  fc.tuple(key, key).map(([a, b]) => ['RENAME', a, b]),
  fc.tuple(key, key).map(([a, b]) => ['COPY', a, b, 'REPLACE']),
  fc.tuple(key, fc.integer({ min: 0, max: 2 })).map(([k, d]) => ['MOVE', k, String(d)]),
  fc.integer({ min: 0, max: 2 }).map((d) => ['SELECT', String(d)]),
  fc.constant(['SWAPDB', '0', '1']),
  fc.constant(['FLUSHDB']),
);

/** The model's dataset in canonical form. */
function modelDataset(engine: CommandEngine): string {
  const rows = engine.keyspace.dbs.flatMap((db) => [...db.dict].map(([k, v]) => [db.id, k, v, db.expires.get(k)] as const));
  return canonicalJson(canonicalDataset(rows));
}

function fileDataset(file: Buffer): string {
  const rows = [...decodeRdb(file).dbs].flatMap(([db, d]) => entriesOf(d).map((e) => [db, e.key, e.value, e.expireAt] as const));
  return canonicalJson(canonicalDataset(rows));
}

const started: ProcessTarget[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((t) => t.stop()));
});

const RUNS = Number(process.env.FC_NUM_RUNS ?? 5);

describe('BGSAVE under a concurrent write load', () => {
  it('writes exactly the dataset of the moment it started, checked against the in-process model', async () => {
    const t = referenceTarget({ name: 'reference-bgsave' });
    started.push(t);
    // 20 us per key: the ~600 keys take 10+ ms of slices, during which the writes below interleave.
    await t.start({ save: '', 'rdb-key-save-delay': '20' });
    const c = await t.rawClient();
    await fc.assert(fc.asyncProperty(fc.array(write, { maxLength: 40 }), fc.array(write, { minLength: 20, maxLength: 120 }), async (before, during) => {
      const model = new EngineSession({ seed: 1 });
      const both = async (argv: Argv) => {
        const ours = (await c.send(argv)).raw.toString('latin1');
        expect(ours, argv.join(' ')).toBe(model.run(...argv));
      };
      await both(['FLUSHALL']);
      await both(['SELECT', '0']);
      for (const w of before) await both(w);
      // Enough keys in the selected db that the slowed save is still running during the writes.
      const bulk = ['MSET'];
      for (let i = 0; i < 600; i++) bulk.push(`key:${i}`, `value ${i}`);
      await both(bulk);
      expect((await c.send(['BGSAVE'])).raw.toString('latin1')).toBe('+Background saving started\r\n');
      const atStart = modelDataset(model.engine);
      // The writes go on while the save runs; count those the server saw with the save in progress.
      let concurrent = 0;
      for (const w of during) {
        const [reply, info] = await c.pipeline([w, ['INFO', 'persistence']]);
        expect(reply!.raw.toString('latin1'), w.join(' ')).toBe(model.run(...w));
        if (info!.raw.toString('latin1').includes('rdb_bgsave_in_progress:1')) concurrent++;
      }
      for (let i = 0; i < 500; i++) {
        const info = (await c.send(['INFO', 'persistence'])).raw.toString('latin1');
        if (info.includes('rdb_bgsave_in_progress:0')) {
          expect(info).toContain('rdb_last_bgsave_status:ok');
          break;
        }
        await new Promise((r) => setTimeout(r, 10));
      }
      expect(concurrent, 'writes executed while the BGSAVE ran').toBeGreaterThan(0);
      expect(fileDataset(readFileSync(join(t.dir, 'dump.rdb')))).toBe(atStart);
      await c.send(['SELECT', '0']);
    }), { numRuns: RUNS });
  }, 180_000);
});
