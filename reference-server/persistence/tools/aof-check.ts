// `durability-lab aof check DIR|MANIFEST|FILE [--fix]`, like redis-check-aof: reads the manifest and
// every file it names (or one AOF file) with the server's own loader (commands parsed, not
// executed), reports the first defect; --fix cuts a truncated tail off the last file.

import { join } from 'node:path';
import type { Storage } from '../../ports/storage.js';
import { Logger } from '../../logger.js';
import { AofLoadError, loadSingleAofFile, type AofReplayer } from '../aof/aof-loader.js';
import { AofManifestError, parseManifest } from '../aof/manifest.js';
import { DEFAULT_LIMITS } from '../rdb/rdb-decoder.js';

export interface AofCheckReport {
  ok: boolean;
  fixed: boolean;
  lines: string[];
}

/** A replayer that only counts commands and follows MULTI/EXEC, touching no dataset. */
function countingReplayer(): AofReplayer & { commands: number } {
  let multi = false;
  const r = {
    commands: 0,
    replay(args: string[]) {
      r.commands++;
      const name = args[0]!.toLowerCase();
      if (name === 'multi') multi = true;
      else if (name === 'exec' || name === 'discard') multi = false;
    },
    inMulti: () => multi,
    discardMulti: () => {
      multi = false;
    },
    loadRdb: () => undefined,
  };
  return r;
}

/**
 * Loads `name` with the server's loader (commands counted, not executed). A truncated tail of the
 * `last` file is cut when `fix`. `label` names the file in the line printed when it is valid.
 */
function checkFile(storage: Storage, dirPath: string, name: string, label: string, last: boolean, fix: boolean): AofCheckReport {
  const replayer = countingReplayer();
  const options = { storage, logger: new Logger('warning', '/dev/null'), dirPath, loadTruncated: false, limits: DEFAULT_LIMITS, databases: 1 << 30, replayer };
  try {
    loadSingleAofFile(options, name, last);
    return { ok: true, fixed: false, lines: [`${label} ${name} is valid (${replayer.commands} commands)`] };
  } catch (e) {
    if (!(e instanceof AofLoadError)) throw e;
    const lines = [`AOF ${name} is not valid: ${e.message}`];
    if (!(fix && last && /Unexpected end of file/.test(e.message))) return { ok: false, fixed: false, lines };
    loadSingleAofFile({ ...options, loadTruncated: true, replayer: countingReplayer() }, name, true);
    lines.push(`Successfully truncated AOF ${name}`);
    return { ok: true, fixed: true, lines };
  }
}

/** Checks (and with `fix`, repairs a truncated tail of) the multi-part AOF in `dirPath`. */
export function checkAofDir(storage: Storage, dirPath: string, manifestName: string, fix: boolean): AofCheckReport {
  let manifest;
  try {
    manifest = parseManifest(storage.readFile(join(dirPath, manifestName)).toString('latin1'));
  } catch (e) {
    if (e instanceof AofManifestError || (e as NodeJS.ErrnoException).code === 'ENOENT') {
      return { ok: false, fixed: false, lines: [`Invalid AOF manifest file format: ${(e as Error).message}`] };
    }
    throw e;
  }
  const files = manifest.loadOrder();
  const lines = ['Start checking Multi Part AOF'];
  let fixed = false;
  for (let i = 0; i < files.length; i++) {
    const f = files[i]!;
    const check = checkFile(storage, dirPath, f.name, f.type === 'b' ? 'BASE AOF' : 'INCR AOF', i === files.length - 1, fix);
    lines.push(...check.lines);
    if (!check.ok) return { ok: false, fixed: false, lines };
    fixed ||= check.fixed;
  }
  lines.push('All AOF files and manifest are valid');
  return { ok: true, fixed, lines };
}

/**
 * Whether `text` is an AOF manifest: its first line that is not a comment starts with "file ", as
 * redis-check-aof decides (fileIsManifest, src/redis-check-aof.c); anything else is one AOF file.
 */
export function looksLikeManifest(text: string): boolean {
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) continue;
    return line.startsWith('file ');
  }
  return false;
}

/**
 * Checks one AOF file on its own (an old-style appendonly.aof, or one part of a multi-part AOF,
 * RDB preamble or not), as redis-check-aof's checkOldStyleAof does for a file that is not a
 * manifest; `fix` cuts a truncated tail.
 */
export function checkAofFile(storage: Storage, dirPath: string, name: string, fix: boolean): AofCheckReport {
  const check = checkFile(storage, dirPath, name, 'AOF', true, fix);
  return { ...check, lines: ['Start checking Old-Style AOF', ...check.lines] };
}
