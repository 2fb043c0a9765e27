// OBJECT REFCOUNT inside and after EXEC, byte for byte against redis-server (regression from the
// conformance property: `MULTI; MSET k -0; OBJECT REFCOUNT k; EXEC` answers 2 on Redis).

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRealRedis, type RealRedis } from '../../harness/testing/real-redis.js';
import { EngineSession } from '../testing/engine-session.js';
import { loadConfig } from '../config/load-config.js';

let redis: RealRedis;
beforeAll(async () => {
  redis = await startRealRedis();
});
afterAll(async () => {
  await redis.stop();
});

const script: string[][] = [
  ['MULTI'],
  ['MSET', 'a', '-0', 'n', '5'], ['OBJECT', 'REFCOUNT', 'a'], ['OBJECT', 'REFCOUNT', 'n'],
  ['SET', 'b', 'x'.repeat(60)], ['OBJECT', 'REFCOUNT', 'b'], ['APPEND', 'b', 'y'], ['OBJECT', 'REFCOUNT', 'b'],
  ['INCRBYFLOAT', 'c', '1.5'], ['OBJECT', 'REFCOUNT', 'c'],
  ['APPEND', 'd', 'x'], ['OBJECT', 'REFCOUNT', 'd'],
  ['GETSET', 'e', '1000000'], ['OBJECT', 'REFCOUNT', 'e'], ['INCR', 'e'], ['OBJECT', 'REFCOUNT', 'e'],
  ['RPUSH', 'l', 'x'], ['OBJECT', 'REFCOUNT', 'l'],
  ['SET', 'f', 'v'], ['RENAME', 'f', 'g'], ['OBJECT', 'REFCOUNT', 'g'], ['DEBUG', 'OBJECT', 'g'],
  ['EXEC'],
  ['OBJECT', 'REFCOUNT', 'a'], ['OBJECT', 'REFCOUNT', 'g'], ['OBJECT', 'REFCOUNT', 'c'],
  // COPY duplicates even a shared integer (conformance seed 456: INCR k:1; COPY k:1 b; OBJECT REFCOUNT b).
  ['INCR', 'k'], ['COPY', 'k', 'k2'], ['OBJECT', 'REFCOUNT', 'k2'], ['OBJECT', 'REFCOUNT', 'k'],
  ['SET', 'm', '123456'], ['COPY', 'm', 'm2'], ['OBJECT', 'REFCOUNT', 'm2'], ['INCR', 'm2'], ['OBJECT', 'REFCOUNT', 'm2'],
  ['COPY', 'k2', 'k3'], ['OBJECT', 'REFCOUNT', 'k3'], ['INCR', 'k3'], ['OBJECT', 'REFCOUNT', 'k3'], ['DEBUG', 'OBJECT', 'k2'],
];

describe('OBJECT REFCOUNT', () => {
  it('counts the queued argv while EXEC runs, as redis-server does', async () => {
    const ours = new EngineSession({ seed: 1, config: loadConfig(['--enable-debug-command', 'yes']) });
    for (const cmd of script) {
      const theirs = await redis.client.call(...cmd);
      const mine = ours.run(...cmd);
      // DEBUG OBJECT's address and LRU differ by nature: compare its refcount field only.
      const norm = (r: string) => r.replace(/Value at:0x[0-9a-f]+/g, 'Value at:ADDR').replace(/ lru:\d+ lru_seconds_idle:\d+/g, '').replace(/ serializedlength:\d+/, '');
      expect(norm(mine), cmd.join(' ')).toBe(norm(theirs));
    }
  });
});
