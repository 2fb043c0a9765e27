// Loading an RDB into a keyspace: the decoded maps are adopted whole, keys past their TTL are
// left out (and listed) on a master's load, and a bad file changes nothing.

import { describe, expect, it } from 'vitest';
import { Keyspace, type KeyspaceListener } from '../../keyspace/keyspace.js';
import { ManualClock } from '../../ports/clock.js';
import { createStringValue } from '../../keyspace/string-value.js';
import type { RedisValue } from '../../keyspace/value.js';
import { encodeRdb } from './rdb-encoder.js';
import { decodeRdb, DEFAULT_LIMITS } from './rdb-decoder.js';
import { RdbError } from './rdb-error.js';
import { loadRdbInto } from './rdb-file.js';

const NOW = 1_700_000_000_000;
const options = { compression: false, checksum: true, listMaxListpackSize: -2 };

function file(dbs: Array<{ id: number; entries: Array<[string, string, number | undefined]> }>): Buffer {
  return encodeRdb(options, [['redis-ver', '7.0.15']], dbs.map((d) => ({
    id: d.id,
    size: d.entries.length,
    expiresSize: d.entries.filter(([, , x]) => x !== undefined).length,
    entries: d.entries.map(([k, v, x]) => [k, createStringValue(v) as RedisValue, x] as const),
  })));
}

function keyspace(): { ks: Keyspace; modified: string[] } {
  const modified: string[] = [];
  const listener: KeyspaceListener = { keyModified: (db, key) => modified.push(`${db}:${key}`), keyReady() {}, keyExpired() {} };
  return { ks: new Keyspace(4, new ManualClock(NOW), listener), modified };
}

function contents(ks: Keyspace): string[] {
  const out: string[] = [];
  for (const db of ks.dbs) {
    for (const [k, v] of db.dict) out.push(`${db.id}:${k}=${v.type === 'string' ? v.data : v.type}@${db.expires.get(k) ?? '-'}`);
  }
  return out.sort();
}

describe('loadRdbInto', () => {
  const rdb = file([
    { id: 0, entries: [['a', '1', undefined], ['gone', 'x', NOW - 1], ['later', 'y', NOW + 5000], ['edge', 'z', NOW]] },
    { id: 2, entries: [['b', '2', NOW - 10]] },
  ]);

  it('on a master, leaves out keys whose TTL has passed and lists them for the DELs a replica needs', () => {
    const { ks } = keyspace();
    const stats = loadRdbInto(ks, rdb, DEFAULT_LIMITS, true);
    expect(contents(ks)).toEqual(['0:a=1@-', `0:edge=z@${NOW}`, `0:later=y@${NOW + 5000}`]);
    expect(stats.keysLoaded).toBe(3);
    expect(stats.keysExpired).toBe(2);
    expect(stats.expiredKeys.sort()).toEqual([[0, 'gone'], [2, 'b']]);
    expect(stats.aux.get('redis-ver')).toBe('7.0.15');
  });

  it('keeps every key when told not to skip expired ones (replica, AOF base)', () => {
    const { ks } = keyspace();
    const stats = loadRdbInto(ks, rdb, DEFAULT_LIMITS, false);
    expect(stats.keysLoaded).toBe(5);
    expect(stats.expiredKeys).toEqual([]);
    expect(contents(ks)).toContain(`2:b=2@${NOW - 10}`);
  });

  it('replaces what was there, telling the listener about every flushed key', () => {
    const { ks, modified } = keyspace();
    ks.dbs[1]!.dict.set('old', createStringValue('v'));
    ks.dbs[0]!.dict.set('a', createStringValue('stale'));
    loadRdbInto(ks, rdb, DEFAULT_LIMITS, true);
    expect(contents(ks).some((l) => l.startsWith('1:'))).toBe(false);
    expect(contents(ks)).toContain('0:a=1@-');
    expect(modified.sort()).toEqual(['0:a', '1:old']);
  });

  it('refuses a file with a key twice in one db, and changes nothing', () => {
    const dup = file([{ id: 0, entries: [['k', '1', undefined], ['j', '2', undefined], ['k', '3', undefined]] }]);
    expect(() => decodeRdb(dup)).toThrow(/Duplicated key found in RDB file/);
    try {
      decodeRdb(dup);
    } catch (e) {
      expect(e).toBeInstanceOf(RdbError);
      expect((e as RdbError).key).toBe('k');
    }
    const { ks } = keyspace();
    ks.dbs[0]!.dict.set('keep', createStringValue('me'));
    expect(() => loadRdbInto(ks, dup, DEFAULT_LIMITS, true)).toThrow(RdbError);
    expect(contents(ks)).toEqual(['0:keep=me@-']);
  });

  it('accepts the same key in two different dbs', () => {
    const two = file([{ id: 0, entries: [['k', '1', undefined]] }, { id: 3, entries: [['k', '2', undefined]] }]);
    const { ks } = keyspace();
    loadRdbInto(ks, two, DEFAULT_LIMITS, true);
    expect(contents(ks)).toEqual(['0:k=1@-', '3:k=2@-']);
  });
});
