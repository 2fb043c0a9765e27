// The toxic interface of the link proxy, in Toxiproxy's spirit: a toxic is plain data (ToxicSpec)
// plus a small behaviour that pipes each piece of a stream in one direction. Behaviours may split,
// delay, truncate or hold pieces, or act on the link once when added (drop, reset).

/** `upstream`: client to server (replica to master); `downstream`: server to client (master to replica). */
export type Direction = 'upstream' | 'downstream';

/** A toxic as plain data. `direction` defaults to both. Attributes by type. */
export type ToxicSpec =
  | { type: 'drop'; name?: string; direction?: Direction | 'both' }
  | { type: 'reset'; name?: string; direction?: Direction | 'both' }
  | { type: 'blackhole'; name?: string; direction?: Direction | 'both' }
  /** Each piece waits `latencyMs` plus a uniform jitter in [-jitterMs, +jitterMs] (seeded). */
  | { type: 'latency'; name?: string; direction?: Direction | 'both'; latencyMs: number; jitterMs?: number }
  /** At most `rateKBps` kilobytes (1024 bytes) per second. */
  | { type: 'bandwidth'; name?: string; direction?: Direction | 'both'; rateKBps: number }
  /** Splits pieces into `averageSize` (+- `sizeVariation`) bytes, `delayMs` apart. */
  | { type: 'slice'; name?: string; direction?: Direction | 'both'; averageSize: number; sizeVariation?: number; delayMs?: number }
  /** Lets `bytes` bytes through on each connection, then closes it (both sides). */
  | { type: 'limit_data'; name?: string; direction?: Direction | 'both'; bytes: number };

export type ToxicType = ToxicSpec['type'];

/** A slice of the stream on its way: its bytes and the earliest time (ms, monotonic) it may go out. */
export interface Piece {
  data: Buffer;
  notBefore: number;
  /** Close the connection (both sides) once this piece is written. */
  closeAfter?: boolean;
}

/** What a toxic can do to the connection it sits on. */
export interface LinkActions {
  /** Closes both sides now (FIN). */
  close(): void;
  /** Resets both sides now (RST). */
  reset(): void;
  /** A seeded random number in [0, 1). */
  random(): number;
}

/** One toxic on one direction of one connection (its state lives here, e.g. bytes passed). */
export interface ToxicStage {
  /** Pipes a piece: returns the pieces to pass on (split, delayed, truncated, or none). */
  pipe?(piece: Piece, now: number): Piece[];
  /** While a stage holds, the direction forwards nothing and stops reading its source (blackhole). */
  holds?: boolean;
}

/** A toxic's behaviour: `attach` runs when it meets a connection (added, or a new connection). */
export interface ToxicBehaviour<S extends ToxicSpec = ToxicSpec> {
  /** Checks attributes; throws a clear error naming the bad one. */
  validate(spec: S): void;
  /** Once per connection and direction. May act at once (drop) and returns its stage, if it pipes. */
  attach(spec: S, link: LinkActions, when: 'added' | 'connected'): ToxicStage | undefined;
}

/** Thrown for a toxic spec with a bad type or attribute. */
export class ToxicSpecError extends Error {}

/** Asserts that `value` is a finite number >= min. */
export function requireNumber(spec: ToxicSpec, field: string, value: unknown, min: number): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min) {
    throw new ToxicSpecError(`toxic ${spec.type}: ${field} must be a number >= ${min}, got ${JSON.stringify(value)}`);
  }
}
