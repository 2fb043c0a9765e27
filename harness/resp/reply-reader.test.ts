// Tests for the incremental RESP reply reader: every split point of a pipelined buffer, nested
// and null replies, raw bytes preserved exactly, malformed input rejected.

import { describe, expect, it } from 'vitest';
import { ReplyReader, RespProtocolError } from './reply-reader.js';
import type { RespFrame } from './reply-value.js';

const REPLIES = [
  '+OK\r\n',
  '-ERR wrong\r\n',
  ':-9223372036854775808\r\n',
  '$-1\r\n',
  '*-1\r\n',
  '$0\r\n\r\n',
  '$4\r\n\x00\r\n\xff\r\n',
  '*3\r\n*2\r\n:1\r\n$1\r\na\r\n*0\r\n$-1\r\n',
];
const PIPELINE = Buffer.from(REPLIES.join(''), 'latin1');

function drain(reader: ReplyReader): RespFrame[] {
  const out: RespFrame[] = [];
  for (let f = reader.next(); f; f = reader.next()) out.push(f);
  return out;
}

describe('ReplyReader', () => {
  it('splits a pipelined buffer into the exact raw replies at every split point', () => {
    for (let cut = 0; cut <= PIPELINE.length; cut++) {
      const reader = new ReplyReader();
      reader.feed(PIPELINE.subarray(0, cut));
      const frames = drain(reader);
      reader.feed(PIPELINE.subarray(cut));
      frames.push(...drain(reader));
      expect(frames.map((f) => f.raw.toString('latin1'))).toEqual(REPLIES);
      expect(reader.buffered).toBe(0);
    }
  });

  it('decodes nested arrays, nulls, errors and binary bulks', () => {
    const reader = new ReplyReader();
    reader.feed(PIPELINE);
    const values = drain(reader).map((f) => f.value);
    expect(values[1]).toEqual({ kind: 'error', text: 'ERR wrong' });
    expect(values[2]).toEqual({ kind: 'integer', value: -9223372036854775808n });
    expect(values[3]).toEqual({ kind: 'bulk', value: null });
    expect(values[4]).toEqual({ kind: 'array', items: null });
    expect(values[6]).toEqual({ kind: 'bulk', value: '\x00\r\n\xff' });
    expect(values[7]).toEqual({
      kind: 'array',
      items: [{ kind: 'array', items: [{ kind: 'integer', value: 1n }, { kind: 'bulk', value: 'a' }] }, { kind: 'array', items: [] }, { kind: 'bulk', value: null }],
    });
  });

  it('rejects malformed replies', () => {
    for (const bad of ['?x\r\n', '$abc\r\n', '$1\r\nab\r\n', ':1x\r\n', '+OK\rX']) {
      const reader = new ReplyReader();
      reader.feed(Buffer.from(bad, 'latin1'));
      expect(() => reader.next(), JSON.stringify(bad)).toThrow(RespProtocolError);
    }
  });
});
