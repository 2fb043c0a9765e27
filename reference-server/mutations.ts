// Deliberately broken variants of persistence and replication, for the mutation check
// (properties/mutations.test.ts): each switch point asks `mutation(name)`, which is true only
// when DURABILITY_LAB_MUTATION names it. Never on by default; nothing else reads the variable.

/** The broken variants, each with the rule it breaks (where its switch point is). */
export const MUTATIONS = {
  'reply-before-fsync': 'appendfsync always replies before the fdatasync (append-only-file.ts tryFsync)',
  'everysec-postpone-forever': 'everysec postpones writes past the 2 s limit while an fsync runs (append-only-file.ts flush)',
  'lose-incr-buffer-on-rewrite': 'BGREWRITEAOF drops the unwritten AOF buffer instead of writing it to the old INCR (append-only-file.ts startRewrite)',
  'manifest-rename-no-dir-fsync': 'the manifest is renamed into place without an fsync of the AOF directory (append-only-file.ts persistManifest)',
  'accept-writes-after-failed-bgsave': 'stop-writes-on-bgsave-error yes does not refuse writes (snapshotting.ts deniesWrites)',
  'replica-skips-command': 'a replica skips the 5th write of its master stream (replication/master-link.ts applyFromMaster)',
  'psync-wrong-offset': 'a partial resync sends the backlog from one byte before the asked offset (replication/replication.ts tryPartial)',
} as const;

export type MutationName = keyof typeof MUTATIONS;

/** The environment variable that switches one mutation on (for tests only). */
export const MUTATION_ENV = 'DURABILITY_LAB_MUTATION';

/**
 * The variant switched on in this process: read from the environment once at load (a server
 * process started with the variable), then changed only by withMutation. Reading process.env at
 * every switch point cost 9% of a pipelined SET on the hot path (a C++ interceptor per read).
 */
let active: string | undefined = process.env[MUTATION_ENV];

/** Whether the broken variant `name` is switched on. */
export function mutation(name: MutationName): boolean {
  return active === name;
}

/**
 * Runs `fn` with variant `name` switched on, in this process (in-process servers) and in the
 * environment (server processes started meanwhile inherit it); switches it off afterwards.
 */
export async function withMutation<T>(name: MutationName, fn: () => Promise<T>): Promise<T> {
  const before = process.env[MUTATION_ENV];
  const activeBefore = active;
  process.env[MUTATION_ENV] = name;
  active = name;
  try {
    return await fn();
  } finally {
    active = activeBefore;
    if (before === undefined) delete process.env[MUTATION_ENV];
    else process.env[MUTATION_ENV] = before;
  }
}
