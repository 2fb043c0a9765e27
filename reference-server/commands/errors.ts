// Redis 7.0's error replies, worded exactly as src/server.c createSharedObjects and the command
// files word them. One place, so every command answers alike.

import { ErrorReply } from '../resp/reply.js';

export const WRONGTYPE = new ErrorReply('WRONGTYPE Operation against a key holding the wrong kind of value');
export const SYNTAX = new ErrorReply('ERR syntax error');
export const NOT_INTEGER = new ErrorReply('ERR value is not an integer or out of range');
export const NOT_FLOAT = new ErrorReply('ERR value is not a valid float');
export const NO_SUCH_KEY = new ErrorReply('ERR no such key');
export const OUT_OF_RANGE = new ErrorReply('ERR index out of range');
export const DB_INDEX_OUT_OF_RANGE = new ErrorReply('ERR DB index is out of range');
export const INCR_OVERFLOW = new ErrorReply('ERR increment or decrement would overflow');
export const EXECABORT = new ErrorReply('EXECABORT Transaction discarded because of previous errors.');
export const READONLY = new ErrorReply("READONLY You can't write against a read only replica.");
export const NOREPLICAS = new ErrorReply('NOREPLICAS Not enough good replicas to write.');
export const LOADING = new ErrorReply('LOADING Redis is loading the dataset in memory');

/** `ERR wrong number of arguments for '<fullname>' command`. */
export function wrongArity(fullname: string): ErrorReply {
  return new ErrorReply(`ERR wrong number of arguments for '${fullname}' command`);
}

/** An `ERR <text>` reply. */
export function err(text: string): ErrorReply {
  return new ErrorReply('ERR ' + text);
}
