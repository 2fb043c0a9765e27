// Writing and reading whole RDB files through the Storage port: temp file, fsync, rename and
// directory fsync as Redis 7.0's rdbSave does; loading decodes fully before touching the keyspace,
// so a bad file never leaves a half-loaded dataset.

import { dirname } from 'node:path';
import { RdbEncoder, type RdbEncodeOptions } from './rdb-encoder.js';
import { decodeRdb, type EncodingLimits, type RdbContents } from './rdb-decoder.js';
import type { Storage } from '../../ports/storage.js';
import type { Keyspace } from '../../keyspace/keyspace.js';
import type { ServerConfig } from '../../config/server-config.js';
import type { KeyspaceSnapshot } from '../keyspace-snapshot.js';

/** The RDB writer options that the configuration decides. */
export function encodeOptionsFrom(config: ServerConfig): RdbEncodeOptions {
  return {
    compression: config.getBool('rdbcompression'),
    checksum: config.getBool('rdbchecksum'),
    listMaxListpackSize: config.getNumber('list-max-listpack-size'),
  };
}

/** The encoding limits loaded values must respect under `config`. */
export function encodingLimitsFrom(config: ServerConfig): EncodingLimits {
  return {
    hashMaxListpackEntries: config.getNumber('hash-max-listpack-entries'),
    hashMaxListpackValue: config.getNumber('hash-max-listpack-value'),
    zsetMaxListpackEntries: config.getNumber('zset-max-listpack-entries'),
    zsetMaxListpackValue: config.getNumber('zset-max-listpack-value'),
    setMaxIntsetEntries: config.getNumber('set-max-intset-entries'),
  };
}

/** Which step of a save failed, for the log line ("Write error saving DB on disk(fsync): ..."). */
export class SaveError extends Error {
  constructor(
    readonly step: string,
    readonly reason: Error,
  ) {
    super(`${step}: ${reason.message}`);
  }
}

/** Runs `fn`, labelling any failure with the save step it belongs to. */
export function step<T>(name: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof SaveError) throw e;
    throw new SaveError(name, e as Error);
  }
}

/** Where a snapshot is written: a temp file first, renamed over the final name when complete. */
export interface SnapshotPaths {
  tmpPath: string;
  finalPath: string;
}

/**
 * A file body produced in slices: yields a Buffer to append, or `undefined` where the writer may
 * pause (let the event loop run) before going on.
 */
export type FileBody = Generator<Buffer | undefined, void, void>;

/**
 * Writes `body` into `tmpPath`, pausing at its slice points; then fsyncs, renames over
 * `finalPath` and fsyncs the directory, as rdbSave and the AOF rewrite child do. Throws SaveError.
 * If stopped early (`return()`) or on failure, the temp file is removed.
 */
export function* writeFileAtomically(storage: Storage, paths: SnapshotPaths, body: FileBody): Generator<void, void, void> {
  const fd = step('open', () => storage.openWrite(paths.tmpPath));
  let closed = false;
  let done = false;
  try {
    for (const chunk of body) {
      if (chunk === undefined) yield;
      else writeAll(storage, fd, chunk);
    }
    step('fsync', () => storage.fsync(fd));
    closed = true;
    step('close', () => storage.close(fd));
    step('rename', () => storage.rename(paths.tmpPath, paths.finalPath));
    step('fsyncFileDir', () => storage.fsyncDir(dirname(paths.finalPath)));
    done = true;
  } finally {
    if (!done) discardTemp(storage, fd, closed, paths.tmpPath);
  }
}

/** The RDB encoding of a snapshot as a file body, with a slice point every `yieldEvery` keys. */
export function* rdbBody(
  snapshot: KeyspaceSnapshot,
  dbCount: number,
  aux: ReadonlyArray<readonly [string, string | number]>,
  options: RdbEncodeOptions,
  yieldEvery: number,
): FileBody {
  const enc = new RdbEncoder(options);
  enc.header(aux);
  let sinceYield = 0;
  for (let id = 0; id < dbCount; id++) {
    const { size, expiresSize } = snapshot.sizes(id);
    if (size === 0) continue;
    enc.selectDb(id, size, expiresSize);
    for (const [key, value, expire] of snapshot.entries(id)) {
      enc.entry(key, value, expire);
      if (enc.buffered > 1 << 18) yield enc.drain();
      if (++sinceYield >= yieldEvery) {
        sinceYield = 0;
        yield undefined;
      }
    }
  }
  enc.finish();
  yield enc.drain();
}

