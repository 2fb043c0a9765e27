// The harness side of fault-preload.so: the control file that switches disk faults on a running
// process, the environment that loads the library, and the rebuild of a data directory after a
// SIGKILL to what a power cut would leave (data-only, or strict with directory fsyncs).

import { closeSync, copyFileSync, existsSync, lstatSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../targets/repo-root.js';
import type { DiskFaultSwitches, PowerLossMode } from '../targets/target.js';
export type { DiskFaultSwitches, PowerLossMode } from '../targets/target.js';

/** The compiled library (built from fault-preload.c by `npm ci`'s prepare step). */
export function preloadLibraryPath(): string {
  return join(repoRoot(), 'dist', 'harness', 'preload', 'fault-preload.so');
}

const CONTROL_MAGIC = 0x46505245;
const CONTROL_SIZE = 64;

function key(path: string): string {
  const st = statSync(path, { bigint: true });
  return `${st.dev}-${st.ino}`;
}

/** One data directory's journal: control file and shadow copies, kept outside the data directory. */
export class PreloadJournal {
  readonly controlPath: string;
  readonly shadowDir: string;

  constructor(
    readonly dataDir: string,
    readonly workDir: string,
  ) {
    this.controlPath = join(workDir, 'control');
    this.shadowDir = join(workDir, 'shadow');
    mkdirSync(this.shadowDir, { recursive: true });
    if (!existsSync(this.controlPath)) writeFileSync(this.controlPath, Buffer.alloc(CONTROL_SIZE));
    this.setFaults({});
  }

  /** Environment for the target process. */
  env(): Record<string, string> {
    const lib = preloadLibraryPath();
    if (!existsSync(lib)) throw new Error(`fault-preload library not built: ${lib} is missing (run npm ci or npm run build)`);
    return { LD_PRELOAD: lib, FAULT_PRELOAD_DIR: this.dataDir, FAULT_PRELOAD_SHADOW: this.shadowDir, FAULT_PRELOAD_CONTROL: this.controlPath };
  }

  /** Rewrites the control file in place; the running process sees it at its next call. */
  setFaults(f: DiskFaultSwitches): void {
    const b = Buffer.alloc(CONTROL_SIZE);
    b.writeInt32LE(CONTROL_MAGIC, 0);
    b.writeInt32LE(f.enospc ? 1 : 0, 4);
    b.writeInt32LE(f.partialBytes ?? 0, 8);
    b.writeInt32LE(f.eioWrite ? 1 : 0, 12);
    b.writeInt32LE(f.eioFsync ? 1 : 0, 16);
    b.writeInt32LE(f.fsyncDelayMs ?? 0, 20);
    const fd = openSync(this.controlPath, 'r+');
    try {
      writeSync(fd, b, 0, b.length, 0);
    } finally {
      closeSync(fd);
    }
  }

  /** Records the directory as durable as it is now (before the process starts, or after a restart). */
  recordDurableState(): void {
    rmSync(this.shadowDir, { recursive: true, force: true });
    mkdirSync(this.shadowDir, { recursive: true });
    const walk = (dir: string) => {
      const lines: string[] = [];
      for (const name of readdirSync(dir)) {
        const p = join(dir, name);
        const st = lstatSync(p, { bigint: true });
        const type = st.isDirectory() ? 'd' : st.isFile() ? 'f' : 'o';
        lines.push(`${st.ino}\t${type}\t${name}`);
        if (type === 'd') walk(p);
        else if (type === 'f') copyFileSync(p, join(this.shadowDir, `ino-${st.dev}-${st.ino}`));
      }
      writeFileSync(join(this.shadowDir, `dir-${key(dir)}`), lines.map((l) => l + '\n').join(''));
    };
    walk(this.dataDir);
  }

  /**
   * After the process was SIGKILLed: every file keeps only its fsynced content; in strict mode
   * each directory also returns to its listing at its last directory fsync.
   */
  rebuildAfterPowerLoss(mode: PowerLossMode): void {
    this.rebuildDir(this.dataDir, mode);
  }

  private shadowOf(devIno: string): Buffer | undefined {
    const p = join(this.shadowDir, `ino-${devIno}`);
    return existsSync(p) ? readFileSync(p) : undefined;
  }

  private rebuildDir(dir: string, mode: PowerLossMode): void {
    const dev = statSync(dir, { bigint: true }).dev;
    const current = new Map<string, { ino: bigint; dir: boolean }>();
    for (const name of readdirSync(dir)) {
      const st = lstatSync(join(dir, name), { bigint: true });
      current.set(name, { ino: st.ino, dir: st.isDirectory() });
    }
    if (mode === 'strict') {
      const listingPath = join(this.shadowDir, `dir-${key(dir)}`);
      const durable = new Map<string, { ino: bigint; type: string }>();
      if (existsSync(listingPath)) {
        for (const line of readFileSync(listingPath, 'utf8').split('\n')) {
          if (!line) continue;
          const [ino, type, ...rest] = line.split('\t');
          durable.set(rest.join('\t'), { ino: BigInt(ino!), type: type! });
        }
      }
      for (const [name] of current) if (!durable.has(name)) rmSync(join(dir, name), { recursive: true, force: true });
      for (const [name, d] of durable) {
        const p = join(dir, name);
        if (d.type === 'd') {
          if (!existsSync(p)) mkdirSync(p);
          this.rebuildDir(p, mode);
        } else if (d.type === 'f') {
          writeFileSync(p, this.shadowOf(`${dev}-${d.ino}`) ?? Buffer.alloc(0));
        }
      }
      return;
    }
    for (const [name, c] of current) {
      const p = join(dir, name);
      if (c.dir) this.rebuildDir(p, mode);
      else writeFileSync(p, this.shadowOf(`${dev}-${c.ino}`) ?? Buffer.alloc(0));
    }
  }
}
