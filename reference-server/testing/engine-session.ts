// Test helper: drives an in-process CommandEngine like a client would and returns each reply as
// its RESP bytes, so unit tests compare exactly what redis-server would put on the wire.

import { CommandEngine, type EngineOptions, type PropagatedOp } from '../engine.js';
import { BlockRequest } from '../commands/command.js';
import { encodeReply } from '../resp/reply.js';
import type { ClientState } from '../client-state.js';

/** One client session on a fresh (or shared) engine. */
export class EngineSession {
  readonly engine: CommandEngine;
  readonly client: ClientState;

  constructor(engineOrOptions: CommandEngine | EngineOptions = {}) {
    this.engine = engineOrOptions instanceof CommandEngine ? engineOrOptions : new CommandEngine(engineOrOptions);
    this.client = this.engine.createClient();
  }

  /** Runs a command; returns the RESP encoding of its reply (a blocking command that would block returns 'BLOCKED'). */
  run(...args: (string | number)[]): string {
    const r = this.engine.execute(this.client, args.map(String));
    if (r instanceof BlockRequest) return 'BLOCKED';
    this.engine.handleReadyKeys();
    return encodeReply(r);
  }
}

/** A session on a fresh engine (seeded with `seed` if given) that records the args of every propagated op. */
export function propagatingSession(seed?: number): { s: EngineSession; ops: string[][] } {
  const s = new EngineSession(seed === undefined ? {} : { seed });
  const ops: string[][] = [];
  s.engine.propagationSink = (batch: PropagatedOp[]) => {
    for (const op of batch) ops.push(op.args);
  };
  return { s, ops };
}

/** RESP helpers for writing expectations compactly. */
export const resp = {
  ok: '+OK\r\n',
  nil: '$-1\r\n',
  nilArray: '*-1\r\n',
  int: (n: number | bigint) => `:${n}\r\n`,
  bulk: (s: string) => `$${s.length}\r\n${s}\r\n`,
  err: (s: string) => `-${s}\r\n`,
  simple: (s: string) => `+${s}\r\n`,
  array: (...items: string[]) => `*${items.length}\r\n${items.join('')}`,
  bulks: (...items: string[]) => `*${items.length}\r\n${items.map((s) => `$${s.length}\r\n${s}\r\n`).join('')}`,
};
