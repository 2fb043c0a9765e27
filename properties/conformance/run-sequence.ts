// Sends one command sequence to redis-server and to the reference server, one command at a time
// on each, and reports the first reply that disagrees. Reads needed for canonical comparisons
// (encodings, pre-states) go to redis-server only, and only outside MULTI.

import { describeValue, type Argv, type RawClient, type RespFrame, type RespValue } from '../../harness/index.js';
import { bulkItems } from './canonical.js';
import { compareExec, compareValues, type Agreement, type CommandContext } from './compare-replies.js';
import { poppedMembers, preStateQuery, toPreState } from './random-replies.js';
import { lexRangeKey, needsTopLevel, replyKind } from './reply-kinds.js';
import { scanUnion } from './scan-replies.js';

/** The main connections of one run, one per server. */
export interface ClientPair {
  redis: RawClient;
  reference: RawClient;
}

/** The first disagreement of a run. */
export interface Divergence {
  /** 0-based position in the transcript (commands actually sent). */
  index: number;
  argv: Argv;
  redis: string;
  reference: string;
  why: string;
}

/** What happened in one run. */
export interface SequenceOutcome {
  /** Commands sent to each server (not counting harness reads and repairs). */
  sent: number;
  /** Commands in the order sent, with harness repairs as `# ...` comments. */
  transcript: (Argv | string)[];
  divergence?: Divergence;
}

const SORTED_KEYS_ENCODING = new Set(['smembers', 'hgetall', 'hkeys', 'hvals', 'hscan', 'sscan', 'zscan']);

async function sendOrError(client: RawClient, argv: Argv): Promise<RespFrame> {
  try {
    return await client.send(argv);
  } catch (e) {
    const text = `HARNESS: ${(e as Error).message}`;
    return { raw: Buffer.from(`!${text}\r\n`, 'latin1'), value: { kind: 'error', text } };
  }
}

async function encodingOf(client: RawClient, key: string): Promise<string> {
  const v = (await client.send(['OBJECT', 'ENCODING', key])).value;
  return v.kind === 'bulk' && v.value !== null ? v.value : 'none';
}

/** Reads, from redis-server, what the comparison of `argv` needs (top level only). */
async function readContext(redis: RawClient, argv: Argv): Promise<CommandContext> {
  const name = argv[0]!.toLowerCase();
  const kind = replyKind(argv);
  if (kind === 'random') return { pre: toPreState(argv, (await redis.send(preStateQuery(argv))).value) };
  if (name === 'sinter') return { encodings: await Promise.all(argv.slice(1).map((k) => encodingOf(redis, k))) };
  if (SORTED_KEYS_ENCODING.has(name) && argv.length > 1) return { encodings: [await encodingOf(redis, argv[1]!)] };
  return {};
}

/** Whether `key` is a skiplist-encoded sorted set whose scores are not all equal (read on redis-server). */
async function mixedScoreSkiplist(redis: RawClient, key: string): Promise<boolean> {
  if ((await encodingOf(redis, key)) !== 'skiplist') return false;
  const ends = await redis.pipeline([['ZRANGE', key, '0', '0', 'WITHSCORES'], ['ZRANGE', key, '-1', '-1', 'WITHSCORES']]);
  const [lowest, highest] = ends.map((f) => bulkItems(f.value)?.[1]);
  return lowest !== highest;
}

function isSimple(v: RespValue, text: string): boolean {
  return v.kind === 'simple' && v.text === text;
}

