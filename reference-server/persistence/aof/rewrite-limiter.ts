// The back-off of failed AOF rewrites (src/aof.c aofRewriteLimited): after 3 consecutive failures,
// automatic and scheduled rewrites wait 1 minute, then 2, 4 ... up to 60, each delay decided when
// a rewrite is next wanted. Reads the failure count and the clock; changes nothing else.

/** AOF_REWRITE_LIMITE_THRESHOLD in src/aof.c. */
export const REWRITE_LIMIT_THRESHOLD = 3;
/** AOF_REWRITE_LIMITE_MAX_MINUTES in src/aof.c. */
export const REWRITE_LIMIT_MAX_MINUTES = 60;

export class RewriteLimiter {
  private nextDelayMinutes = 0;
  /** Unix seconds before which rewrites are held back; 0 = not limiting. */
  private nextRewriteTime = 0;

  constructor(private readonly warn: (message: string) => void) {}

  /** True when a rewrite must not start now, given `consecutiveFailures` and the time `unixtime` (s). */
  limited(consecutiveFailures: number, unixtime: number): boolean {
    if (consecutiveFailures < REWRITE_LIMIT_THRESHOLD) {
      this.nextDelayMinutes = 0;
      this.nextRewriteTime = 0;
      return false;
    }
    if (this.nextRewriteTime !== 0) {
      if (unixtime < this.nextRewriteTime) return true;
      this.nextRewriteTime = 0;
      return false;
    }
    this.nextDelayMinutes = Math.min(REWRITE_LIMIT_MAX_MINUTES, this.nextDelayMinutes === 0 ? 1 : this.nextDelayMinutes * 2);
    this.nextRewriteTime = unixtime + this.nextDelayMinutes * 60;
    this.warn(`Background AOF rewrite has repeatedly failed and triggered the limit, will retry in ${this.nextDelayMinutes} minutes`);
    return true;
  }
}
