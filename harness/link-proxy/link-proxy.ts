// A TCP proxy on 127.0.0.1 for replication links (replica -> proxy -> master), with toxics as
// plain data added and removed while traffic flows, per direction. Sockets only; no OS config.
// Usage: `const p = await LinkProxy.start({ upstream: master.address })`, then
// `REPLICAOF 127.0.0.1 <p.port>` on the replica, `p.addToxic({ type: 'blackhole', direction: 'downstream' })`.

import { connect, createServer, type Server, type Socket } from 'node:net';
import { Pump } from './pump.js';
import { seededRandom } from '../../reference-server/seeded-random.js';
import { ToxicSpecError, type Direction, type LinkActions, type ToxicSpec } from './toxic.js';
import { TOXICS } from './toxics/index.js';

/** Where the proxy forwards to, and the seed of its random choices (printed in failures). */
export interface LinkProxyOptions {
  upstream: { host?: string; port: number };
  /** Seed for jitter and slice sizes (default: random, readable as `proxy.seed`). */
  seed?: number;
  /** Name for messages (e.g. `master link`). */
  name?: string;
}

/** A toxic in force, with its resolved name. */
export type ActiveToxic = ToxicSpec & { name: string };

class ProxiedConnection {
  readonly pumps: Record<Direction, Pump>;
  closed = false;

  constructor(
    readonly client: Socket,
    readonly server: Socket,
    readonly actions: LinkActions,
    private readonly onClose: () => void,
  ) {
    const close = () => this.destroy();
    this.pumps = {
      upstream: new Pump(client, server, close),
      downstream: new Pump(server, client, close),
    };
    for (const s of [client, server]) {
      s.on('error', close);
      s.on('close', close);
    }
  }

  destroy(): void {
    if (this.closed) return;
    this.closed = true;
    this.pumps.upstream.stop();
    this.pumps.downstream.stop();
    this.client.destroy();
    this.server.destroy();
    this.onClose();
  }

  reset(): void {
    if (this.closed) return;
    this.closed = true;
    this.pumps.upstream.stop();
    this.pumps.downstream.stop();
    this.client.resetAndDestroy();
    this.server.resetAndDestroy();
    this.onClose();
  }
}

/** The proxy. Every method is synchronous and applies at once to current and future connections. */
export class LinkProxy {
  private readonly conns = new Set<ProxiedConnection>();
  private readonly active: ActiveToxic[] = [];
  private readonly random: () => number;
  private nextName = 1;
  /** Connections accepted so far (a reconnecting replica makes this grow). */
  accepted = 0;

  private constructor(
    private readonly server: Server,
    readonly port: number,
    readonly seed: number,
    readonly name: string,
    private readonly upstream: { host: string; port: number },
  ) {
    this.random = seededRandom(seed);
    server.on('connection', (socket) => this.accept(socket));
  }

