// The in-process listeners' ports: outside the kernel's ephemeral range, different from one target
// to the next, and a taken candidate is passed over for the next one.

import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../reference-server/config/load-config.js';
import { startServer, type RunningServer } from '../../reference-server/main.js';
import { loopbackPortCandidates } from './loopback-port-candidates.js';
import { InProcessReferenceTarget } from './in-process-target.js';
import { SimulatedStorage } from '../simulated-disk/simulated-storage.js';

const [ephemeralLo, ephemeralHi] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'latin1').trim().split(/\s+/).map(Number) as [number, number];

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function occupy(port: number): Promise<Server> {
  const s = createServer();
  return new Promise((resolve, reject) => {
    s.once('error', reject);
    s.listen(port, '127.0.0.1', () => {
      cleanups.push(() => new Promise((r) => s.close(() => r())));
      resolve(s);
    });
  });
}

async function serverOn(candidates: Iterable<number>): Promise<RunningServer> {
  const storage = new SimulatedStorage();
  storage.mkdir('/d');
  const running = await startServer(loadConfig(['--port', '0', '--dir', '/d', '--save', '', '--logfile', '/dev/null']), storage, undefined, () => {}, { portCandidates: candidates });
  cleanups.push(() => running.shutdown());
  return running;
}

describe('loopback port candidates', () => {
  it('lie outside the ephemeral range, and each call goes on where the last one stopped', () => {
    const first = [...loopbackPortCandidates(10)];
    const second = [...loopbackPortCandidates(10)];
    expect(first).toHaveLength(10);
    for (const p of [...first, ...second]) {
      expect(p < ephemeralLo || p > ephemeralHi).toBe(true);
      expect(p).toBeGreaterThanOrEqual(1024);
      expect(p).toBeLessThanOrEqual(65535);
    }
    expect(new Set([...first, ...second]).size).toBe(20);
  });

  it('a server takes the first candidate that is free, passing over a taken one', async () => {
    const [taken, free] = [...loopbackPortCandidates(2)] as [number, number];
    await occupy(taken);
    const running = await serverOn([taken, free]);
    expect(running.port).toBe(free);
  });

  it('when every candidate is taken the kernel chooses, and without candidates too', async () => {
    const [a, b] = [...loopbackPortCandidates(2)] as [number, number];
    await occupy(a);
    await occupy(b);
    const running = await serverOn([a, b]);
    expect([a, b]).not.toContain(running.port);
    expect(running.port).toBeGreaterThan(0);
    expect((await serverOn([])).port).toBeGreaterThan(0);
  });

  it('in-process targets listen outside the ephemeral range, each on its own port, and keep it across a crash', async () => {
    const t1 = new InProcessReferenceTarget();
    const t2 = new InProcessReferenceTarget();
    cleanups.push(() => t1.stop(), () => t2.stop());
    await t1.start({ appendonly: 'yes' });
    await t2.start({ appendonly: 'yes' });
    const p1 = t1.address.port;
    expect(p1 < ephemeralLo || p1 > ephemeralHi).toBe(true);
    expect(t2.address.port).not.toBe(p1);
    await t1.client().set('k', 'v');
    await t1.crash('process');
    await t1.restart();
    expect(t1.address.port).toBe(p1);
    expect(await t1.client().get('k')).toBe('v');
  });
});
