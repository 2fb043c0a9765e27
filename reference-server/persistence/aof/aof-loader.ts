// Loads a multi-part AOF at startup as Redis 7.0 does (loadAppendOnlyFiles / loadSingleAppendOnlyFile
// in src/aof.c): BASE (RDB preamble or commands) then each INCR in manifest order, replaying every
// command; a truncated tail of the LAST file is cut off when aof-load-truncated is yes.

import { join } from 'node:path';
import type { Storage } from '../../ports/storage.js';
import type { Logger } from '../../logger.js';
import type { AofManifest } from './manifest.js';
import { decodeRdb, type EncodingLimits, type RdbContents } from '../rdb/rdb-decoder.js';
import { RdbError } from '../rdb/rdb-error.js';

/** Runs one command read from the AOF (the fake AOF client of Redis); throws UnknownAofCommand. */
export interface AofReplayer {
  replay(args: string[]): void;
  /** Whether the replaying client is inside MULTI (an unfinished transaction at EOF is reverted). */
  inMulti(): boolean;
  /** Drops a transaction left open at the end of a file. */
  discardMulti(): void;
  /** Replaces the dataset with an RDB base (preamble). */
  loadRdb(contents: RdbContents): void;
}

export class UnknownAofCommand extends Error {}

/** A fatal loading error: the server must refuse to start (Redis exits 1). */
export class AofLoadError extends Error {}

export type AofFileStatus = 'ok' | 'empty' | 'truncated';

export interface AofLoadOptions {
  storage: Storage;
  logger: Logger;
  /** The AOF directory (dir/appenddirname). */
  dirPath: string;
  loadTruncated: boolean;
  limits: EncodingLimits;
  databases: number;
  replayer: AofReplayer;
}

const LINE_MAX = 1024; // AOF_ANNOTATION_LINE_MAX_LEN: fgets buffer size

/** Reads a line like fgets with a 1024-byte buffer: up to and including '\n', at most 1023 bytes. */
function readLine(buf: Buffer, pos: number): { line: string; next: number } | undefined {
  if (pos >= buf.length) return undefined;
  const limit = Math.min(buf.length, pos + LINE_MAX - 1);
  const nl = buf.indexOf(0x0a, pos);
  const end = nl >= 0 && nl < limit ? nl + 1 : limit;
  return { line: buf.toString('latin1', pos, end), next: end };
}

/**
 * Loads one AOF file into the dataset. `last` says whether it is the last file (only the last may
 * be truncated). Throws AofLoadError for anything that must stop the server.
 */
export function loadSingleAofFile(o: AofLoadOptions, name: string, last: boolean): AofFileStatus {
  const path = join(o.dirPath, name);
  if (!o.storage.exists(path)) throw new AofLoadError(`The append log file ${name} doesn't exist`);
  const buf = o.storage.readFile(path);
  if (buf.length === 0) return 'empty';
  let pos = 0;
  if (buf.length >= 5 && buf.toString('latin1', 0, 5) === 'REDIS') {
    o.logger.notice('Reading RDB base file on AOF loading...');
    let contents: RdbContents;
    try {
      contents = decodeRdb(buf, { limits: o.limits, databases: o.databases });
    } catch (e) {
      if (e instanceof RdbError) throw new AofLoadError(`Error reading the RDB base file ${name}, AOF loading aborted: ${e.message}`);
      throw e;
    }
    o.replayer.loadRdb(contents);
    pos = contents.length;
  }
  let validUpTo = pos;
  let validBeforeMulti = pos;
  const unexpectedEof = (): AofFileStatus => {
    if (o.loadTruncated && last) {
      o.logger.warning(`!!! Warning: short read while loading the AOF file ${name}!!!`);
      o.logger.warning(`!!! Truncating the AOF ${name} at offset ${validUpTo} !!!`);
      o.storage.truncate(path, validUpTo);
      o.logger.warning(`AOF ${name} loaded anyway because aof-load-truncated is enabled`);
      return 'truncated';
    }
    if (!last) throw new AofLoadError(`Fatal error: the truncated file is not the last file (${name})`);
    throw new AofLoadError(`Unexpected end of file reading the append only file ${name}. You can: ` +
      '1) Make a backup of your AOF file, then use ./redis-check-aof --fix <filename.manifest>. ' +
      "2) Alternatively you can set the 'aof-load-truncated' configuration option to yes and restart the server.");
  };
  const formatError = () => new AofLoadError(`Bad file format reading the append only file ${name}: ` +
    'make a backup of your AOF file, then use ./redis-check-aof --fix <filename.manifest>');
  for (;;) {
    const head = readLine(buf, pos);
    if (!head) break;
    pos = head.next;
    if (head.line[0] === '#') continue;
    if (head.line[0] !== '*') throw formatError();
    if (head.line.length < 2) return unexpectedEof(); // '*' then EOF: a short read
    const argc = parseInt(head.line.slice(1), 10);
    if (!(argc >= 1)) throw formatError();
    const args: string[] = [];
    for (let j = 0; j < argc; j++) {
      const lenLine = readLine(buf, pos);
      if (!lenLine) return unexpectedEof();
      if (lenLine.line[0] !== '$') throw formatError();
      pos = lenLine.next;
      const len = parseInt(lenLine.line.slice(1), 10) || 0;
      if (pos + len > buf.length) return unexpectedEof();
      args.push(buf.toString('latin1', pos, pos + len));
      pos += len;
      // Redis freads the two bytes after the payload without checking them.
      if (pos + 2 > buf.length) return unexpectedEof();
      pos += 2;
    }
    if (args[0]!.toLowerCase() === 'multi') validBeforeMulti = validUpTo;
    try {
      o.replayer.replay(args);
    } catch (e) {
      if (e instanceof UnknownAofCommand) throw new AofLoadError(`Unknown command '${args[0]}' reading the append only file ${name}`);
      throw e;
    }
    validUpTo = pos;
  }
  if (o.replayer.inMulti()) {
    o.logger.warning(`Revert incomplete MULTI/EXEC transaction in AOF file ${name}`);
    o.replayer.discardMulti();
    validUpTo = validBeforeMulti;
    return unexpectedEof();
  }
  return 'ok';
}

export interface AofLoadSummary {
  status: 'not-exist' | 'empty' | 'ok' | 'truncated';
  totalSize: number;
  baseSize: number;
}

/** Loads BASE then every INCR named by the manifest. */
export function loadAppendOnlyFiles(o: AofLoadOptions, manifest: AofManifest): AofLoadSummary {
  const files = manifest.loadOrder();
  if (files.length === 0) return { status: 'not-exist', totalSize: 0, baseSize: 0 };
  let totalSize = 0;
  for (const f of files) {
    const p = join(o.dirPath, f.name);
    if (!o.storage.exists(p)) throw new AofLoadError(`The append log file ${f.name} doesn't exist`);
    totalSize += o.storage.size(p);
  }
  if (totalSize === 0) return { status: 'empty', totalSize: 0, baseSize: 0 };
  let status: AofLoadSummary['status'] = 'ok';
  let baseSize = 0;
  files.forEach((f, i) => {
    const last = i === files.length - 1;
    const r = loadSingleAofFile(o, f.name, last);
    if (f.type === 'b') baseSize = o.storage.size(join(o.dirPath, f.name));
    if (r === 'truncated') status = 'truncated';
    o.logger.notice(`DB loaded from ${f.type === 'b' ? 'base' : 'incr'} file ${f.name}`);
  });
  return { status, totalSize: files.reduce((n, f) => n + o.storage.size(join(o.dirPath, f.name)), 0), baseSize };
}
