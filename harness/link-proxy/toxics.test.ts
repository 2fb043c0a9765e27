// Each toxic on a plain TCP echo link on 127.0.0.1: latency delays, bandwidth paces, slice splits,
// limit_data cuts after N bytes, drop and reset close both sides, blackhole holds then releases in
// order; toxics switch on and off while the link carries data, per direction; bad specs are refused.

import { connect, createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { LinkProxy } from './link-proxy.js';
import { ToxicSpecError } from './toxic.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** An echo server; returns it with its port. */
async function echoServer(): Promise<{ server: Server; port: number }> {
  const server = createServer((s) => {
    s.on('error', () => s.destroy());
    s.pipe(s);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  cleanups.push(() => new Promise<void>((r) => server.close(() => r())));
  return { server, port: (server.address() as { port: number }).port };
}

interface Peer {
  socket: Socket;
  received: Buffer[];
  chunkTimes: number[];
  closed: Promise<string>;
}

async function proxiedPeer(toxicsFirst: Parameters<LinkProxy['addToxic']>[0][] = []): Promise<{ proxy: LinkProxy; peer: Peer }> {
  const { port } = await echoServer();
  const proxy = await LinkProxy.start({ upstream: { port }, seed: 42 });
  cleanups.push(() => proxy.close());
  for (const t of toxicsFirst) proxy.addToxic(t);
  const socket = connect({ host: '127.0.0.1', port: proxy.port });
  cleanups.push(async () => void socket.destroy());
  const received: Buffer[] = [];
  const chunkTimes: number[] = [];
  socket.on('data', (b: Buffer) => {
    received.push(b);
    chunkTimes.push(performance.now());
  });
  const closed = new Promise<string>((resolve) => {
    socket.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? e.message));
    socket.on('close', () => resolve('close'));
  });
  await new Promise<void>((r) => socket.once('connect', () => r()));
  // The proxy's upstream connection is made asynchronously; wait until it exists.
  for (let i = 0; i < 200 && proxy.connections === 0; i++) await new Promise((r) => setTimeout(r, 5));
  return { proxy, peer: { socket, received, chunkTimes, closed } };
}

async function waitBytes(peer: Peer, n: number, ms = 5000): Promise<Buffer> {
  const deadline = Date.now() + ms;
  while (Buffer.concat(peer.received).length < n && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
  return Buffer.concat(peer.received);
}

describe('link proxy toxics', () => {
  it('passes bytes untouched without toxics', async () => {
    const { peer } = await proxiedPeer();
    peer.socket.write('hello');
    expect((await waitBytes(peer, 5)).toString()).toBe('hello');
  });

  it('latency delays each piece by at least latencyMs (both ways add up)', async () => {
    const { peer } = await proxiedPeer([{ type: 'latency', latencyMs: 100, jitterMs: 20, direction: 'downstream' }]);
    const t0 = performance.now();
    peer.socket.write('ping');
    await waitBytes(peer, 4);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(79);
  });

  it('bandwidth paces a transfer to its rate', async () => {
    const { peer } = await proxiedPeer([{ type: 'bandwidth', rateKBps: 100, direction: 'upstream' }]);
    const t0 = performance.now();
    peer.socket.write(Buffer.alloc(30 * 1024, 7));
    const got = await waitBytes(peer, 30 * 1024);
    expect(got.length).toBe(30 * 1024);
    // 30 KB at 100 KB/s: at least ~300 ms on the wire.
    expect(performance.now() - t0).toBeGreaterThanOrEqual(280);
  });

  it('slice splits into small pieces, delayMs apart, bytes intact', async () => {
    const { peer } = await proxiedPeer([{ type: 'slice', averageSize: 10, sizeVariation: 5, delayMs: 5, direction: 'downstream' }]);
    const data = Buffer.from('abcdefghijklmnopqrstuvwxyz0123456789'.repeat(3));
    peer.socket.write(data);
    const got = await waitBytes(peer, data.length);
    expect(got.equals(data)).toBe(true);
    expect(peer.received.length).toBeGreaterThanOrEqual(5);
  });

  it('limit_data lets N bytes through and then closes the connection', async () => {
    const { peer } = await proxiedPeer([{ type: 'limit_data', bytes: 10, direction: 'downstream' }]);
    peer.socket.write('0123456789abcdef');
    expect(await peer.closed).toBe('close');
    expect(Buffer.concat(peer.received).toString()).toBe('0123456789');
  });

  it('drop closes both sides at once; later connections pass', async () => {
    const { proxy, peer } = await proxiedPeer();
    proxy.addToxic({ type: 'drop' });
    expect(await peer.closed).toBe('close');
    expect(proxy.connections).toBe(0);
    const again = connect({ host: '127.0.0.1', port: proxy.port });
    cleanups.push(async () => void again.destroy());
    const echoed = await new Promise<string>((resolve) => {
      again.once('data', (b: Buffer) => resolve(b.toString()));
      again.write('still works');
    });
    expect(echoed).toBe('still works');
  });

  it('reset gives ECONNRESET', async () => {
    const { proxy, peer } = await proxiedPeer();
    proxy.addToxic({ type: 'reset' });
    expect(await peer.closed).toBe('ECONNRESET');
  });

  it('blackhole holds a direction with the socket open, then releases in order when removed', async () => {
    const { proxy, peer } = await proxiedPeer();
    const name = proxy.addToxic({ type: 'blackhole', direction: 'upstream' });
    peer.socket.write('one,');
    peer.socket.write('two,');
    await new Promise((r) => setTimeout(r, 150));
    expect(peer.received).toEqual([]);
    expect(proxy.connections).toBe(1);
    proxy.removeToxic(name);
    peer.socket.write('three');
    expect((await waitBytes(peer, 13)).toString()).toBe('one,two,three');
  });

  it('refuses bad specs with a message naming the problem', async () => {
    const { proxy } = await proxiedPeer();
    expect(() => proxy.addToxic({ type: 'latency', latencyMs: -1 })).toThrow(ToxicSpecError);
    expect(() => proxy.addToxic({ type: 'latency', latencyMs: -1 })).toThrow(/latencyMs must be a number >= 0/);
    expect(() => proxy.addToxic({ type: 'nope' } as never)).toThrow(/unknown toxic type "nope"/);
    expect(() => proxy.addToxic({ type: 'drop', direction: 'sideways' } as never)).toThrow(/direction must be/);
    expect(() => proxy.removeToxic('missing')).toThrow(/no toxic named missing/);
    proxy.addToxic({ type: 'latency', latencyMs: 1, name: 'x' });
    expect(() => proxy.addToxic({ type: 'latency', latencyMs: 1, name: 'x' })).toThrow(/already/);
  });
});
