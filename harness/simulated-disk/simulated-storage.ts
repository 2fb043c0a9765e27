// A simulated disk implementing the reference server's Storage port: every file has the bytes a
// reader sees (the page cache) and the bytes that survive a power cut (as of its last fsync); every
// directory has the entries a reader sees and the ones made durable by a directory fsync. Faults
// (disk full, EIO, fsync stalls) switch on and off at run time.

import { basename, dirname } from 'node:path';
import type { FileHandle, Storage } from '../../reference-server/ports/storage.js';

/** One file's content, shared by every name linked to it. */
class Inode {
  data = Buffer.alloc(0);
  /** Content as of the last fsync/fdatasync. */
  durable = Buffer.alloc(0);
}

interface Dir {
  entries: Map<string, Inode>;
  /** Entries as of the last fsync of the directory. */
  durableEntries: Map<string, Inode>;
}

/** Which failures are switched on. */
export interface DiskFaults {
  /** ENOSPC on every write (after `partialBytes` bytes of it, a short write). */
  full: boolean;
  partialBytes: number;
  /** EIO on writes. */
  eioOnWrite: boolean;
  /** EIO on fsync/fdatasync. */
  eioOnFsync: boolean;
  /** Every fsync/fdatasync takes this long (ms); synchronous ones block the process. */
  fsyncDelayMs: number;
}

/** How much a power cut loses: file data only (LazyFS), or directory changes not fsynced too. */
export type PowerLossMode = 'data-only' | 'strict';

