// The backlog keeps the stream in blocks of at least 16 KB and trims whole blocks only while
// what stays exceeds the configured size, as Redis 7.0's replication buffer does.

import { describe, expect, it } from 'vitest';
import { BLOCK_BYTES, ReplBacklog } from './backlog.js';

const bytes = (n: number, start = 0) => Buffer.from(Array.from({ length: n }, (_, i) => (start + i) % 251));

describe('ReplBacklog', () => {
  it('holds everything while it fits, from any offset', () => {
    const log = new ReplBacklog(1024, 1);
    log.append(Buffer.from('hello'));
    log.append(Buffer.from(' world'));
    expect(log.histlen).toBe(11);
    expect(log.offset).toBe(1);
    expect(log.from(1).toString()).toBe('hello world');
    expect(log.from(7).toString()).toBe('world');
    expect(log.holds(12)).toBe(true);
    expect(log.holds(13)).toBe(false);
    expect(log.holds(0)).toBe(false);
  });

  it('never trims below one block, even past a smaller configured size', () => {
    const log = new ReplBacklog(1024, 1);
    for (let i = 0; i < 10; i++) log.append(bytes(1000, i * 1000));
    expect(log.histlen).toBe(10_000);
    expect(log.from(1)).toEqual(bytes(10_000));
  });

  it('drops whole blocks from the front while more than the size would remain', () => {
    const size = 20_000;
    const log = new ReplBacklog(size, 101);
    const total = 200_000;
    for (let at = 0; at < total; at += 700) log.append(bytes(Math.min(700, total - at), at));
    expect(log.histlen).toBeGreaterThanOrEqual(size);
    expect(log.histlen).toBeLessThanOrEqual(size + 2 * BLOCK_BYTES);
    expect(log.offset).toBe(101 + total - log.histlen);
    expect((log.offset - 101) % BLOCK_BYTES).toBe(0);
    expect(log.from(log.offset)).toEqual(bytes(log.histlen, total - log.histlen));
    expect(log.from(101 + total - 5)).toEqual(bytes(5, total - 5));
    expect(log.holds(log.offset - 1)).toBe(false);
    expect(log.holds(101 + total)).toBe(true);
  });

  it('a write bigger than a block gets a block of its own size (up to size/16)', () => {
    const log = new ReplBacklog(1 << 20, 1);
    log.append(bytes(100));
    log.append(bytes(50_000, 100));
    expect(log.from(1)).toEqual(bytes(50_100));
  });

  it('resizing keeps the history and trims toward the new size, never under 16 KB', () => {
    const log = new ReplBacklog(1 << 20, 1);
    for (let i = 0; i < 100; i++) log.append(bytes(1000, i * 1000));
    log.resize(1000);
    expect(log.size).toBe(16 * 1024);
    expect(log.histlen).toBeGreaterThan(16 * 1024);
    expect(log.histlen).toBeLessThanOrEqual(16 * 1024 + 2 * BLOCK_BYTES);
    expect(log.from(log.offset)).toEqual(bytes(log.histlen, 100_000 - log.histlen));
  });
});
