// Per-connection state the command engine keeps: selected db, name, transaction queue, watched
// keys, and what CLIENT LIST reports. The network layer fills in the address fields.

/** One client of the engine (a TCP connection, or an in-process caller). */
export class ClientState {
  db = 0;
  name = '';
  /** Queued commands while in MULTI, or null outside a transaction. */
  multi: string[][] | null = null;
  /** Set when a command was rejected while queueing: EXEC answers EXECABORT. */
  multiError = false;
  /** Watched keys as `${db}\0${key}`. */
  readonly watched = new Set<string>();
  /** Set when a watched key was touched: EXEC answers a null array. */
  watchDirty = false;
  /** Last command name, for CLIENT LIST `cmd=`. */
  lastCommand = 'NULL';
  /** Remote address `ip:port` and local `ip:port`, set by the network layer. */
  addr = '';
  laddr = '';
  fd = -1;
  readonly createdAt: number;
  lastInteraction: number;
  /** Set by QUIT or CLIENT KILL: close after the pending replies are written. */
  closeAfterReply = false;
  /** The server's replication role for this client: a normal client, a replica, or our master. */
  kind: 'normal' | 'replica' | 'master' | 'pubsub' = 'normal';
  /** CLIENT NO-EVICT ON: excluded from client eviction (reported as flag `e`). */
  noEvict = false;
  /** Protocol version chosen by HELLO (only 2 is supported). */
  resp = 2;

  constructor(readonly id: number, now: number) {
    this.createdAt = now;
    this.lastInteraction = now;
  }
}
