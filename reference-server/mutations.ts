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

/** Whether the broken variant `name` is switched on. Read at each call, so a test can switch it. */
export function mutation(name: MutationName): boolean {
  return process.env[MUTATION_ENV] === name;
}
