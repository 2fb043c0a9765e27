// Stream entry IDs (Redis 7.0 src/stream.h streamID): two unsigned 64-bit halves, <ms>-<seq>,
// compared as one 128-bit number. Pure values; parsing of command arguments lives in
// commands/stream-args.ts.

/** A stream ID; both halves are in [0, 2^64). */
export interface StreamId {
  readonly ms: bigint;
  readonly seq: bigint;
}

export const UINT64_MAX = (1n << 64n) - 1n;
export const ZERO_ID: StreamId = { ms: 0n, seq: 0n };
export const MAX_ID: StreamId = { ms: UINT64_MAX, seq: UINT64_MAX };

/** streamCompareID: -1, 0 or 1. */
export function compareIds(a: StreamId, b: StreamId): number {
  if (a.ms !== b.ms) return a.ms < b.ms ? -1 : 1;
  if (a.seq !== b.seq) return a.seq < b.seq ? -1 : 1;
  return 0;
}

/** `<ms>-<seq>` as replies print it (createStreamIDString). */
export function formatId(id: StreamId): string {
  return `${id.ms}-${id.seq}`;
}

export function isZeroId(id: StreamId): boolean {
  return id.ms === 0n && id.seq === 0n;
}

/** streamIncrID: the successor, or undefined for the last possible ID. */
export function incrId(id: StreamId): StreamId | undefined {
  if (id.seq === UINT64_MAX) {
    if (id.ms === UINT64_MAX) return undefined;
    return { ms: id.ms + 1n, seq: 0n };
  }
  return { ms: id.ms, seq: id.seq + 1n };
}

/** streamDecrID: the predecessor, or undefined for 0-0. */
export function decrId(id: StreamId): StreamId | undefined {
  if (id.seq === 0n) {
    if (id.ms === 0n) return undefined;
    return { ms: id.ms - 1n, seq: UINT64_MAX };
  }
  return { ms: id.ms, seq: id.seq - 1n };
}

/**
 * A fixed-width key whose string order is the ID order: what the rax's 128-bit big-endian keys
 * give Redis (streamEncodeID).
 */
export function idKey(id: StreamId): string {
  return id.ms.toString(16).padStart(16, '0') + id.seq.toString(16).padStart(16, '0');
}

/** The 16 bytes streamEncodeID writes: ms then seq, big-endian. */
export function encodeIdBytes(id: StreamId): Buffer {
  const b = Buffer.alloc(16);
  b.writeBigUInt64BE(id.ms, 0);
  b.writeBigUInt64BE(id.seq, 8);
  return b;
}

/** streamDecodeID of 16 big-endian bytes. */
export function decodeIdBytes(b: Buffer, offset = 0): StreamId {
  return { ms: b.readBigUInt64BE(offset), seq: b.readBigUInt64BE(offset + 8) };
}

/** `a - b` on uint64 read back as int64, as the delta fields of a stream listpack hold it. */
export function int64Delta(a: bigint, b: bigint): bigint {
  return BigInt.asIntN(64, a - b);
}

/** `base + delta` on uint64 (the inverse of int64Delta). */
export function addDelta(base: bigint, delta: bigint): bigint {
  return BigInt.asUintN(64, base + delta);
}
