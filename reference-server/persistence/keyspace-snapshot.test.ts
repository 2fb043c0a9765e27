// The BGSAVE snapshot is point-in-time: whatever writes happen between its slices, the file holds
// exactly the dataset of the moment it started (fork's copy-on-write, done by hand).

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Keyspace, type KeyspaceListener } from '../keyspace/keyspace.js';
import { ManualClock } from '../ports/clock.js';
import { createStringValue } from '../keyspace/string-value.js';
import { ListValue } from '../keyspace/list-value.js';
import { KeyspaceSnapshot } from './keyspace-snapshot.js';
import { snapshotWriter, writeSnapshotInBackground } from './rdb/rdb-file.js';
import { decodeRdb } from './rdb/rdb-decoder.js';
import { nodeStorage } from '../ports/node-storage.js';
import { EngineSession } from '../testing/engine-session.js';

const quiet: KeyspaceListener = { keyModified() {}, keyReady() {}, keyExpired() {} };

type Op = { kind: 'set' | 'del' | 'push' | 'expire' | 'flush'; db: number; key: string; val: string };
const op = fc.record({
  kind: fc.constantFrom('set', 'del', 'push', 'expire', 'flush'),
  db: fc.integer({ min: 0, max: 2 }),
  key: fc.constantFrom('a', 'b', 'c', 'd', 'l'),
  val: fc.string({ maxLength: 5 }),
}) as fc.Arbitrary<Op>;

function apply(ks: Keyspace, o: Op): void {
  const db = ks.dbs[o.db]!;
  switch (o.kind) {
    case 'set': ks.set(db, o.key, createStringValue(o.val)); break;
    case 'del': ks.delete(db, o.key); break;
    case 'expire': if (ks.exists(db, o.key)) ks.setExpire(db, o.key, 2e12); break;
    case 'flush': if (o.val.length > 3) ks.flush(db); break;
    case 'push': {
      const v = ks.lookupWrite(db, 'l');
      if (v === undefined) ks.add(db, 'l', new ListValue([o.val]));
      else if (v.type === 'list') { v.items.pushTail(o.val); ks.modified(db, 'l'); }
    }
  }
}

/** Each db's keys with values and expiries, sorted by key (the file's key order is not part of the contract). */
function dump(ks: Keyspace): unknown {
  return ks.dbs.map((db) => [...db.dict.entries()].sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0))
    .map(([k, v]) => [k, v.type === 'string' ? v.data : v.type === 'list' ? [...v.items] : v.type, db.expires.get(k)]));
}

describe('KeyspaceSnapshot', () => {
  it('writes the dataset as of its start while writes interleave with its slices', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'snap-'));
    try {
      await fc.assert(fc.asyncProperty(fc.array(op, { maxLength: 30 }), fc.array(op, { maxLength: 60 }), async (before, during) => {
        const ks = new Keyspace(3, new ManualClock(), quiet);
        for (const o of before) apply(ks, o);
        const expected = dump(ks);
        const snapshot = new KeyspaceSnapshot(ks);
        let i = 0;
        // One key per slice, and a few writes at each pause.
        const writer = snapshotWriter(nodeStorage, snapshot, 3, [], { compression: false, checksum: true, listMaxListpackSize: -2 },
          { tmpPath: join(dir, 'temp.rdb'), finalPath: join(dir, 'dump.rdb') }, 1);
        await writeSnapshotInBackground(writer,
          async () => { for (let k = 0; k < 3 && i < during.length; k++) apply(ks, during[i++]!); },
          () => false);
        snapshot.release();
        while (i < during.length) apply(ks, during[i++]!);
        const loaded = new Keyspace(3, new ManualClock(), quiet);
        const contents = decodeRdb(nodeStorage.readFile(join(dir, 'dump.rdb')), { databases: 3 });
        loaded.replaceContents(contents.dbs);
        expect(dump(loaded)).toEqual(expected);
        expect(ks.writeObservers.size).toBe(0);
      }), { numRuns: 200 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('KeyspaceSnapshot with SWAPDB and FLUSHDB during the save (regressions of the lazy walk)', () => {
  it('keeps each db as it was at the start', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'snap-'));
    try {
      const s = new EngineSession({ seed: 1 });
      s.run('INCR', 'a');
      s.run('SELECT', '1');
      for (let i = 0; i < 5; i++) s.run('SET', `k${i}`, `v${i}`);
      const ks = s.engine.keyspace;
      const expected = dump(ks);
      const snapshot = new KeyspaceSnapshot(ks);
      const during = [['SWAPDB', '0', '1'], ['INCR', 'a'], ['MOVE', 'a', '0'], ['SET', 'a', 'x'], ['DEL', 'a'], ['SET', 'k1', 'changed'],
        ['SWAPDB', '0', '1'], ['SELECT', '0'], ['FLUSHDB'], ['SET', 'new', '1'], ['SELECT', '1'], ['RENAME', 'k2', 'k9']];
      let i = 0;
      const writer = snapshotWriter(nodeStorage, snapshot, ks.dbs.length, [], { compression: false, checksum: true, listMaxListpackSize: -2 },
        { tmpPath: join(dir, 'temp.rdb'), finalPath: join(dir, 'dump.rdb') }, 1);
      await writeSnapshotInBackground(writer, async () => { if (i < during.length) s.run(...during[i++]!); }, () => false);
      snapshot.release();
      const loaded = new Keyspace(ks.dbs.length, new ManualClock(), quiet);
      loaded.replaceContents(decodeRdb(nodeStorage.readFile(join(dir, 'dump.rdb')), { databases: ks.dbs.length }).dbs);
      expect(i, 'writes that ran between the slices').toBeGreaterThan(3);
      expect(dump(loaded)).toEqual(expected);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
