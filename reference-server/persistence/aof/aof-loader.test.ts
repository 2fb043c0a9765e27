// Loading AOF files: commands replay in order; a truncated tail of the last file is cut when
// aof-load-truncated allows; garbage, unknown commands and truncation elsewhere stop the load.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AofLoadError, loadAppendOnlyFiles, type AofReplayer } from './aof-loader.js';
import { parseManifest } from './manifest.js';
import { encodeCommand } from './aof-format.js';
import { nodeStorage } from '../../ports/node-storage.js';
import { Logger } from '../../logger.js';
import { DEFAULT_LIMITS } from '../rdb/rdb-decoder.js';
import { checkAofDir } from '../tools/aof-check.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'aof-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function recorder(): AofReplayer & { seen: string[][] } {
  let multi: string[][] | null = null;
  const r = {
    seen: [] as string[][],
    replay(args: string[]) {
      const name = args[0]!.toLowerCase();
      if (name === 'unknowncmd') return false as unknown as void;
      if (name === 'multi') multi = [];
      else if (name === 'exec') {
        r.seen.push(...multi!);
        multi = null;
      } else if (multi) multi.push(args);
      else r.seen.push(args);
    },
    inMulti: () => multi !== null,
    discardMulti: () => {
      multi = null;
    },
    loadRdb: () => undefined,
  };
  return r;
}

function load(files: Record<string, string>, manifest: string, truncated: boolean) {
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content, 'latin1');
  const replayer = recorder();
  const summary = loadAppendOnlyFiles({
    storage: nodeStorage, logger: new Logger('warning', '/dev/null'), dirPath: dir, loadTruncated: truncated,
    limits: DEFAULT_LIMITS, databases: 16, replayer,
  }, parseManifest(manifest));
  return { summary, seen: replayer.seen };
}

const set = (k: string, v: string) => encodeCommand(['SET', k, v]);
const MANIFEST = 'file a.1.base.aof seq 1 type b\nfile a.1.incr.aof seq 1 type i\n';

describe('AOF loading', () => {
  it('replays base then incr, skipping annotations', () => {
    const { summary, seen } = load({ 'a.1.base.aof': set('k', '1'), 'a.1.incr.aof': '#TS:1700000000\r\n' + set('k', '2') }, MANIFEST, false);
    expect(summary.status).toBe('ok');
    expect(seen).toEqual([['SET', 'k', '1'], ['SET', 'k', '2']]);
  });

  it('cuts a truncated tail of the last file when allowed, at the last whole command', () => {
    const incr = set('a', '1') + set('b', '2');
    for (let cut = incr.length - 1; cut > set('a', '1').length; cut--) {
      const { summary, seen } = load({ 'a.1.base.aof': set('k', '1'), 'a.1.incr.aof': incr.slice(0, cut) }, MANIFEST, true);
      expect(summary.status).toBe('truncated');
      expect(seen).toEqual([['SET', 'k', '1'], ['SET', 'a', '1']]);
      expect(readFileSync(join(dir, 'a.1.incr.aof'), 'latin1')).toBe(set('a', '1'));
    }
  });

  it('refuses a truncated tail when aof-load-truncated is no, and truncation of a file that is not last', () => {
    expect(() => load({ 'a.1.base.aof': set('k', '1'), 'a.1.incr.aof': set('a', '1').slice(0, 10) }, MANIFEST, false)).toThrow(/Unexpected end of file/);
    expect(() => load({ 'a.1.base.aof': set('k', '1').slice(0, 10), 'a.1.incr.aof': set('a', '1') }, MANIFEST, true)).toThrow(/not the last file/);
  });

  it('reverts a MULTI left open at the end', () => {
    const incr = set('a', '1') + encodeCommand(['MULTI']) + set('b', '2');
    const { seen } = load({ 'a.1.base.aof': '', 'a.1.incr.aof': incr }, MANIFEST, true);
    expect(seen).toEqual([['SET', 'a', '1']]);
    expect(readFileSync(join(dir, 'a.1.incr.aof'), 'latin1')).toBe(set('a', '1'));
  });

  it('refuses garbage and a missing file with a message naming the file', () => {
    expect(() => load({ 'a.1.base.aof': 'hello\r\n', 'a.1.incr.aof': '' }, MANIFEST, true)).toThrow(/Bad file format reading the append only file a.1.base.aof/);
    rmSync(join(dir, 'a.1.incr.aof'));
    expect(() => load({ 'a.1.base.aof': set('k', '1') }, MANIFEST, true)).toThrow(AofLoadError);
  });

  it('aof check reports and --fix repairs a truncated tail', () => {
    writeFileSync(join(dir, 'a.manifest'), MANIFEST);
    writeFileSync(join(dir, 'a.1.base.aof'), set('k', '1'), 'latin1');
    writeFileSync(join(dir, 'a.1.incr.aof'), set('a', '1') + set('b', '2').slice(0, 7), 'latin1');
    const report = checkAofDir(nodeStorage, dir, 'a.manifest', false);
    expect(report.ok).toBe(false);
    expect(report.lines.join('\n')).toMatch(/a.1.incr.aof is not valid/);
    const fixed = checkAofDir(nodeStorage, dir, 'a.manifest', true);
    expect(fixed.fixed).toBe(true);
    expect(checkAofDir(nodeStorage, dir, 'a.manifest', false).ok).toBe(true);
  });
});
