// The two servers of a conformance run: redis-server and the reference server, started once with
// the same directives, reset (FLUSHALL, encoding thresholds) before each sequence, compared by DEBUG DIGEST.

import { redisServerTarget, referenceTarget, type Argv, type RawClient, type Target } from '../../harness/index.js';
import { formatRaw } from './redis-cli-format.js';

/** Encoding thresholds a sequence may change with CONFIG SET, and their defaults (restored between runs). */
const THRESHOLD_DEFAULTS: readonly [string, string][] = [
  ['hash-max-listpack-entries', '128'], ['hash-max-listpack-value', '64'], ['zset-max-listpack-entries', '128'],
  ['zset-max-listpack-value', '64'], ['set-max-intset-entries', '512'],
  ['stream-node-max-entries', '100'], ['stream-node-max-bytes', '4096'],
];

/** Thrown when a server cannot be prepared for a run (not a divergence: the run cannot happen). */
export class ConformanceSetupError extends Error {}

/** Both servers, with an admin connection each. */
export class ConformanceServers {
  private admin = new Map<Target, RawClient>();

  private constructor(readonly redis: Target, readonly reference: Target) {}

  /**
   * Starts both servers (redis-server from `redisServer` or PATH). With `selfCheck`, the candidate is
   * a second redis-server instead of the reference server: any divergence then is a harness bug.
   */
  static async start(options: { redisServer?: string; selfCheck?: boolean } = {}): Promise<ConformanceServers> {
    const candidate = options.selfCheck ? redisServerTarget({ binary: options.redisServer, name: 'redis-server-2' }) : referenceTarget();
    const servers = new ConformanceServers(redisServerTarget({ binary: options.redisServer }), candidate);
    try {
      await Promise.all([servers.redis.start(), servers.reference.start()]);
      for (const t of [servers.redis, servers.reference]) servers.admin.set(t, await t.rawClient());
    } catch (e) {
      await servers.stop();
      throw e;
    }
    return servers;
  }

  /** Empties every database on both servers; restores encoding thresholds when `resetConfig`. */
  async reset(resetConfig: boolean): Promise<void> {
    for (const [target, admin] of this.admin) {
      const commands: Argv[] = [['FLUSHALL']];
      if (resetConfig) for (const [name, value] of THRESHOLD_DEFAULTS) commands.push(['CONFIG', 'SET', name, value]);
      const replies = await admin.pipeline(commands);
      const bad = replies.find((r) => r.value.kind !== 'simple');
      if (bad) throw new ConformanceSetupError(`${target.name} cannot be reset before a run: ${formatRaw(bad.raw)}`);
    }
  }

  /** DEBUG DIGEST of both servers, raw. */
  async digests(): Promise<{ redis: Buffer; reference: Buffer }> {
    // DEBUG DIGEST walks the dict, logically expired keys included, and when active expiry
    // removes them is timing (activeExpireCycle samples keys): expire them lazily on both first.
    await Promise.all([expireDueKeys(this.admin.get(this.redis)!), expireDueKeys(this.admin.get(this.reference)!)]);
    const [redis, reference] = await Promise.all([this.admin.get(this.redis)!.send(['DEBUG', 'DIGEST']), this.admin.get(this.reference)!.send(['DEBUG', 'DIGEST'])]);
    return { redis: redis.raw, reference: reference.raw };
  }

  /** Fresh main connections for one run (so SELECT, CLIENT SETNAME, MULTI and WATCH never leak). */
  async connect(): Promise<{ redis: RawClient; reference: RawClient }> {
    const [redis, reference] = await Promise.all([this.redis.rawClient(), this.reference.rawClient()]);
    return { redis, reference };
  }

  /** Stops both servers. */
  async stop(): Promise<void> {
    for (const c of this.admin.values()) c.close();
    this.admin.clear();
    await Promise.all([this.redis.stop(), this.reference.stop()]);
  }
}

/**
 * TOUCHes every key of every non-empty database, so each logically expired key is deleted by
 * expireIfNeeded (lookupKeyReadWithFlags in db.c); leaves the connection on db 0.
 */
async function expireDueKeys(client: RawClient): Promise<void> {
  const info = (await client.send(['INFO', 'keyspace'])).value;
  const text = info.kind === 'bulk' && info.value !== null ? info.value : '';
  for (const m of text.matchAll(/^db(\d+):keys=/gm)) {
    await client.send(['SELECT', m[1]!]);
    let cursor = '0';
    for (let i = 0; i < 100_000; i++) {
      const reply = (await client.send(['SCAN', cursor, 'COUNT', '1000'])).value;
      if (reply.kind !== 'array' || reply.items === null || reply.items.length !== 2) break;
      const [next, keys] = reply.items;
      const names = keys!.kind === 'array' && keys!.items ? keys!.items.flatMap((k) => (k.kind === 'bulk' && k.value !== null ? [k.value] : [])) : [];
      if (names.length > 0) await client.send(['TOUCH', ...names]);
      cursor = next!.kind === 'bulk' && next!.value !== null ? next!.value : '0';
      if (cursor === '0') break;
    }
  }
  await client.send(['SELECT', '0']);
}
