// Test support for unit tests that compare reply bytes with a real redis-server: a started
// redis-server target plus a `call` that resolves with each reply's exact bytes (latin1).

import { redisServerTarget } from '../targets/redis-server-target.js';
import type { RawClient } from '../resp/raw-client.js';

/** A running redis-server and a raw client to it. */
export interface RealRedis {
  port: number;
  client: { call(...args: Array<string | number>): Promise<string> };
  stop(): Promise<void>;
}

/** Starts redis-server (persistence off, DEBUG on) through the harness; `stop` reaps it. */
export async function startRealRedis(directives: Record<string, string> = {}): Promise<RealRedis> {
  const target = redisServerTarget();
  await target.start(directives);
  let raw: RawClient;
  try {
    raw = await target.rawClient();
  } catch (e) {
    await target.stop();
    throw e;
  }
  return {
    port: target.address.port,
    client: { call: async (...args) => (await raw.send(args.map(String))).raw.toString('latin1') },
    stop: () => target.stop(),
  };
}

/** Length in bytes of the first complete RESP2 reply in `s` starting at `at`, or -1 when incomplete. */
export function replyEnd(s: string, at = 0): number {
  const eol = s.indexOf('\r\n', at);
  if (eol < 0) return -1;
  const type = s[at];
  if (type === '+' || type === '-' || type === ':') return eol + 2;
  const n = Number(s.slice(at + 1, eol));
  if (type === '$') return n < 0 ? eol + 2 : s.length >= eol + 4 + n ? eol + 4 + n : -1;
  if (type === '*') {
    let p = eol + 2;
    for (let i = 0; i < n; i++) {
      p = replyEnd(s, p);
      if (p < 0) return -1;
    }
    return p;
  }
  throw new Error(`not a RESP reply at ${at}: ${JSON.stringify(s.slice(at, at + 20))}`);
}
