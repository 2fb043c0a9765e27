// `durability-lab rdb check` and `rdb dump`: the same decoder the server loads with, reporting
// like redis-check-rdb (what is wrong and at which offset) or printing the canonical dataset.

import { decodeRdb, type RdbContents } from '../rdb/rdb-decoder.js';
import { RdbError } from '../rdb/rdb-error.js';
import { canonicalDataset, type CanonicalDataset } from './canonical-dump.js';
import type { RedisValue } from '../../keyspace/value.js';

export interface RdbCheckReport {
  ok: boolean;
  /** Human lines, in the spirit of redis-check-rdb's output. */
  lines: string[];
  contents?: RdbContents;
}

/** Checks an RDB held in memory. Never throws for a bad file: the report says what is wrong. */
export function checkRdb(buf: Buffer, name: string): RdbCheckReport {
  const lines = [`[offset 0] Checking RDB file ${name}`];
  try {
    const contents = decodeRdb(buf, { databases: 1 << 30 });
    lines.push(`[offset 9] RDB version ${contents.version}`);
    for (const [k, v] of contents.aux) lines.push(`[info] AUX FIELD ${k} = '${v}'`);
    let keys = 0;
    let expires = 0;
    for (const d of contents.dbs.values()) {
      keys += d.dict.size;
      expires += d.expires.size;
    }
    lines.push(`[info] ${keys} keys read`, `[info] ${expires} expires`);
    if (contents.emptyKeysSkipped) lines.push(`[info] ${contents.emptyKeysSkipped} empty keys skipped`);
    lines.push(contents.checksumVerified ? `[offset ${contents.length}] Checksum OK` : `[offset ${contents.length}] No checksum (rdbchecksum no)`);
    lines.push('\\o/ RDB looks OK! \\o/');
    return { ok: true, lines, contents };
  } catch (e) {
    if (!(e instanceof RdbError)) throw e;
    lines.push('--- RDB ERROR DETECTED ---', `[offset ${e.offset}] ${e.reason}`);
    if (e.key !== undefined) lines.push(`[additional info] Reading key '${e.key}'`);
    return { ok: false, lines };
  }
}

/** The canonical dataset of an RDB (throws RdbError for a bad file). */
export function dumpRdb(buf: Buffer): CanonicalDataset {
  const contents = decodeRdb(buf, { databases: 1 << 30 });
  const rows: Array<[number, string, RedisValue, number | undefined]> = [];
  for (const [db, d] of contents.dbs) for (const [key, value] of d.dict) rows.push([db, key, value, d.expires.get(key)]);
  return canonicalDataset(rows);
}