  /** Listens on a free 127.0.0.1 port. */
  static async start(options: LinkProxyOptions): Promise<LinkProxy> {
    const host = options.upstream.host ?? '127.0.0.1';
    if (!/^127\./.test(host) && host !== 'localhost') throw new Error(`link proxy upstream must be on 127.0.0.0/8, got ${host}`);
    const seed = options.seed ?? Math.floor(Math.random() * 2 ** 31);
    const server = createServer({ noDelay: true, pauseOnConnect: true });
    const port = await new Promise<number>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        const a = server.address();
        if (a === null || typeof a === 'string') reject(new Error('link proxy: no address'));
        else resolve(a.port);
      });
    });
    return new LinkProxy(server, port, seed, options.name ?? `link proxy :${port} -> ${host}:${options.upstream.port}`, { host, port: options.upstream.port });
  }

  /** The toxics in force, in the order they were added. */
  toxics(): ActiveToxic[] {
    return this.active.map((t) => ({ ...t }));
  }

  /** Live proxied connections. */
  get connections(): number {
    return this.conns.size;
  }

  /** Bytes forwarded by live connections, per direction. */
  bytes(): Record<Direction, number> {
    let upstream = 0;
    let downstream = 0;
    for (const c of this.conns) {
      upstream += c.pumps.upstream.bytes;
      downstream += c.pumps.downstream.bytes;
    }
    return { upstream, downstream };
  }

  /** Adds a toxic (validated first); returns its name. It acts on current connections at once. */
  addToxic(spec: ToxicSpec): string {
    const behaviour = (TOXICS as Record<string, (typeof TOXICS)[keyof typeof TOXICS] | undefined>)[spec.type];
    if (!behaviour) throw new ToxicSpecError(`unknown toxic type ${JSON.stringify(spec.type)}; known: ${Object.keys(TOXICS).join(', ')}`);
    const direction = spec.direction ?? 'both';
    if (direction !== 'both' && direction !== 'upstream' && direction !== 'downstream') {
      throw new ToxicSpecError(`toxic ${spec.type}: direction must be upstream, downstream or both, got ${JSON.stringify(direction)}`);
    }
    (behaviour.validate as (s: ToxicSpec) => void)(spec);
    const name = spec.name ?? `${spec.type}_${direction}_${this.nextName++}`;
    if (this.active.some((t) => t.name === name)) throw new ToxicSpecError(`a toxic named ${name} is already on ${this.name}`);
    const toxic: ActiveToxic = { ...spec, name };
    this.active.push(toxic);
    for (const c of [...this.conns]) this.attach(toxic, c, 'added');
    return name;
  }

  /** Removes a toxic by name (held data flows again). Unknown names are an error. */
  removeToxic(name: string): void {
    const i = this.active.findIndex((t) => t.name === name);
    if (i < 0) throw new ToxicSpecError(`no toxic named ${name} on ${this.name}`);
    this.active.splice(i, 1);
    for (const c of this.conns) {
      c.pumps.upstream.removeStage(name);
      c.pumps.downstream.removeStage(name);
    }
  }

  /** Removes every toxic. */
  clearToxics(): void {
    for (const t of [...this.active]) this.removeToxic(t.name);
  }

  /** Closes every connection (FIN) now, without a toxic: what `drop` does once. */
  dropConnections(): void {
    for (const c of [...this.conns]) c.destroy();
  }

  /** Stops listening and closes every connection. */
  async close(): Promise<void> {
    for (const c of [...this.conns]) c.destroy();
    await new Promise<void>((r) => this.server.close(() => r()));
  }

  private attach(toxic: ActiveToxic, c: ProxiedConnection, when: 'added' | 'connected'): void {
    const behaviour = TOXICS[toxic.type] as (typeof TOXICS)[keyof typeof TOXICS];
    const dirs: Direction[] = toxic.direction === 'upstream' || toxic.direction === 'downstream' ? [toxic.direction] : ['upstream', 'downstream'];
    for (const d of dirs) {
      if (c.closed) return;
      const stage = (behaviour.attach as (s: ToxicSpec, l: LinkActions, w: 'added' | 'connected') => ReturnType<typeof behaviour.attach>)(toxic, c.actions, when);
      if (stage) c.pumps[d].addStage(toxic.name, stage);
      // drop and reset act on the connection once, whatever the direction.
      if (toxic.type === 'drop' || toxic.type === 'reset') return;
    }
  }

  private accept(client: Socket): void {
    this.accepted++;
    client.setNoDelay(true);
    const server = connect({ host: this.upstream.host, port: this.upstream.port });
    server.setNoDelay(true);
    const onEarlyError = () => {
      client.destroy();
      server.destroy();
    };
    server.once('error', onEarlyError);
    client.once('error', onEarlyError);
    server.once('connect', () => {
      server.off('error', onEarlyError);
      client.off('error', onEarlyError);
      let conn: ProxiedConnection | undefined;
      const actions: LinkActions = {
        close: () => conn?.destroy(),
        reset: () => conn?.reset(),
        random: this.random,
      };
      conn = new ProxiedConnection(client, server, actions, () => this.conns.delete(conn!));
      this.conns.add(conn);
      for (const t of this.active) this.attach(t, conn, 'connected');
      if (!conn.closed) client.resume();
    });
  }
}
