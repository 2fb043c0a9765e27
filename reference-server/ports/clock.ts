// The Clock port: every reading of time in the reference server goes through it, so the harness
// can run the server on virtual time. Production uses the system clock.

/** A source of time. `now` is Unix time in ms (Redis's mstime); `monotonic` never goes back. */
export interface Clock {
  now(): number;
  monotonic(): number;
}

/** Real time from the operating system. */
export const systemClock: Clock = {
  now: () => Date.now(),
  monotonic: () => performance.now(),
};

/** A clock that moves only when told to; for deterministic in-process runs. */
export class ManualClock implements Clock {
  constructor(private ms: number = 1_700_000_000_000, private mono = 0) {}
  now(): number {
    return this.ms;
  }
  monotonic(): number {
    return this.mono;
  }
  advance(ms: number): void {
    this.ms += ms;
    this.mono += ms;
  }
}
