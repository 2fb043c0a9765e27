// MULTI/EXEC/WATCH semantics, with the divergences the conformance property found kept as
// regression cases (expected bytes from redis-server 7.0.15).

import { describe, expect, it } from 'vitest';
import { EngineSession, resp } from '../testing/engine-session.js';

describe('transactions', () => {
  it('queues, executes, and aborts on queueing errors', () => {
    const s = new EngineSession();
    expect(s.run('MULTI')).toBe(resp.ok);
    expect(s.run('SET', 'a', '1')).toBe(resp.simple('QUEUED'));
    expect(s.run('INCR', 'a')).toBe(resp.simple('QUEUED'));
    expect(s.run('EXEC')).toBe(resp.array(resp.ok, resp.int(2)));
    s.run('MULTI');
    expect(s.run('GET')).toBe(resp.err("ERR wrong number of arguments for 'get' command"));
    expect(s.run('EXEC')).toBe(resp.err('EXECABORT Transaction discarded because of previous errors.'));
  });

  it('a rejected EXEC reports the reason as EXECABORT (regression: EXEC with an argument)', () => {
    const s = new EngineSession();
    expect(s.run('EXEC', 'junk')).toBe(resp.err("EXECABORT Transaction discarded because of: wrong number of arguments for 'exec' command"));
    s.run('MULTI');
    s.run('SET', 'a', '1');
    expect(s.run('EXEC', 'junk')).toBe(resp.err("EXECABORT Transaction discarded because of: wrong number of arguments for 'exec' command"));
    expect(s.run('EXEC')).toBe(resp.err('ERR EXEC without MULTI'));
    expect(s.run('GET', 'a')).toBe(resp.nil);
  });

  it('WATCH makes EXEC fail when a watched key changes', () => {
    const s = new EngineSession();
    const other = new EngineSession(s.engine);
    s.run('WATCH', 'k');
    other.run('SET', 'k', 'x');
    s.run('MULTI');
    s.run('SET', 'k', 'y');
    expect(s.run('EXEC')).toBe(resp.nilArray);
    expect(s.run('GET', 'k')).toBe(resp.bulk('x'));
  });
});
