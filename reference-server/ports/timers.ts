// The Timers port: every timer of the reference server's own work (crons, blocking timeouts,
// save pacing) goes through it, so the harness can run the server on virtual time.

/** A scheduled callback; cancel() is safe to call more than once. */
export interface TimerHandle {
  cancel(): void;
}

export interface Timers {
  /** Runs `fn` once after `ms` milliseconds. */
  after(ms: number, fn: () => void): TimerHandle;
  /** Runs `fn` every `ms` milliseconds; never keeps the process alive by itself (a cron). */
  every(ms: number, fn: () => void): TimerHandle;
}

/** Node's timers. */
export const systemTimers: Timers = {
  after(ms, fn) {
    const t = setTimeout(fn, ms);
    return { cancel: () => clearTimeout(t) };
  },
  every(ms, fn) {
    const t = setInterval(fn, ms);
    t.unref();
    return { cancel: () => clearInterval(t) };
  },
};
