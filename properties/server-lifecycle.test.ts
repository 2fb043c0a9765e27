// Server life cycle and persistence commands, each run on redis-server and on the reference server
// through the same code and compared: logfile/pidfile, a bad directive at startup, SHUTDOWN
// [SAVE|NOSAVE], FLUSHALL with save points, BGSAVE [SCHEDULE] beside BGREWRITEAOF, save points,
// INFO persistence field names, CONFIG SET appendonly yes, auto rewrite, HISTORY files, and the
// bytes of the AOF (timestamps, MULTI/EXEC, absolute expiries, SPOP as its effect).

import { afterEach, describe, expect, it } from 'vitest';
import { execa } from 'execa';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { dir as tmpDir } from 'tmp-promise';
import { describeValue, redisServerTarget, referenceTarget, type Directives, type ProcessTarget, type RawClient } from '../harness/index.js';
import { repoRoot } from '../harness/targets/repo-root.js';
import { decodeRdb } from '../reference-server/persistence/rdb/rdb-decoder.js';

type Kind = 'redis-server' | 'reference';
const KINDS: Kind[] = ['redis-server', 'reference'];

const started: ProcessTarget[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((t) => t.stop()));
});

async function start(kind: Kind, directives: Directives = {}): Promise<{ t: ProcessTarget; c: RawClient }> {
  const t = kind === 'reference' ? referenceTarget() : redisServerTarget();
  started.push(t);
  await t.start(directives);
  return { t, c: await t.rawClient() };
}

/** A reply as text: +status, -error, :int, bulk text, or a JSON array. */
async function call(c: RawClient, ...argv: string[]): Promise<string> {
  const v = (await c.send(argv)).value;
  switch (v.kind) {
    case 'simple': return v.text;
    case 'error': return `-${v.text}`;
    case 'integer': return String(v.value);
    case 'bulk': return v.value ?? '(nil)';
    case 'array': return describeValue(v);
  }
}

async function info(c: RawClient, section = 'persistence'): Promise<Record<string, string>> {
  const text = await call(c, 'INFO', section);
  return Object.fromEntries(text.split('\r\n').filter((l) => l.includes(':')).map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 1)]));
}

