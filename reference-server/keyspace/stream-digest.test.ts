// DEBUG DIGEST, DIGEST-VALUE, TYPE, OBJECT ENCODING and XINFO STREAM FULL for streams, compared
// byte for byte with a real redis-server fed the same commands (times masked: they differ).

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRealRedis, type RealRedis } from '../../harness/testing/real-redis.js';
import { EngineSession } from '../testing/engine-session.js';
import { ServerConfig } from '../config/server-config.js';
import { streamDatasetCommands, STREAM_DATASET_KEYS } from '../testing/stream-dataset.js';

/** Delivery and seen times differ between the two servers by a few ms. */
const maskTimes = (r: string) => r.replace(/:\d{13}\r\n/g, ':T\r\n');

describe('stream digests and introspection match redis-server', () => {
  let redis: RealRedis | undefined;
  beforeAll(async () => {
    redis = await startRealRedis();
  }, 20_000);
  afterAll(async () => {
    await redis?.stop();
  });

  it('builds the same streams and digests them alike', async () => {
    const r = redis!.client;
    const config = new ServerConfig();
    config.set('enable-debug-command', ['yes']);
    const s = new EngineSession({ config });
    await r.call('CONFIG', 'SET', 'stream-node-max-entries', '40');
    s.run('CONFIG', 'SET', 'stream-node-max-entries', '40');
    for (const cmd of streamDatasetCommands()) {
      const real = await r.call(...cmd);
      expect(real, cmd.join(' ')).not.toMatch(/^-/);
      expect(maskTimes(s.run(...cmd)), cmd.join(' ')).toBe(maskTimes(real));
    }
    for (const key of STREAM_DATASET_KEYS) {
      expect(s.run('TYPE', key)).toBe(await r.call('TYPE', key));
      expect(s.run('OBJECT', 'ENCODING', key)).toBe('$6\r\nstream\r\n');
      expect(s.run('DEBUG', 'DIGEST-VALUE', key), key).toBe(await r.call('DEBUG', 'DIGEST-VALUE', key));
      expect(maskTimes(s.run('XINFO', 'STREAM', key, 'FULL', 'COUNT', '0')), key).toBe(maskTimes(await r.call('XINFO', 'STREAM', key, 'FULL', 'COUNT', '0')));
    }
    expect(s.run('DEBUG', 'DIGEST')).toBe(await r.call('DEBUG', 'DIGEST'));
  });
});
