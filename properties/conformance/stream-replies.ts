// The one canonicalisation stream replies need: what the clock decides. IDs made by `*` (a
// millisecond time), absolute delivery and seen times in XINFO STREAM FULL, and the idle times of
// XPENDING and XINFO CONSUMERS are masked; everything else is compared as is.

import type { Argv, RespValue } from '../../harness/index.js';

/** A `<ms>-<seq>` ID whose ms part is a current Unix time in milliseconds. */
const CLOCK_ID = /^1[5-9]\d{11}-\d+$/;
const TIME_FLOOR = 1_000_000_000_000n;
const ZERO: RespValue = { kind: 'integer', value: 0n };

function maskIds(v: RespValue, times: boolean): RespValue {
  if (v.kind === 'bulk' && v.value !== null && CLOCK_ID.test(v.value)) return { kind: 'bulk', value: '<ms>-<seq>' };
  if (times && v.kind === 'integer' && v.value >= TIME_FLOOR) return ZERO;
  if (v.kind === 'array' && v.items !== null) return { kind: 'array', items: v.items.map((i) => maskIds(i, times)) };
  return v;
}

/** `v` with clock-made values replaced by fixed ones, for the stream command `argv`. */
export function maskStreamClock(argv: Argv, v: RespValue): RespValue {
  const name = argv[0]!.toLowerCase();
  const masked = maskIds(v, name === 'xinfo');
  if (masked.kind !== 'array' || masked.items === null) return masked;
  if (name === 'xpending' && argv.length > 3) {
    // [id, consumer, idle, deliveries] per entry: the idle time is the clock's.
    return { kind: 'array', items: masked.items.map((e) => (e.kind === 'array' && e.items?.length === 4 ? { kind: 'array', items: [e.items[0]!, e.items[1]!, ZERO, e.items[3]!] } : e)) };
  }
  if (name === 'xinfo' && argv[1]?.toLowerCase() === 'consumers') {
    return {
      kind: 'array',
      items: masked.items.map((c) => {
        if (c.kind !== 'array' || c.items === null) return c;
        const items = [...c.items];
        for (let i = 0; i + 1 < items.length; i += 2) if (items[i]!.kind === 'bulk' && (items[i] as { value: string }).value === 'idle') items[i + 1] = ZERO;
        return { kind: 'array', items };
      }),
    };
  }
  return masked;
}