/** Runs `sequence` on both servers; stops at the first divergence. */
export async function runSequence(clients: ClientPair, sequence: readonly Argv[]): Promise<SequenceOutcome> {
  const outcome: SequenceOutcome = { sent: 0, transcript: [] };
  let inMulti = false;
  let queued: Argv[] = [];
  for (const argv of sequence) {
    // Random and SCAN replies are checked against reads made just before them: impossible inside MULTI.
    if (inMulti && needsTopLevel(argv)) continue;
    const lexKey = inMulti ? undefined : lexRangeKey(argv);
    if (lexKey !== undefined && (await mixedScoreSkiplist(clients.redis, lexKey))) {
      outcome.transcript.push(`# harness: left out ${argv.join(' ')} (lex range over a skiplist with mixed scores: undefined in Redis)`);
      continue;
    }
    const name = argv[0]!.toLowerCase();
    if (name === 'dbsize' && !inMulti) {
      // DBSIZE counts keys whose expiry has passed until active expiry (timing) removes them:
      // let SCAN expire them in the current db on both servers first, so the counts compare.
      await Promise.all([expireDueInCurrentDb(clients.redis), expireDueInCurrentDb(clients.reference)]);
      outcome.transcript.push('# harness: SCAN the current db on both servers first (expires keys past their TTL)');
    }
    const ctx = inMulti ? {} : await readContext(clients.redis, argv);
    const [a, b] = await Promise.all([sendOrError(clients.redis, argv), sendOrError(clients.reference, argv)]);
    const index = outcome.transcript.length;
    outcome.transcript.push(argv);
    outcome.sent++;
    let verdict: Agreement = { ok: true };
    if (replyKind(argv) === 'scan' && !inMulti) {
      const fixed = ctx.encodings?.every((e) => e === 'listpack' || e === 'intset') ?? false;
      if (fixed) verdict = a.raw.equals(b.raw) ? { ok: true } : { ok: false, why: 'scan replies differ (small encoding: order fixed)' };
      else {
        const [ua, ub] = await Promise.all([scanUnion(clients.redis, argv, a.value), scanUnion(clients.reference, argv, b.value)]);
        if (ua.startsWith('INVALID')) verdict = { ok: false, why: `redis-server scan fails the harness's check: ${ua}` };
        else if (ua !== ub) verdict = { ok: false, why: `iterated to cursor 0, the unions differ: redis-server ${ua}; reference ${ub}` };
      }
    } else if (!a.raw.equals(b.raw)) {
      verdict = name === 'exec' && inMulti ? compareExec(queued, a.value, b.value) : compareValues(argv, a.value, b.value, inMulti ? {} : ctx);
    }
    if (!verdict.ok) {
      outcome.divergence = { index, argv, redis: describeValue(a.value), reference: describeValue(b.value), why: verdict.why };
      return outcome;
    }
    if (inMulti) {
      if (name === 'exec' || name === 'discard') inMulti = false;
      else if (isSimple(a.value, 'QUEUED')) queued.push(argv);
    } else if (name === 'multi' && isSimple(a.value, 'OK')) {
      inMulti = true;
      queued = [];
    }
    if (name === 'spop' && a.value.kind !== 'error') await realignAfterSpop(clients, argv[1]!, a.value, b.value, outcome);
  }
  return outcome;
}

/** Walks the current db with SCAN (which expires keys past their TTL as it meets them). Bounded. */
async function expireDueInCurrentDb(client: RawClient): Promise<void> {
  let cursor = '0';
  for (let i = 0; i < 10_000; i++) {
    const reply = (await client.send(['SCAN', cursor, 'COUNT', '1000'])).value;
    if (reply.kind !== 'array' || reply.items === null || reply.items.length !== 2) return;
    const next = reply.items[0]!;
    cursor = next.kind === 'bulk' && next.value !== null ? next.value : '0';
    if (cursor === '0') return;
  }
}

/**
 * SPOP removes random members, so the two servers may now hold different sets: put back on the
 * reference server what only it popped and remove what only redis-server popped.
 */
async function realignAfterSpop(clients: ClientPair, key: string, redis: RespValue, ref: RespValue, outcome: SequenceOutcome): Promise<void> {
  const fromRedis = new Set(poppedMembers(redis));
  const fromRef = new Set(poppedMembers(ref));
  const restore = [...fromRef].filter((m) => !fromRedis.has(m));
  const remove = [...fromRedis].filter((m) => !fromRef.has(m));
  if (restore.length === 0 && remove.length === 0) return;
  const repairs: Argv[] = [];
  if (restore.length > 0) repairs.push(['SADD', key, ...restore]);
  if (remove.length > 0) repairs.push(['SREM', key, ...remove]);
  for (const r of repairs) outcome.transcript.push(`# harness, reference server only: ${r.join(' ')}`);
  await clients.reference.pipeline(repairs);
}
