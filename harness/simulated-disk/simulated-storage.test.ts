// The simulated disk loses exactly what a power cut loses: unsynced file data always, and in
// strict mode directory changes not made durable by a directory fsync.

import { describe, expect, it } from 'vitest';
import { SimulatedStorage } from './simulated-storage.js';

function setup() {
  const s = new SimulatedStorage();
  s.mkdir('/d');
  return s;
}

describe('SimulatedStorage', () => {
  it('keeps fsynced data and drops the rest on power loss', () => {
    const s = setup();
    const fd = s.openAppend('/d/f');
    s.write(fd, Buffer.from('abc'));
    s.fdatasync(fd);
    s.write(fd, Buffer.from('def'));
    expect(s.readFile('/d/f').toString()).toBe('abcdef');
    s.processCrash();
    expect(s.readFile('/d/f').toString()).toBe('abcdef');
    s.powerLoss('data-only');
    expect(s.readFile('/d/f').toString()).toBe('abc');
  });

  it('in strict mode loses renames and creates not followed by a directory fsync', () => {
    const s = setup();
    let fd = s.openWrite('/d/old');
    s.write(fd, Buffer.from('old'));
    s.fsync(fd);
    s.fsyncDir('/d');
    fd = s.openWrite('/d/tmp');
    s.write(fd, Buffer.from('new'));
    s.fsync(fd);
    s.rename('/d/tmp', '/d/old');
    s.powerLoss('strict');
    expect(s.readFile('/d/old').toString()).toBe('old');
    expect(s.exists('/d/tmp')).toBe(false);
  });

  it('keeps a rename made durable by a directory fsync', () => {
    const s = setup();
    const fd = s.openWrite('/d/tmp');
    s.write(fd, Buffer.from('new'));
    s.fsync(fd);
    s.rename('/d/tmp', '/d/final');
    s.fsyncDir('/d');
    s.powerLoss('strict');
    expect(s.readFile('/d/final').toString()).toBe('new');
  });

  it('injects ENOSPC, short writes and EIO, and recovers when healed', () => {
    const s = setup();
    const fd = s.openAppend('/d/f');
    s.faults.full = true;
    expect(() => s.write(fd, Buffer.from('abc'))).toThrow(expect.objectContaining({ code: 'ENOSPC' }));
    s.faults.partialBytes = 2;
    expect(s.write(fd, Buffer.from('abcdef'))).toBe(2);
    s.faults.full = false;
    s.faults.eioOnFsync = true;
    expect(() => s.fdatasync(fd)).toThrow(expect.objectContaining({ code: 'EIO' }));
    s.faults.eioOnFsync = false;
    expect(s.write(fd, Buffer.from('x'))).toBe(1);
    expect(s.readFile('/d/f').toString()).toBe('abx');
  });

  it('delays background fsyncs and applies them when they complete', async () => {
    const s = setup();
    const fd = s.openAppend('/d/f');
    s.write(fd, Buffer.from('abc'));
    s.faults.fsyncDelayMs = 30;
    const started = Date.now();
    const p = s.fdatasyncAsync(fd);
    s.powerLoss('data-only');
    expect(s.readFile('/d/f').length).toBe(0);
    await p.catch(() => undefined);
    expect(Date.now() - started).toBeGreaterThanOrEqual(25);
  });
});
