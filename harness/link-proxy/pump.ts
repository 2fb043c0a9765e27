// One direction of one proxied connection: reads the source socket, pipes each chunk through the
// direction's toxic stages in the order they were added, and writes the resulting pieces to the
// sink at their release times (in order). Holds (stops reading) while a blackhole is on.

import type { Socket } from 'node:net';
import type { Piece, ToxicStage } from './toxic.js';

/** A direction's pump. `onCloseAfter` closes the whole connection (a limit_data cut). */
export class Pump {
  private readonly stages: Array<{ name: string; stage: ToxicStage }> = [];
  private readonly held: Buffer[] = [];
  private readonly queue: Array<{ piece: Piece; at: number }> = [];
  private lastRelease = 0;
  private timer: NodeJS.Timeout | undefined;
  private sinkFull = false;
  private sourceEnded = false;
  private stopped = false;
  /** Bytes written to the sink. */
  bytes = 0;

  constructor(
    private readonly source: Socket,
    private readonly sink: Socket,
    private readonly onCloseAfter: () => void,
  ) {
    source.on('data', (chunk: Buffer) => this.onData(chunk));
    source.on('end', () => {
      this.sourceEnded = true;
      this.maybeEndSink();
    });
    sink.on('drain', () => {
      this.sinkFull = false;
      this.updateFlow();
    });
  }

  addStage(name: string, stage: ToxicStage): void {
    this.stages.push({ name, stage });
    this.updateFlow();
  }

  removeStage(name: string): void {
    const i = this.stages.findIndex((s) => s.name === name);
    if (i < 0) return;
    this.stages.splice(i, 1);
    if (!this.holding()) {
      for (const chunk of this.held.splice(0)) this.process(chunk);
    }
    this.updateFlow();
  }

  /** Stops all timers (the connection is closing). */
  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.queue.length = 0;
    this.held.length = 0;
  }

  private holding(): boolean {
    return this.stages.some((s) => s.stage.holds === true);
  }

  private updateFlow(): void {
    if (this.stopped) return;
    if (this.holding() || this.sinkFull) this.source.pause();
    else this.source.resume();
  }

  private onData(chunk: Buffer): void {
    if (this.holding()) {
      this.held.push(chunk);
      this.updateFlow();
      return;
    }
    this.process(chunk);
  }

  private process(chunk: Buffer): void {
    const now = performance.now();
    let pieces: Piece[] = [{ data: chunk, notBefore: now }];
    for (const { stage } of this.stages) {
      if (!stage.pipe) continue;
      pieces = pieces.flatMap((p) => stage.pipe!(p, now));
    }
    for (const piece of pieces) {
      const at = Math.max(this.lastRelease, piece.notBefore);
      this.lastRelease = at;
      this.queue.push({ piece, at });
    }
    this.drainQueue();
  }

  private drainQueue(): void {
    if (this.stopped) return;
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    const now = performance.now();
    while (this.queue.length > 0 && this.queue[0]!.at <= now + 0.5) {
      const { piece } = this.queue.shift()!;
      if (piece.data.length > 0) {
        this.bytes += piece.data.length;
        if (!this.sink.write(piece.data)) this.sinkFull = true;
      }
      if (piece.closeAfter) {
        this.onCloseAfter();
        return;
      }
    }
    if (this.queue.length > 0) {
      this.timer = setTimeout(() => this.drainQueue(), Math.max(1, this.queue[0]!.at - now));
    } else {
      this.maybeEndSink();
    }
    this.updateFlow();
  }

  private maybeEndSink(): void {
    if (this.sourceEnded && this.queue.length === 0 && this.held.length === 0 && !this.stopped) this.sink.end();
  }
}
