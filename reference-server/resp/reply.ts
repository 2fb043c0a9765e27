// Reply values a command produces, and their RESP2 encoding.
// Bulk strings are "byte strings": JS strings whose char codes are bytes 0..255 (latin1), so they map 1:1 to wire bytes.

/** A `+...` status reply. */
export class SimpleReply {
  constructor(readonly value: string) {}
}

/** A `-...` error reply; `message` is the whole line after the dash, e.g. `ERR syntax error`. */
export class ErrorReply {
  constructor(readonly message: string) {}
}

/** The `*-1` null array (BLPOP timeout, EXEC aborted by WATCH). */
export class NullArrayReply {
  private constructor() {}
  static readonly instance = new NullArrayReply();
}

/** Bytes already encoded as RESP, passed through untouched (used for pre-encoded replies). */
export class RawReply {
  constructor(readonly resp: string) {}
}

/**
 * A reply: string = bulk string (byte string), null = null bulk, number/bigint = integer,
 * array = multi-bulk of replies.
 */
export type Reply = string | null | number | bigint | Reply[] | SimpleReply | ErrorReply | NullArrayReply | RawReply;

export const OK = new SimpleReply('OK');
export const QUEUED = new SimpleReply('QUEUED');
export const PONG = new SimpleReply('PONG');
export const NULL_ARRAY = NullArrayReply.instance;

/** Encodes a reply as a RESP2 byte string (latin1). */
export function encodeReply(reply: Reply): string {
  if (typeof reply === 'string') return '$' + reply.length + '\r\n' + reply + '\r\n';
  if (typeof reply === 'number') return ':' + reply + '\r\n';
  if (reply === null) return '$-1\r\n';
  if (Array.isArray(reply)) {
    let out = '*' + reply.length + '\r\n';
    for (const item of reply) out += encodeReply(item);
    return out;
  }
  if (typeof reply === 'bigint') return ':' + reply.toString() + '\r\n';
  if (reply instanceof SimpleReply) return '+' + reply.value + '\r\n';
  if (reply instanceof ErrorReply) return '-' + reply.message + '\r\n';
  if (reply instanceof RawReply) return reply.resp;
  return '*-1\r\n';
}

/** Whether a reply is an error reply. */
export function isError(reply: Reply): reply is ErrorReply {
  return reply instanceof ErrorReply;
}
