// A minimal RESP2 client over node:net that returns every reply as raw bytes plus its decoded
// form, so two servers' replies can be compared byte for byte. Supports pipelining.

import { connect, type Socket } from 'node:net';
import { encodeCommand, type Argv } from './encode-command.js';
import { ReplyReader } from './reply-reader.js';
import type { RespFrame } from './reply-value.js';

interface Waiter {
  resolve(frame: RespFrame): void;
  reject(error: Error): void;
}

/** Thrown when a reply does not arrive in time or the connection ends with replies pending. */
export class RawClientError extends Error {}

/**
 * One connection. Replies resolve in request order (RESP has no request ids).
 * WARNING: a command that makes the server close the connection (QUIT) rejects later requests.
 */
export class RawClient {
  private readonly reader = new ReplyReader();
  private readonly waiters: Waiter[] = [];
  private closedWith: Error | undefined;

  private constructor(private readonly socket: Socket, private readonly replyTimeoutMs: number, readonly label: string) {
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', (e) => this.fail(new RawClientError(`${label}: ${e.message}`)));
    socket.on('close', () => this.fail(new RawClientError(`${label}: connection closed`)));
  }

  /** Connects to host:port; `label` names the server in error messages. */
  static connect(port: number, options: { host?: string; replyTimeoutMs?: number; label?: string } = {}): Promise<RawClient> {
    const host = options.host ?? '127.0.0.1';
    const label = options.label ?? `${host}:${port}`;
    return new Promise((resolve, reject) => {
      const socket = connect({ host, port });
      socket.setNoDelay(true);
      const onError = (e: Error) => reject(new RawClientError(`${label}: ${e.message}`));
      socket.once('error', onError);
      socket.once('connect', () => {
        socket.off('error', onError);
        resolve(new RawClient(socket, options.replyTimeoutMs ?? 30_000, label));
      });
    });
  }

  /** Sends one command and resolves with exactly one reply. */
  send(argv: Argv): Promise<RespFrame> {
    return this.pipeline([argv]).then((frames) => frames[0]!);
  }

  /** Sends several commands in one write and resolves with their replies, in order. */
  pipeline(commands: readonly Argv[]): Promise<RespFrame[]> {
    if (this.closedWith) return Promise.reject(this.closedWith);
    const replies = commands.map(() => new Promise<RespFrame>((resolve, reject) => this.waiters.push({ resolve, reject })));
    this.socket.write(Buffer.concat(commands.map(encodeCommand)));
    const timer = setTimeout(
      () => this.fail(new RawClientError(`${this.label}: no reply within ${this.replyTimeoutMs} ms to ${commands.map((c) => c[0]).join(' ')}`)),
      this.replyTimeoutMs,
    );
    return Promise.all(replies).finally(() => clearTimeout(timer));
  }

  /** Closes the connection; pending replies are rejected. */
  close(): void {
    this.fail(new RawClientError(`${this.label}: client closed`));
    this.socket.destroy();
  }

  private onData(chunk: Buffer): void {
    this.reader.feed(chunk);
    try {
      for (let frame = this.reader.next(); frame; frame = this.reader.next()) {
        const waiter = this.waiters.shift();
        if (!waiter) throw new RawClientError(`${this.label}: unsolicited reply ${frame.raw.toString('latin1')}`);
        waiter.resolve(frame);
      }
    } catch (e) {
      this.fail(e instanceof Error ? e : new RawClientError(String(e)));
      this.socket.destroy();
    }
  }

  private fail(error: Error): void {
    this.closedWith ??= error;
    for (const waiter of this.waiters.splice(0)) waiter.reject(error);
  }
}
