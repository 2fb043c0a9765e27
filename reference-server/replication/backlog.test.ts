// The backlog keeps the last `size` bytes with the offset of the first one, across wrap-arounds.

import { describe, expect, it } from 'vitest';
import { ReplBacklog } from './backlog.js';

const b = (s: string) => Buffer.from(s, 'latin1');

describe('ReplBacklog', () => {
  it('holds everything while it fits', () => {
    const log = new ReplBacklog(16, 1);
    log.append(b('hello'));
    log.append(b(' world'));
    expect(log.histlen).toBe(11);
    expect(log.offset).toBe(1);
    expect(log.from(1).toString()).toBe('hello world');
    expect(log.from(7).toString()).toBe('world');
    expect(log.holds(12)).toBe(true);
    expect(log.holds(13)).toBe(false);
    expect(log.holds(0)).toBe(false);
  });

  it('drops the oldest bytes when full and moves the first offset', () => {
    const log = new ReplBacklog(8, 101);
    log.append(b('abcdef'));
    log.append(b('ghijk'));
    expect(log.histlen).toBe(8);
    expect(log.offset).toBe(104);
    expect(log.from(104).toString()).toBe('defghijk');
    expect(log.from(109).toString()).toBe('ijk');
    expect(log.holds(103)).toBe(false);
    log.append(b('0123456789ABC'));
    expect(log.offset).toBe(101 + 24 - 8);
    expect(log.from(log.offset).toString()).toBe('6789ABC'.padStart(8, '5'));
  });
});
