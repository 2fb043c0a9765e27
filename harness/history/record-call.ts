// Runs one client operation and records it in a history with Jepsen's outcomes: ok with the
// reply; fail for an error reply (the server answered: the op did not happen); info when the
// outcome is unknown (connection closed, reset or timed out before a reply).

import { ReplyError, type Redis } from 'ioredis';
import type { HistoryRecorder, Op } from './history.js';

/** Whether an ioredis error is a definite error reply (fail) rather than an unknown outcome (info). */
export function isDefiniteFailure(error: unknown): boolean {
  return error instanceof ReplyError;
}

/** Invokes `args` on `client` as connection `clientId`, records invocation and completion, returns the op. */
export async function recordCall(recorder: HistoryRecorder, clientId: number, client: Redis, args: string[]): Promise<Op> {
  const op = recorder.invoke(clientId, args);
  try {
    const reply: unknown = await client.call(args[0]!, ...args.slice(1));
    recorder.complete(op, 'ok', replyText(reply));
  } catch (e) {
    recorder.complete(op, isDefiniteFailure(e) ? 'fail' : 'info', (e as Error).message);
  }
  return op;
}

function replyText(reply: unknown): string {
  if (reply === null) return '(nil)';
  if (Buffer.isBuffer(reply)) return reply.toString('latin1');
  if (Array.isArray(reply)) return JSON.stringify(reply.map((r) => (Buffer.isBuffer(r) ? r.toString('latin1') : r)));
  return String(reply);
}
