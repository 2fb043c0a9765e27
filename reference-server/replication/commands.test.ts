// Argument handling of the replication commands, byte for byte as redis-server 7.0.15 answered
// (checked with redis-cli against both servers); the engine runs without a server here.

import { describe, expect, it } from 'vitest';
import { EngineSession } from '../testing/engine-session.js';

describe('replication commands without a server', () => {
  it('REPLCONF checks pairs and options like replconfCommand', () => {
    const s = new EngineSession();
    expect(s.run('REPLCONF', 'a')).toBe('-ERR syntax error\r\n');
    expect(s.run('REPLCONF', 'foo', 'bar')).toBe('-ERR Unrecognized REPLCONF option: foo\r\n');
    expect(s.run('REPLCONF', 'listening-port', 'x')).toBe('-ERR value is not an integer or out of range\r\n');
    expect(s.run('REPLCONF', 'listening-port', '5', 'capa', 'eof')).toBe('+OK\r\n');
    expect(s.run('REPLCONF', 'ack', '5')).toBe('');
  });

  it('WAIT validates its arguments and answers 0 without replicas', () => {
    const s = new EngineSession();
    expect(s.run('WAIT', 'x', '0')).toBe('-ERR value is not an integer or out of range\r\n');
    expect(s.run('WAIT', '0', 'x')).toBe('-ERR timeout is not an integer or out of range\r\n');
    expect(s.run('WAIT', '0', '-1')).toBe('-ERR timeout is negative\r\n');
    expect(s.run('WAIT', '1', '10')).toBe(':0\r\n');
  });

  it('ROLE answers as a master without replicas', () => {
    const s = new EngineSession();
    expect(s.run('ROLE')).toBe('*3\r\n$6\r\nmaster\r\n:0\r\n*0\r\n');
  });
});