/** An RDB file of `snapshot`, written atomically (SAVE, BGSAVE). */
export function snapshotWriter(
  storage: Storage,
  snapshot: KeyspaceSnapshot,
  dbCount: number,
  aux: ReadonlyArray<readonly [string, string | number]>,
  options: RdbEncodeOptions,
  paths: SnapshotPaths,
  yieldEvery: number,
): Generator<void, void, void> {
  return writeFileAtomically(storage, paths, rdbBody(snapshot, dbCount, aux, options, yieldEvery));
}

/** Writes a whole chunk; a short write is a failure of the save (the disk is full). */
function writeAll(storage: Storage, fd: number, data: Buffer): void {
  const n = step('write', () => storage.write(fd, data));
  if (n !== data.length) throw new SaveError('write', Object.assign(new Error('No space left on device (short write)'), { code: 'ENOSPC' }));
}

function discardTemp(storage: Storage, fd: number, closed: boolean, tmpPath: string): void {
  if (!closed) {
    try {
      storage.close(fd);
    } catch (closeError) {
      void closeError; // the save already failed; a close error adds nothing actionable
    }
  }
  try {
    if (storage.exists(tmpPath)) storage.unlink(tmpPath);
  } catch (unlinkError) {
    void unlinkError; // a leftover temp file is harmless: Redis leaves them too after a crash
  }
}

/** Runs a snapshot writer to the end at once (SAVE: blocks like Redis's foreground save). */
export function writeSnapshotSync(writer: Generator<void, void, void>): void {
  for (let r = writer.next(); !r.done; r = writer.next());
}

/**
 * Runs a snapshot writer slice by slice, awaiting `pause` between slices (BGSAVE). When
 * `aborted()` turns true the writer is stopped, the temp file removed, and SaveError('aborted')
 * thrown.
 */
export async function writeSnapshotInBackground(
  writer: Generator<void, void, void>,
  pause: () => Promise<void>,
  aborted: () => boolean,
): Promise<void> {
  for (let r = writer.next(); !r.done; r = writer.next()) {
    await pause();
    if (aborted()) {
      writer.return();
      throw new SaveError('aborted', new Error('save aborted'));
    }
  }
}

/** Statistics of a load, for the log and INFO. */
export interface LoadStats {
  keysLoaded: number;
  keysExpired: number;
  emptyKeysSkipped: number;
  /** The keys left out because their TTL had passed, as [db, key]. */
  expiredKeys: Array<[number, string]>;
  /** Aux fields of the file (redis-ver, repl-id, repl-offset, ...). */
  aux: Map<string, string>;
  version: number;
}

/**
 * Replaces the whole dataset with the RDB in `buf`. Expired keys are skipped when `skipExpired`
 * (a master loading its own file, as Redis does outside AOF preambles). Throws RdbError without
 * changing anything when the file is bad: the file is decoded whole before the dataset is touched.
 */
export function loadRdbInto(keyspace: Keyspace, buf: Buffer, limits: EncodingLimits, skipExpired: boolean): LoadStats {
  const contents = decodeRdb(buf, { limits, databases: keyspace.dbs.length });
  const now = keyspace.clock.now();
  const expiredKeys: Array<[number, string]> = [];
  let keysLoaded = 0;
  for (const [id, d] of contents.dbs) {
    if (skipExpired) {
      for (const [key, when] of d.expires) {
        if (when >= now) continue;
        d.dict.delete(key);
        d.expires.delete(key);
        expiredKeys.push([id, key]);
      }
    }
    keysLoaded += d.dict.size;
  }
  keyspace.replaceContents(contents.dbs);
  return {
    keysLoaded,
    keysExpired: expiredKeys.length,
    emptyKeysSkipped: contents.emptyKeysSkipped,
    expiredKeys,
    aux: contents.aux,
    version: contents.version,
  };
}
