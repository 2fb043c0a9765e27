// The RESP request parser: every split point of a pipelined buffer gives the same commands,
// malformed input fails with Redis's protocol error, nothing allocates ahead of the bytes received;
// and over TCP the server answers hostile input byte for byte as redis-server does, then lives on.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from 'node:net';
import { RequestParser, type ParseResult } from './parser.js';
import { redisServerTarget, referenceTarget, type ProcessTarget } from '../../harness/index.js';

const enc = (...args: string[]) => `*${args.length}\r\n${args.map((a) => `$${Buffer.byteLength(a, 'latin1')}\r\n${a}\r\n`).join('')}`;

/** A pipeline mixing multibulk (binary, empty, CRLF inside), inline, empty lines and `*0`. */
const PIPELINE = Buffer.from(
  enc('SET', 'k\r\n\0\xff', '') + 'PING\r\n' + '\r\n' + '*0\r\n' + enc('ECHO', 'x'.repeat(300)) +
    'SET "a b" \'c\\\'d\' "\\x41\\n"\n' + '*-1\r\n' + enc('GET', 'k\r\n\0\xff') + '   \r\n' + enc('DEL'),
  'latin1',
);
const EXPECTED = [
  ['SET', 'k\r\n\0\xff', ''], ['PING'], ['ECHO', 'x'.repeat(300)], ['SET', 'a b', "c'd", 'A\n'], ['GET', 'k\r\n\0\xff'], ['DEL'],
];

function drain(p: RequestParser, out: string[][]): ParseResult | undefined {
  for (;;) {
    const r = p.next();
    if (r.kind === 'incomplete') return undefined;
    if (r.kind === 'error') return r;
    out.push(r.args);
  }
}

function parseChunks(chunks: Buffer[]): { commands: string[][]; error?: string; pending: number } {
  const p = new RequestParser();
  const commands: string[][] = [];
  for (const c of chunks) {
    p.feed(c);
    const e = drain(p, commands);
    if (e && e.kind === 'error') return { commands, error: e.message, pending: p.pendingBytes };
  }
  return { commands, pending: p.pendingBytes };
}

describe('RequestParser', () => {
  it('gives the same commands for every split point of a pipelined buffer', () => {
    expect(parseChunks([PIPELINE]).commands).toEqual(EXPECTED);
    for (let i = 0; i <= PIPELINE.length; i++) {
      const r = parseChunks([PIPELINE.subarray(0, i), PIPELINE.subarray(i)]);
      expect(r.commands, `split at ${i}`).toEqual(EXPECTED);
      expect(r.pending).toBe(0);
    }
  });

  it('gives the same commands fed one byte at a time and in three pieces', () => {
    expect(parseChunks([...PIPELINE].map((b) => Buffer.from([b]))).commands).toEqual(EXPECTED);
    for (let i = 0; i < PIPELINE.length; i += 7) {
      for (let j = i; j < PIPELINE.length; j += 11) {
        expect(parseChunks([PIPELINE.subarray(0, i), PIPELINE.subarray(i, j), PIPELINE.subarray(j)]).commands).toEqual(EXPECTED);
      }
    }
  });

  const malformed: Array<[string, string | Buffer, string]> = [
    ['bad multibulk length', '*abc\r\n', 'Protocol error: invalid multibulk length'],
    ['multibulk length with a plus', '*+1\r\n', 'Protocol error: invalid multibulk length'],
    ['multibulk count past INT_MAX', '*2147483648\r\n', 'Protocol error: invalid multibulk length'],
    ['bad bulk length', '*1\r\n$x\r\n', 'Protocol error: invalid bulk length'],
    ['negative bulk length', '*1\r\n$-1\r\n', 'Protocol error: invalid bulk length'],
    ['bulk longer than proto-max-bulk-len', '*1\r\n$536870913\r\n', 'Protocol error: invalid bulk length'],
    ['a bulk without $', '*1\r\n:1\r\n', "Protocol error: expected '$', got ':'"],
    ['unbalanced quotes', 'SET "a\r\n', 'Protocol error: unbalanced quotes in request'],
    ['inline request without newline past 64 KB', 'A'.repeat(64 * 1024 + 1), 'Protocol error: too big inline request'],
    ['multibulk count line past 64 KB', '*' + '1'.repeat(64 * 1024 + 1), 'Protocol error: too big mbulk count string'],
    ['bulk count line past 64 KB', '*1\r\n$' + '1'.repeat(64 * 1024 + 1), 'Protocol error: too big bulk count string'],
  ];
  for (const [what, input, message] of malformed) {
    it(`refuses ${what} with Redis's error, whatever the split`, () => {
      const buf = Buffer.isBuffer(input) ? input : Buffer.from(input, 'latin1');
      expect(parseChunks([buf]).error).toBe(message);
      for (const i of [1, 2, 3, Math.floor(buf.length / 2), buf.length - 1]) {
        if (i <= 0 || i >= buf.length) continue;
        expect(parseChunks([buf.subarray(0, i), buf.subarray(i)]).error, `split at ${i}`).toBe(message);
      }
    });
  }

  it('parses a pipeline longer than its scanning window, with lines and arguments across every window edge', () => {
    // 300 KB of commands: the 256 KB header window must move forward mid-pipeline, wherever it cuts.
    const commands: string[][] = [];
    for (let i = 0; commands.length < 6000; i++) {
      commands.push(['SET', `key:${i}`, i % 97 === 0 ? 'v'.repeat(1000 + i) : `value-${i}-\r\n\0\xff`]);
      if (i % 50 === 0) commands.push(['HSET', `h${i}`, 'a', '1', 'bb', '22', 'a-field-of-20-bytes!', 'x'.repeat(12)]);
    }
    const wire = Buffer.from(commands.map((c) => enc(...c)).join(''), 'latin1');
    expect(wire.length).toBeGreaterThan(256 * 1024);
    expect(parseChunks([wire]).commands).toEqual(commands);
    for (const size of [1, 7, 1000, 16 * 1024, 65536]) {
      const chunks: Buffer[] = [];
      for (let i = 0; i < wire.length; i += size) chunks.push(wire.subarray(i, i + size));
      const r = parseChunks(chunks);
      expect(r.commands, `chunks of ${size}`).toEqual(commands);
      expect(r.pending).toBe(0);
    }
  });

  it('holds a large bulk arriving in many reads aside and counts it as pending until it is whole', () => {
    const value = Buffer.alloc(3 * 1024 * 1024, 0xab);
    const header = Buffer.from(`*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$${value.length}\r\n`);
    const wire = Buffer.concat([header, value, Buffer.from('\r\n' + enc('PING'))]);
    const p = new RequestParser();
    const out: string[][] = [];
    let fed = 0;
    for (let i = 0; i < wire.length; i += 4096) {
      const chunk = wire.subarray(i, i + 4096);
      p.feed(chunk);
      fed += chunk.length;
      drain(p, out);
      // Everything after the headers already read is held, queued reads included.
      if (out.length === 0) expect(p.pendingBytes).toBe(fed - header.length);
    }
    expect(out.map((c) => c[0])).toEqual(['SET', 'PING']);
    expect(out[0]![2]).toBe(value.toString('latin1'));
    expect(p.pendingBytes).toBe(0);
  });

  it('allocates nothing ahead of the data for huge counts and lengths', () => {
    const p = new RequestParser();
    p.feed(Buffer.from('*2147483647\r\n$536870912\r\nabc', 'latin1'));
    expect(p.next().kind).toBe('incomplete');
    // Only what was received is held.
    expect(p.pendingBytes).toBeLessThan(64);
    const before = process.memoryUsage().arrayBuffers;
    for (let i = 0; i < 1000; i++) p.feed(Buffer.from('x'));
    expect(p.next().kind).toBe('incomplete');
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(64 * 1024 * 1024);
  });
});