/** Polls INFO persistence until `done` holds (bounded). */
async function waitInfo(c: RawClient, done: (f: Record<string, string>) => boolean, what: string, ms = 8000): Promise<Record<string, string>> {
  const deadline = Date.now() + ms;
  for (;;) {
    const f = await info(c);
    if (done(f)) return f;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(f)}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Runs `fn` on both servers and returns both outcomes, redis-server's first. */
async function onBoth<T>(fn: (kind: Kind) => Promise<T>): Promise<[T, T]> {
  const out: T[] = [];
  for (const kind of KINDS) out.push(await fn(kind));
  return out as [T, T];
}

describe('startup', () => {
  it('honours logfile and pidfile (relative to dir) like redis-server', async () => {
    const [theirs, ours] = await onBoth(async (kind) => {
      const { t } = await start(kind, { logfile: 'server.log', pidfile: 'server.pid' });
      const pid = readFileSync(join(t.dir, 'server.pid'), 'latin1');
      const log = readFileSync(join(t.dir, 'server.log'), 'latin1');
      expect(pid).toBe(`${t.pid}\n`);
      expect(log).toMatch(/Ready to accept connections/);
      expect(log).toMatch(new RegExp(`^${t.pid}:M \\d\\d \\w{3} \\d{4} \\d\\d:\\d\\d:\\d\\d\\.\\d{3} [*#] `, 'm'));
      const c = await t.rawClient();
      await c.send(['SHUTDOWN', 'NOSAVE']).catch((e: unknown) => e);
      await t.waitExit();
      return { pidfileKept: existsSync(join(t.dir, 'server.pid')), bye: /Redis is now ready to exit, bye bye/.test(readFileSync(join(t.dir, 'server.log'), 'latin1')) };
    });
    expect(ours).toEqual(theirs);
  });

  it('refuses an unknown directive, in a file or on the command line, naming the line as redis-server does', async () => {
    const tmp = await tmpDir({ unsafeCleanup: true });
    try {
      const conf = join(tmp.path, 'redis.conf');
      writeFileSync(conf, 'port 0\n# a comment\nno-such-directive yes\n');
      const ours = join(repoRoot(), 'bin', 'ref-redis-server.js');
      for (const args of [[conf], ['--port', '0', '--frobnicate', '1'], ['--port', '0', '--save', '10']]) {
        const theirs = await execa('redis-server', args, { reject: false, cwd: tmp.path, timeout: 10_000 });
        const mine = await execa(process.execPath, [ours, ...args], { reject: false, cwd: tmp.path, timeout: 10_000 });
        expect(mine.exitCode, args.join(' ')).toBe(1);
        expect(mine.exitCode).toBe(theirs.exitCode);
        expect(mine.stdout + mine.stderr).toBe(theirs.stdout + theirs.stderr);
      }
    } finally {
      await tmp.cleanup();
    }
  });
});

describe('SHUTDOWN and FLUSHALL', () => {
  const cases: Array<{ save: string; command: string[] }> = [
    { save: '', command: ['SHUTDOWN'] },
    { save: '', command: ['SHUTDOWN', 'SAVE'] },
    { save: '3600 1', command: ['SHUTDOWN'] },
    { save: '3600 1', command: ['SHUTDOWN', 'NOSAVE'] },
  ];
  for (const { save, command } of cases) {
    it(`${command.join(' ')} with save '${save}' saves exactly when redis-server does`, async () => {
      const [theirs, ours] = await onBoth(async (kind) => {
        const { t, c } = await start(kind, { save });
        await call(c, 'SET', 'k', 'v');
        await c.send(command).catch((e: unknown) => e);
        await t.waitExit();
        const dump = join(t.dir, 'dump.rdb');
        if (!existsSync(dump)) return 'no dump.rdb';
        return [...decodeRdb(readFileSync(dump)).dbs.get(0)?.dict.keys() ?? []].join(',');
      });
      expect(ours).toBe(theirs);
    });
  }

  for (const save of ['', '3600 1']) {
    it(`FLUSHALL with save '${save}' saves (or not) like redis-server`, async () => {
      const [theirs, ours] = await onBoth(async (kind) => {
        const { t, c } = await start(kind, { save });
        await call(c, 'SET', 'k', 'v');
        expect(await call(c, 'FLUSHALL')).toBe('OK');
        const f = await info(c);
        const dump = join(t.dir, 'dump.rdb');
        return { saves: f.rdb_saves, changes: f.rdb_changes_since_last_save, dump: existsSync(dump) ? decodeRdb(readFileSync(dump)).dbs.size : 'none' };
      });
      expect(ours).toEqual(theirs);
    });
  }
});

describe('background saves and rewrites', () => {
  it('BGSAVE [SCHEDULE] and BGREWRITEAOF wait for each other with Redis replies', async () => {
    const [theirs, ours] = await onBoth(async (kind) => {
      // 100 keys at 3 ms each: every background job runs for about 300 ms.
      const { t, c } = await start(kind, { save: '', 'rdb-key-save-delay': '3000' });
      await call(c, 'DEBUG', 'POPULATE', '100');
      const replies: string[] = [];
      replies.push(await call(c, 'BGREWRITEAOF'));
      replies.push(await call(c, 'BGSAVE'));
      replies.push(await call(c, 'BGSAVE', 'SCHEDULE'));
      replies.push(await call(c, 'BGREWRITEAOF'));
      replies.push(String((await info(c)).rdb_bgsave_in_progress));
      await waitInfo(c, (f) => f.rdb_bgsave_in_progress === '1', 'the scheduled BGSAVE to start');
      replies.push(await call(c, 'BGSAVE'));
      replies.push(await call(c, 'BGREWRITEAOF'));
      replies.push((await info(c)).aof_rewrite_scheduled!);
      const f = await waitInfo(c, (i) => i.rdb_bgsave_in_progress === '0' && i.aof_rewrite_in_progress === '0' && i.aof_rewrite_scheduled === '0', 'both jobs to end');
      replies.push(`saves=${f.rdb_saves} rewrites=${f.aof_rewrites} rdb=${f.rdb_last_bgsave_status} aof=${f.aof_last_bgrewrite_status}`);
      replies.push(String(decodeRdb(readFileSync(join(t.dir, 'dump.rdb'))).dbs.get(0)?.dict.size));
      return replies;
    });
    expect(ours).toEqual(theirs);
    expect(theirs[2]).toBe('Background saving scheduled');
  });

  it('a save point starts a BGSAVE once enough changes are older than its seconds', async () => {
    const [theirs, ours] = await onBoth(async (kind) => {
      const { t, c } = await start(kind, { save: '1 2' });
      await call(c, 'SET', 'a', '1');
      await new Promise((r) => setTimeout(r, 2200));
      const before = await info(c);
      await call(c, 'SET', 'b', '2');
      const after = await waitInfo(c, (f) => f.rdb_saves === '1' && f.rdb_bgsave_in_progress === '0', 'the save point');
      return { before: [before.rdb_saves, before.rdb_changes_since_last_save], after: [after.rdb_changes_since_last_save, after.rdb_last_bgsave_status], keys: decodeRdb(readFileSync(join(t.dir, 'dump.rdb'))).dbs.get(0)?.dict.size };
    });
    expect(ours).toEqual(theirs);
  });

  it('CONFIG SET save installs save points that then trigger a BGSAVE', async () => {
    const [theirs, ours] = await onBoth(async (kind) => {
      const { c } = await start(kind, { save: '' });
      const replies = [await call(c, 'CONFIG', 'SET', 'save', '1 1 3600 1000'), await call(c, 'CONFIG', 'GET', 'save')];
      await new Promise((r) => setTimeout(r, 1100));
      await call(c, 'SET', 'a', '1');
      const f = await waitInfo(c, (i) => i.rdb_saves === '1' && i.rdb_bgsave_in_progress === '0', 'the save point');
      return [...replies, f.rdb_changes_since_last_save, f.rdb_last_bgsave_status];
    });
    expect(ours).toEqual(theirs);
  });

  for (const [save, stopWrites] of [['3600 1', 'no'], ['', 'yes']] as const) {
    it(`a failed BGSAVE with save '${save}' and stop-writes-on-bgsave-error ${stopWrites} lets writes go on, as redis-server does`, async () => {
      const [theirs, ours] = await onBoth(async (kind) => {
        const t = kind === 'reference' ? referenceTarget() : redisServerTarget();
        started.push(t);
        await t.start({ save, 'stop-writes-on-bgsave-error': stopWrites }, { diskFaults: true });
        const c = await t.rawClient();
        await call(c, 'SET', 'a', '1');
        t.faults.set({ enospc: true });
        const reply = await call(c, 'BGSAVE');
        const f = await waitInfo(c, (i) => i.rdb_bgsave_in_progress === '0' && i.rdb_last_bgsave_status === 'err', 'the failed BGSAVE');
        const after = [await call(c, 'SET', 'b', '2'), await call(c, 'PING'), await call(c, 'GET', 'a')];
        t.faults.clear();
        return { reply, status: f.rdb_last_bgsave_status, after };
      });
      expect(ours).toEqual(theirs);
      expect(ours.after).toEqual(['OK', 'PONG', '1']);
    });
  }

  it('INFO persistence has the same fields in the same order, AOF on and off', async () => {
    for (const appendonly of ['no', 'yes']) {
      const [theirs, ours] = await onBoth(async (kind) => {
        const { c } = await start(kind, { appendonly });
        return Object.keys(await info(c));
      });
      expect(ours, `appendonly ${appendonly}`).toEqual(theirs);
    }
  });
});

/** The AOF directory: file names, manifest, and each file with #TS annotations and absolute times masked. */
function aofDir(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of readdirSync(join(dir, 'appendonlydir')).sort()) {
    const body = readFileSync(join(dir, 'appendonlydir', name), 'latin1');
    // A #TS annotation comes whenever the second changes, so how many there are depends on timing:
    // keep whether the file starts with one, drop the rest.
    const ts = body.startsWith('#TS:') ? '#TS first\n' : '';
    out[name] = name.endsWith('.rdb') ? `<rdb ${body.slice(0, 9)}>` : ts + body.replace(/#TS:\d+\r\n/g, '').replace(/\$13\r\n\d{13}\r\n/g, '$13\r\nMS\r\n').replace(/\$10\r\n\d{10}\r\n/g, '$10\r\nS\r\n');
  }
  return out;
}

describe('AOF files', () => {
  it('log commands as redis-server does: SELECT, absolute expiries, SPOP as its effect, MULTI/EXEC, #TS annotations', async () => {
    for (const timestamps of ['no', 'yes']) {
      const [theirs, ours] = await onBoth(async (kind) => {
        const { t, c } = await start(kind, { appendonly: 'yes', 'aof-timestamp-enabled': timestamps, appendfsync: 'always' });
        const script = [
          ['SET', 'a', '1', 'EX', '100'], ['SETEX', 'b', '100', 'v'], ['PSETEX', 'b2', '100000', 'v'], ['EXPIRE', 'a', '200'],
          ['PEXPIRE', 'a', '300000'], ['EXPIREAT', 'a', '4000000000'], ['GETEX', 'b', 'EX', '50'], ['GETEX', 'b', 'PERSIST'],
          ['SET', 'c', 'x', 'PX', '100000', 'GET'], ['SELECT', '3'], ['SADD', 's', 'only'], ['SPOP', 's'], ['SADD', 's', 'm'],
          ['SPOP', 's', '5'], ['INCRBYFLOAT', 'f', '1.5'], ['MULTI'], ['INCR', 'n'], ['RPUSH', 'l', 'x'], ['EXEC'],
          ['SELECT', '0'], ['EXPIRE', 'a', '-1'], ['BLPOP', 'l', '0.01'], ['LPUSH', 'l2', 'x'], ['BRPOPLPUSH', 'l2', 'l3', '0'],
          ['MULTI'], ['GET', 'c'], ['EXEC'], ['HSET', 'h', 'f', 'v'], ['HINCRBYFLOAT', 'h', 'g', '2.5'], ['RESTORE-NOT', 'x'],
        ];
        for (const cmd of script) await call(c, ...cmd);
        await call(c, 'SHUTDOWN', 'NOSAVE').catch((e: unknown) => e);
        await t.waitExit();
        return aofDir(t.dir);
      });
      expect(ours, `aof-timestamp-enabled ${timestamps}`).toEqual(theirs);
    }
  });

  it('CONFIG SET appendonly yes starts a rewrite that writes the BASE, as redis-server does', async () => {
    const [theirs, ours] = await onBoth(async (kind) => {
      const { t, c } = await start(kind, { appendonly: 'no', 'aof-use-rdb-preamble': 'no' });
      await call(c, 'SET', 'before', '1');
      const reply = await call(c, 'CONFIG', 'SET', 'appendonly', 'yes');
      await waitInfo(c, (f) => f.aof_rewrite_in_progress === '0' && f.aof_rewrite_scheduled === '0' && f.aof_rewrites === '1', 'the rewrite');
      await call(c, 'SET', 'after', '2');
      await call(c, 'SHUTDOWN', 'NOSAVE').catch((e: unknown) => e);
      await t.waitExit();
      return { reply, files: aofDir(t.dir) };
    });
    expect(ours).toEqual(theirs);
  });

  it('rewrites automatically past auto-aof-rewrite-percentage and -min-size, and keeps HISTORY files with aof-disable-auto-gc', async () => {
    for (const gc of ['no', 'yes']) {
      const [theirs, ours] = await onBoth(async (kind) => {
        const { t, c } = await start(kind, {
          appendonly: 'yes', 'aof-use-rdb-preamble': 'no', 'auto-aof-rewrite-percentage': '100', 'auto-aof-rewrite-min-size': '4096', 'aof-disable-auto-gc': gc,
        });
        const value = 'v'.repeat(60);
        const sizes: string[] = [];
        // Each SET adds 91 bytes: 40 of them stay under 4096 bytes, 55 pass it (the BASE is empty).
        for (let i = 0; i < 40; i++) await call(c, 'SET', `key:${i % 5}`, value);
        await new Promise((r) => setTimeout(r, 400));
        sizes.push((await info(c)).aof_rewrites!);
        for (let i = 40; i < 55; i++) await call(c, 'SET', `key:${i % 5}`, value);
        const f = await waitInfo(c, (i) => i.aof_rewrites === '1' && i.aof_rewrite_in_progress === '0', 'the automatic rewrite');
        sizes.push(`base=${f.aof_base_size} current=${f.aof_current_size}`);
        await call(c, 'SHUTDOWN', 'NOSAVE').catch((e: unknown) => e);
        await t.waitExit();
        return { sizes, files: Object.keys(aofDir(t.dir)), manifest: readFileSync(join(t.dir, 'appendonlydir', 'appendonly.aof.manifest'), 'latin1') };
      });
      expect(ours, `aof-disable-auto-gc ${gc}`).toEqual(theirs);
    }
  });

  it('AOF takes priority over dump.rdb at startup when appendonly yes', async () => {
    const [theirs, ours] = await onBoth(async (kind) => {
      const { t, c } = await start(kind, { appendonly: 'yes', appendfsync: 'always' });
      await call(c, 'SET', 'x', 'in the rdb only');
      await call(c, 'SAVE');
      await call(c, 'DEL', 'x');
      await call(c, 'SET', 'y', 'in the aof');
      await t.crash('process');
      await t.restart();
      const c2 = await t.rawClient();
      return [await call(c2, 'GET', 'x'), await call(c2, 'GET', 'y')];
    });
    expect(ours).toEqual(theirs);
    expect(ours).toEqual(['(nil)', 'in the aof']);
  });

  for (const loadTruncated of ['yes', 'no']) {
    it(`a truncated last command with aof-load-truncated ${loadTruncated} is ${loadTruncated === 'yes' ? 'cut off' : 'refused'} as redis-server does`, async () => {
      const [theirs, ours] = await onBoth(async (kind) => {
        // appendfsync always: both writes are in the file before their replies (under everysec a
        // write may be postponed behind a slow fsync, which is timing, not what is tested here).
        const { t, c } = await start(kind, { appendonly: 'yes', appendfsync: 'always', 'aof-load-truncated': loadTruncated });
        await call(c, 'SET', 'a', '1');
        await call(c, 'SET', 'b', '2');
        await t.crash('process');
        const incr = join(t.dir, 'appendonlydir', 'appendonly.aof.1.incr.aof');
        const body = readFileSync(incr);
        writeFileSync(incr, body.subarray(0, body.length - 3));
        const started = await t.restart().then(() => true, () => false);
        if (!started) return { started, log: t.logs().join('').includes('Bad file format reading the append only file') || t.logs().join('').includes('Unexpected end of file') };
        const c2 = await t.rawClient();
        return { started, a: await call(c2, 'GET', 'a'), b: await call(c2, 'GET', 'b'), size: readFileSync(incr).length };
      });
      expect(ours).toEqual(theirs);
    });
  }
});
