// The Storage port: every file operation of persistence/ and replication/ goes through it, so the
// harness can substitute a simulated disk (durable vs. volatile bytes, injected ENOSPC/EIO, stalls).
// Production uses node:fs. Calls are synchronous like Redis's main thread, except fsyncAsync (bio).

/** An open file. */
export type FileHandle = number;

export interface Storage {
  /** Opens for appending, creating it if needed (O_WRONLY|O_APPEND|O_CREAT). */
  openAppend(path: string): FileHandle;
  /** Creates or truncates for writing (O_WRONLY|O_CREAT|O_TRUNC). */
  openWrite(path: string): FileHandle;
  /**
   * Writes `data`, retrying partial writes like Redis's aofWrite. Returns the bytes written: less
   * than `data.length` is a short write (an error came after a prefix was written). Throws (with
   * an errno `code` such as ENOSPC or EIO) only when nothing was written.
   */
  write(fd: FileHandle, data: Uint8Array): number;
  fsync(fd: FileHandle): void;
  fdatasync(fd: FileHandle): void;
  /** fdatasync off the main thread (Redis's bio thread under everysec). */
  fdatasyncAsync(fd: FileHandle): Promise<void>;
  close(fd: FileHandle): void;
  /** Atomically renames (over an existing file). */
  rename(from: string, to: string): void;
  unlink(path: string): void;
  /** Makes renames/creates/unlinks in `dir` durable (fsync of the directory). */
  fsyncDir(dir: string): void;
  truncate(path: string, length: number): void;
  readFile(path: string): Buffer;
  exists(path: string): boolean;
  size(path: string): number;
  list(dir: string): string[];
  mkdir(path: string): void;
}

/** A failed storage call, carrying the errno code (ENOSPC, EIO, ...) like node's fs errors. */
export class StorageError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}