/** Sends `input` on a fresh connection; resolves with every byte received until the server closes (or 1 s passes). */
function exchange(port: number, input: Buffer): Promise<{ reply: string; closed: boolean }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const s = connect(port, '127.0.0.1');
    const timer = setTimeout(() => {
      s.destroy();
      resolve({ reply: Buffer.concat(chunks).toString('latin1'), closed: false });
    }, 1000);
    s.on('data', (d) => chunks.push(d));
    s.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    s.on('close', () => {
      clearTimeout(timer);
      resolve({ reply: Buffer.concat(chunks).toString('latin1'), closed: true });
    });
    s.write(input);
  });
}

describe('hostile input over TCP', () => {
  const targets: Record<string, ProcessTarget> = {};
  beforeAll(async () => {
    targets.redis = redisServerTarget();
    targets.ours = referenceTarget();
    await Promise.all([targets.redis.start(), targets.ours.start()]);
  });
  afterAll(async () => {
    await Promise.all(Object.values(targets).map((t) => t.stop()));
  });

  const inputs: Array<[string, string]> = [
    ['valid commands, then a bad multibulk length', enc('SET', 'a', '1') + enc('GET', 'a') + '*x\r\n' + enc('PING')],
    ['a bad bulk length after a good argument', '*2\r\n$3\r\nGET\r\n$abc\r\n'],
    ['a huge bulk length', '*1\r\n$9999999999\r\n'],
    ['a huge multibulk count', '*999999999999\r\n'],
    ['expected $', '*1\r\n+OK\r\n'],
    ['unbalanced quotes inline', 'PING\r\nECHO "abc\r\n'],
    ['an inline line past 64 KB', 'X'.repeat(70 * 1024)],
    ['pipelined inline commands with blank lines', 'PING\r\n\r\n  \r\nECHO "a\\x42"\r\n*0\r\n*-5\r\nPING\r\n'],
  ];
  for (const [what, input] of inputs) {
    it(`answers ${what} byte for byte like redis-server and keeps serving`, async () => {
      const buf = Buffer.from(input, 'latin1');
      const theirs = await exchange(targets.redis!.address.port, buf);
      const ours = await exchange(targets.ours!.address.port, buf);
      expect(ours).toEqual(theirs);
      const ping = Buffer.from(enc('PING'), 'latin1');
      expect((await exchange(targets.ours!.address.port, Buffer.concat([ping, Buffer.from(enc('QUIT'), 'latin1')]))).reply).toBe('+PONG\r\n+OK\r\n');
    });
  }
});
