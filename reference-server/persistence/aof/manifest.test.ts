// The manifest reads and writes Redis 7.0's syntax and refuses what aofLoadManifestFromFile refuses.

import { describe, expect, it } from 'vitest';
import { AofManifest, AofManifestError, parseManifest } from './manifest.js';

describe('AOF manifest', () => {
  it('round-trips the layout Redis writes', () => {
    const text = 'file appendonly.aof.2.base.rdb seq 2 type b\nfile appendonly.aof.1.base.rdb seq 1 type h\nfile appendonly.aof.3.incr.aof seq 3 type i\nfile appendonly.aof.4.incr.aof seq 4 type i\n';
    const m = parseManifest(text);
    expect(m.base?.name).toBe('appendonly.aof.2.base.rdb');
    expect(m.incr.map((i) => i.seq)).toEqual([3, 4]);
    expect(m.toString()).toBe(text);
  });

  it('names new files and retires rewritten ones like Redis', () => {
    const m = new AofManifest();
    expect(m.newBase('appendonly.aof', true)).toBe('appendonly.aof.1.base.rdb');
    expect(m.newIncr('appendonly.aof')).toBe('appendonly.aof.1.incr.aof');
    expect(m.newIncr('appendonly.aof')).toBe('appendonly.aof.2.incr.aof');
    m.newBase('appendonly.aof', false);
    m.markRewrittenIncrAsHistory(true);
    expect(m.toString()).toBe(
      // Both markings add at the head of the history list (listAddNodeHead in src/aof.c).
      'file appendonly.aof.2.base.aof seq 2 type b\nfile appendonly.aof.1.incr.aof seq 1 type h\nfile appendonly.aof.1.base.rdb seq 1 type h\nfile appendonly.aof.2.incr.aof seq 2 type i\n',
    );
  });

  it.each([
    ['', 'Found an empty AOF manifest'],
    ['file a seq 1 type b', 'too long line'],
    ['file a seq 1\n', 'Invalid AOF manifest file format'],
    ['file a/b seq 1 type b\n', "File can't be a path"],
    ['file a seq 1 type b\nfile b seq 2 type b\n', 'duplicate base'],
    ['file a seq 2 type i\nfile b seq 2 type i\n', 'non-monotonic'],
    ['file a seq 1 type x\n', 'Unknown AOF file type'],
    ['file a seq zero type i\n', 'Invalid AOF manifest file format'],
  ])('refuses %j', (text, message) => {
    expect(() => parseManifest(text)).toThrow(AofManifestError);
    expect(() => parseManifest(text)).toThrow(new RegExp(message, 'i'));
  });

  it('skips comment lines', () => {
    expect(parseManifest('# hello\nfile a seq 1 type b\n').base?.name).toBe('a');
  });
});
