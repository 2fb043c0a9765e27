// `rdb-key-save-delay` (microseconds per key, a testing knob of Redis: src/rdb.c rdbSaveRio calls
// debugDelay for each key): background saves and rewrites pause after every key, so tests can keep
// a BGSAVE or BGREWRITEAOF running while they act. Touches only timers (the server's Timers port).

import { systemTimers, type Timers } from '../ports/timers.js';

/** How a background writer paces itself: keys per slice and the pause between slices. */
export interface SlicePacing {
  yieldEvery: number;
  pause: () => Promise<void>;
}

/** The default pace (512 keys, then one event-loop turn), or one key per slice with the delay. */
export function slicePacing(delayMicros: number, defaultPause?: () => Promise<void>, timers: Timers = systemTimers): SlicePacing {
  const immediate = defaultPause ?? (() => new Promise<void>((r) => setImmediate(r)));
  if (delayMicros <= 0) return { yieldEvery: 512, pause: immediate };
  let owedMicros = 0;
  return {
    yieldEvery: 1,
    pause: () => {
      owedMicros += delayMicros;
      if (owedMicros < 1000) return immediate();
      const ms = Math.floor(owedMicros / 1000);
      owedMicros -= ms * 1000;
      return new Promise<void>((r) => timers.after(ms, r));
    },
  };
}
