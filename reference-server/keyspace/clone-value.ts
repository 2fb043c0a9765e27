// Deep copy of a value, for point-in-time snapshots: the copy a forked child would see when the
// parent modifies the key during BGSAVE or an AOF rewrite.

import { StringValue } from './string-value.js';
import { ListValue } from './list-value.js';
import { HashValue } from './hash-value.js';
import { SetValue } from './set-value.js';
import { ZSetValue } from './zset-value.js';
import type { RedisValue } from './value.js';

/** An independent copy of `v` with the same encoding. */
export function cloneValue(v: RedisValue): RedisValue {
  switch (v.type) {
    case 'string':
      return new StringValue(v.data, v.encoding);
    case 'list':
      return new ListValue(v.items);
    case 'hash':
      return new HashValue(new Map(v.map), v.encoding);
    case 'set':
      return new SetValue(new Set(v.members), v.encoding);
    case 'zset': {
      const z = new ZSetValue(v.encoding);
      for (const e of v.entries()) z.add(e.member, e.score);
      return z;
    }
    case 'stream':
      return v.clone();
  }
}
