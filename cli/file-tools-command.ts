// `durability-lab rdb check|dump FILE` and `durability-lab aof check DIR [--fix]`: the reference
// server's own decoders as standalone tools, like redis-check-rdb and redis-check-aof.

import { closeSync, existsSync, openSync, readdirSync, readFileSync, readSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { checkRdb, dumpRdb } from '../reference-server/persistence/tools/rdb-check.js';
import { checkAofDir, checkAofFile, looksLikeManifest } from '../reference-server/persistence/tools/aof-check.js';
import { canonicalJson } from '../reference-server/persistence/tools/canonical-dump.js';
import { nodeStorage } from '../reference-server/ports/node-storage.js';
import { RdbError } from '../reference-server/persistence/rdb/rdb-error.js';
import { UsageError } from './parse-args.js';

function readInput(path: string | undefined, what: string): Buffer {
  if (!path) throw new UsageError(`${what} needs a file`);
  if (!existsSync(path)) throw new Error(`no such file: ${path}`);
  return readFileSync(path);
}

/** `rdb check FILE` / `rdb dump FILE`. Exit 0 when the file is valid. */
export function rdbCommand(args: readonly string[], out: (line: string) => void): number {
  const [sub, file, ...extra] = args;
  if (extra.length > 0) throw new UsageError(`unexpected argument '${extra[0]}'`);
  if (sub === 'check') {
    const report = checkRdb(readInput(file, 'rdb check'), file!);
    for (const line of report.lines) out(line);
    return report.ok ? 0 : 1;
  }
  if (sub === 'dump') {
    try {
      out(canonicalJson(dumpRdb(readInput(file, 'rdb dump'))));
      return 0;
    } catch (e) {
      if (e instanceof RdbError) {
        out(`--- RDB ERROR DETECTED --- ${e.message}`);
        return 1;
      }
      throw e;
    }
  }
  throw new UsageError(`rdb needs 'check' or 'dump', got '${sub ?? ''}'`);
}

/**
 * `aof check PATH [--fix]`: PATH is the AOF directory (its *.manifest is found), the manifest
 * file itself, or one AOF file.
 */
export function aofCommand(args: readonly string[], out: (line: string) => void): number {
  const [sub, target, ...rest] = args;
  if (sub !== 'check') throw new UsageError(`aof needs 'check', got '${sub ?? ''}'`);
  if (!target) throw new UsageError('aof check needs the AOF directory or its manifest');
  const fix = rest.includes('--fix');
  const unknown = rest.find((a) => a !== '--fix');
  if (unknown) throw new UsageError(`unknown option '${unknown}'`);
  if (!existsSync(target)) throw new Error(`no such file or directory: ${target}`);
  let report;
  let checked = target;
  if (statSync(target).isDirectory()) {
    const manifest = readdirSync(target).find((n) => n.endsWith('.manifest') && !n.startsWith('temp-'));
    if (!manifest) throw new Error(`no *.manifest in ${target}`);
    checked = join(target, manifest);
    report = checkAofDir(nodeStorage, target, manifest, fix);
  } else if (looksLikeManifest(fileHead(target, 4096))) {
    report = checkAofDir(nodeStorage, dirname(target), basename(target), fix);
  } else {
    // A file that is not a manifest is checked as one AOF file, as redis-check-aof does.
    report = checkAofFile(nodeStorage, dirname(target), basename(target), fix);
  }
  for (const line of report.lines) out(line);
  if (!report.ok && !fix && truncatedTail(report.lines)) out(`Run 'durability-lab aof check ${checked} --fix' to truncate a damaged tail.`);
  return report.ok ? 0 : 1;
}

/** The first `n` bytes of `path` as latin1 (enough to tell a manifest from an AOF). */
function fileHead(path: string, n: number): string {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(n);
    return buf.subarray(0, readSync(fd, buf, 0, n, 0)).toString('latin1');
  } finally {
    closeSync(fd);
  }
}

/** Whether a check failed on a cut-off tail, the one defect --fix repairs. */
function truncatedTail(lines: readonly string[]): boolean {
  return lines.some((l) => /Unexpected end of file/.test(l));
}
