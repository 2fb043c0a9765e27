// The replication backlog (Redis 7.0 src/replication.c, repl_backlog over the shared replication
// buffer): the recent history of the replication stream in blocks, so a replica that lost its link
// can resume (+CONTINUE) from any offset still held instead of doing a full resync.

/** PROTO_REPLY_CHUNK_BYTES: the smallest block Redis allocates for the replication buffer. */
export const BLOCK_BYTES = 16 * 1024;
/** REPL_BACKLOG_TRIM_BLOCKS_PER_CALL: blocks freed at most each time a block is added. */
const TRIM_BLOCKS_PER_CALL = 64;
/** CONFIG_REPL_BACKLOG_MIN_SIZE: CONFIG SET repl-backlog-size never goes below it. */
export const MIN_RESIZE_BYTES = 16 * 1024;

interface Block {
  buf: Buffer;
  used: number;
}

/**
 * The history as Redis 7.0 keeps it: appended into blocks of at least 16 KB (at most
 * max(size/16, 16 KB)), and trimmed by whole blocks, only while dropping the oldest block still
 * leaves more than `size` bytes (incrementalTrimReplicationBacklog). So it holds at least `size`
 * bytes once that much was written, usually a block more, never less than one block.
 * Divergences: Redis's block sizes include jemalloc's rounding up (a few KB more per block), and
 * a block that a slow replica's output still references is not trimmed; neither is modelled.
 */
export class ReplBacklog {
  private blocks: Block[] = [];
  /** Bytes of history held. */
  histlen = 0;
  /** Replication offset of the first byte held (repl_backlog->offset). */
  offset: number;

  /** `startOffset` is master_repl_offset + 1 when the backlog is created. */
  constructor(private limit: number, startOffset: number) {
    this.offset = startOffset;
  }

  /** The configured size (repl-backlog-size) trimming aims for. */
  get size(): number {
    return this.limit;
  }

  /** Appends stream bytes (feedReplicationBuffer), trimming the oldest blocks after a new one. */
  append(data: Buffer): void {
    let at = 0;
    while (at < data.length) {
      const tail = this.blocks[this.blocks.length - 1];
      if (tail && tail.used < tail.buf.length) {
        const n = Math.min(tail.buf.length - tail.used, data.length - at);
        data.copy(tail.buf, tail.used, at, at + n);
        tail.used += n;
        at += n;
        this.histlen += n;
        continue;
      }
      const left = data.length - at;
      const cap = Math.max(Math.floor(this.limit / 16), BLOCK_BYTES);
      const block: Block = { buf: Buffer.allocUnsafe(Math.min(Math.max(left, BLOCK_BYTES), cap)), used: 0 };
      this.blocks.push(block);
      const n = Math.min(block.buf.length, left);
      data.copy(block.buf, 0, at, at + n);
      block.used = n;
      at += n;
      this.histlen += n;
      this.trim();
    }
  }

  private trim(): void {
    for (let trimmed = 0; this.histlen > this.limit && trimmed < TRIM_BLOCKS_PER_CALL; trimmed++) {
      if (this.blocks.length <= 1) break;
      const first = this.blocks[0]!;
      if (this.histlen - first.buf.length <= this.limit) break;
      this.blocks.shift();
      this.histlen -= first.used;
      this.offset += first.used;
    }
  }

  /** Whether a replica asking to continue from `psyncOffset` can be served from here. */
  holds(psyncOffset: number): boolean {
    return psyncOffset >= this.offset && psyncOffset <= this.offset + this.histlen;
  }

  /** The bytes from offset `from` (inclusive) to the end of the history. */
  from(from: number): Buffer {
    let skip = from - this.offset;
    if (skip < 0 || skip >= this.histlen) return Buffer.alloc(0);
    const parts: Buffer[] = [];
    for (const b of this.blocks) {
      if (skip >= b.used) {
        skip -= b.used;
        continue;
      }
      parts.push(b.buf.subarray(skip, b.used));
      skip = 0;
    }
    return Buffer.concat(parts);
  }

  /**
   * CONFIG SET repl-backlog-size (resizeReplicationBacklog): the history is kept and trimmed
   * toward the new size as blocks are added; the size never goes below 16 KB.
   */
  resize(size: number): void {
    this.limit = Math.max(size, MIN_RESIZE_BYTES);
    this.trim();
  }
}
