// The replication backlog (Redis 7.0 src/replication.c, repl_backlog): a fixed-size circular
// history of the replication stream, so a replica that lost its link can resume (+CONTINUE) from
// any offset still held instead of doing a full resync.

/** A circular buffer of the last `size` bytes of the replication stream. */
export class ReplBacklog {
  private buf: Buffer;
  /** Write position in `buf`. */
  private idx = 0;
  /** Bytes of history held (at most the size). */
  histlen = 0;
  /** Replication offset of the first byte held (repl_backlog->offset). */
  offset: number;

  /** `startOffset` is master_repl_offset + 1 when the backlog is created. */
  constructor(size: number, startOffset: number) {
    this.buf = Buffer.alloc(Math.max(1, size));
    this.offset = startOffset;
  }

  get size(): number {
    return this.buf.length;
  }

  /** Appends stream bytes, dropping the oldest history when full. */
  append(data: Buffer): void {
    const size = this.buf.length;
    let src = data;
    if (src.length > size) src = src.subarray(src.length - size);
    const first = Math.min(src.length, size - this.idx);
    src.copy(this.buf, this.idx, 0, first);
    if (first < src.length) src.copy(this.buf, 0, first);
    this.idx = (this.idx + src.length) % size;
    const before = this.histlen;
    this.histlen = Math.min(size, this.histlen + data.length);
    // The first held offset moves by whatever was pushed out.
    this.offset += before + data.length - this.histlen;
  }

  /** Whether a replica asking to continue from `psyncOffset` can be served from here. */
  holds(psyncOffset: number): boolean {
    return psyncOffset >= this.offset && psyncOffset <= this.offset + this.histlen;
  }

  /** The bytes from offset `from` (inclusive) to the end of the history. */
  from(from: number): Buffer {
    const skip = from - this.offset;
    const len = this.histlen - skip;
    if (len <= 0) return Buffer.alloc(0);
    const size = this.buf.length;
    const start = (this.idx - this.histlen + skip + size * 2) % size;
    if (start + len <= size) return Buffer.from(this.buf.subarray(start, start + len));
    return Buffer.concat([this.buf.subarray(start), this.buf.subarray(0, len - (size - start))]);
  }

  /** Resizes (CONFIG SET repl-backlog-size): Redis resizes by dropping the history. */
  resize(size: number, masterOffset: number): void {
    if (size === this.buf.length) return;
    this.buf = Buffer.alloc(Math.max(1, size));
    this.idx = 0;
    this.histlen = 0;
    this.offset = masterOffset + 1;
  }
}