function errno(code: string, message: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: ${message}`), { code });
}

/** How an fsync stall takes time: real time by default, virtual time for a virtual-time target. */
export interface StallTime {
  /** A synchronous call blocks the process for `ms`. */
  block(ms: number): void;
  /** A background call completes after `ms`. */
  after(ms: number, fn: () => void): void;
}

/** Real time: the thread really blocks (Atomics.wait), background completions use setTimeout. */
export const realStallTime: StallTime = {
  block(ms) {
    if (ms > 0) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
  },
  after(ms, fn) {
    setTimeout(fn, ms);
  },
};

export class SimulatedStorage implements Storage {
  private readonly dirs = new Map<string, Dir>();
  private readonly handles = new Map<FileHandle, { inode: Inode; append: boolean }>();
  private nextFd = 100;
  readonly faults: DiskFaults = { full: false, partialBytes: 0, eioOnWrite: false, eioOnFsync: false, fsyncDelayMs: 0 };
  /** Counters for tests and reports. */
  readonly stats = { writes: 0, fsyncs: 0, bytesWritten: 0 };

  constructor(private readonly stallTime: StallTime = realStallTime) {}

  private dir(path: string, create = false): Dir {
    let d = this.dirs.get(path);
    if (!d) {
      if (!create) throw errno('ENOENT', `no such directory '${path}'`);
      d = { entries: new Map(), durableEntries: new Map() };
      this.dirs.set(path, d);
    }
    return d;
  }

  private lookup(path: string): Inode | undefined {
    return this.dirs.get(dirname(path))?.entries.get(basename(path));
  }

  private inodeOf(path: string): Inode {
    const i = this.lookup(path);
    if (!i) throw errno('ENOENT', `no such file '${path}'`);
    return i;
  }

  private open(path: string, truncate: boolean, append: boolean): FileHandle {
    const d = this.dir(dirname(path));
    let inode = d.entries.get(basename(path));
    if (!inode) {
      inode = new Inode();
      d.entries.set(basename(path), inode);
    } else if (truncate) {
      inode.data = Buffer.alloc(0);
    }
    const fd = this.nextFd++;
    this.handles.set(fd, { inode, append });
    return fd;
  }

  private handle(fd: FileHandle) {
    const h = this.handles.get(fd);
    if (!h) throw errno('EBADF', `bad file descriptor ${fd}`);
    return h;
  }

  openAppend(path: string): FileHandle {
    return this.open(path, false, true);
  }

  openWrite(path: string): FileHandle {
    return this.open(path, true, false);
  }

  write(fd: FileHandle, data: Uint8Array): number {
    const { inode } = this.handle(fd);
    this.stats.writes++;
    if (this.faults.eioOnWrite) throw errno('EIO', 'input/output error (injected)');
    let n = data.length;
    if (this.faults.full) {
      n = Math.min(this.faults.partialBytes, data.length);
      if (n === 0) throw errno('ENOSPC', 'no space left on device (injected)');
    }
    inode.data = Buffer.concat([inode.data, data.subarray(0, n)]);
    this.stats.bytesWritten += n;
    return n;
  }

  private sync(fd: FileHandle): void {
    const { inode } = this.handle(fd);
    this.stats.fsyncs++;
    if (this.faults.eioOnFsync) throw errno('EIO', 'input/output error (injected fsync)');
    inode.durable = Buffer.from(inode.data);
  }

  fsync(fd: FileHandle): void {
    this.stallTime.block(this.faults.fsyncDelayMs);
    this.sync(fd);
  }

  fdatasync(fd: FileHandle): void {
    this.fsync(fd);
  }

  fdatasyncAsync(fd: FileHandle): Promise<void> {
    const delay = this.faults.fsyncDelayMs;
    // The data to sync is what was written when the call started, as a real fdatasync would
    // cover at least that; apply it after the delay.
    return new Promise((resolve, reject) => {
      this.stallTime.after(delay, () => {
        try {
          this.sync(fd);
          resolve();
        } catch (e) {
          reject(e);
        }
      });
    });
  }

  close(fd: FileHandle): void {
    this.handle(fd);
    this.handles.delete(fd);
  }

  rename(from: string, to: string): void {
    const inode = this.inodeOf(from);
    this.dir(dirname(from)).entries.delete(basename(from));
    this.dir(dirname(to)).entries.set(basename(to), inode);
  }

  unlink(path: string): void {
    this.inodeOf(path);
    this.dir(dirname(path)).entries.delete(basename(path));
  }

  fsyncDir(path: string): void {
    const d = this.dir(path);
    if (this.faults.eioOnFsync) throw errno('EIO', 'input/output error (injected fsync)');
    d.durableEntries = new Map(d.entries);
  }

  truncate(path: string, length: number): void {
    const inode = this.inodeOf(path);
    inode.data = length <= inode.data.length ? Buffer.from(inode.data.subarray(0, length)) : Buffer.concat([inode.data, Buffer.alloc(length - inode.data.length)]);
  }

  readFile(path: string): Buffer {
    return Buffer.from(this.inodeOf(path).data);
  }

  exists(path: string): boolean {
    return this.dirs.has(path) || this.lookup(path) !== undefined;
  }

  size(path: string): number {
    return this.inodeOf(path).data.length;
  }

  list(path: string): string[] {
    return [...this.dir(path).entries.keys()];
  }

  mkdir(path: string): void {
    if (this.dirs.has(path)) return;
    const parent = dirname(path);
    if (parent !== path && !this.dirs.has(parent)) this.mkdir(parent);
    // Directories themselves are taken as durable at once: the model cares about their entries.
    this.dir(path, true);
  }

  /** The bytes of `path` that would survive a power cut now (data-only mode). */
  durableBytes(path: string): Buffer {
    return Buffer.from(this.inodeOf(path).durable);
  }

  /** Every file path that currently exists. */
  allFiles(): string[] {
    const out: string[] = [];
    for (const [d, dir] of this.dirs) for (const name of dir.entries.keys()) out.push(`${d}/${name}`);
    return out;
  }

  /**
   * A power cut: every file keeps only its fsynced content; in `strict` mode directory entries
   * also fall back to the last directory fsync. Open handles are dropped (the process died).
   */
  powerLoss(mode: PowerLossMode): void {
    this.handles.clear();
    for (const d of this.dirs.values()) {
      if (mode === 'strict') d.entries = new Map(d.durableEntries);
      else d.durableEntries = new Map(d.entries);
      for (const inode of d.entries.values()) inode.data = Buffer.from(inode.durable);
    }
  }

  /**
   * The page cache reaches the disk (the OS flushed it after a process crash, before the restart):
   * every file's content and every directory's entries become durable.
   */
  settle(): void {
    for (const d of this.dirs.values()) {
      d.durableEntries = new Map(d.entries);
      for (const inode of d.entries.values()) inode.durable = Buffer.from(inode.data);
    }
  }

  /** A process crash: the page cache survives; open handles are dropped. */
  processCrash(): void {
    this.handles.clear();
  }
}
