// aofRewriteLimited's back-off: free below 3 failures, then 1, 2, 4 ... 60 minutes, reset on success.

import { describe, expect, it } from 'vitest';
import { RewriteLimiter } from './rewrite-limiter.js';

describe('RewriteLimiter', () => {
  it('backs off 1, 2, 4 ... 60 minutes after 3 consecutive failures, as Redis does', () => {
    const logs: string[] = [];
    const l = new RewriteLimiter((m) => logs.push(m));
    expect(l.limited(2, 1000)).toBe(false);
    expect(l.limited(3, 1000)).toBe(true);
    expect(logs.at(-1)).toBe('Background AOF rewrite has repeatedly failed and triggered the limit, will retry in 1 minutes');
    expect(l.limited(3, 1059)).toBe(true);
    expect(l.limited(3, 1060)).toBe(false);
    // The retry failed too: the next delay doubles.
    expect(l.limited(4, 1061)).toBe(true);
    expect(logs.at(-1)).toContain('will retry in 2 minutes');
    expect(l.limited(4, 1061 + 119)).toBe(true);
    expect(l.limited(4, 1061 + 120)).toBe(false);
    let t = 2000;
    for (const m of [4, 8, 16, 32, 60, 60]) {
      expect(l.limited(5, t)).toBe(true);
      expect(logs.at(-1)).toContain(`will retry in ${m} minutes`);
      t += m * 60;
      expect(l.limited(5, t)).toBe(false);
    }
    // A success resets the state.
    expect(l.limited(0, t)).toBe(false);
    expect(l.limited(3, t)).toBe(true);
    expect(logs.at(-1)).toContain('will retry in 1 minutes');
  });
});
