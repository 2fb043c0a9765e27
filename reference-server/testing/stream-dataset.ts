// Test fixture: command lines that build streams covering what the stream type can hold (several
// macro nodes, fields differing from the master entry, tombstones, trims, an empty stream, binary
// and integer-looking data, groups with PELs, consumers without pending entries, NOACK groups),
// for the digest, RDB and AOF interchange tests to run on redis-server and the reference server alike.

const BIN = '\x00\xff\r\n\x80bin';

/** The commands, in order; every one succeeds on redis-server 7.0. */
export function streamDatasetCommands(): string[][] {
  const cmds: string[][] = [];
  for (let i = 1; i <= 230; i++) cmds.push(['XADD', 'st:big', `${i}-${i % 4}`, 'f', String(i * 7), i % 5 === 0 ? 'other' : 'g', i % 3 === 0 ? '-12' : `v${i}`]);
  cmds.push(['XDEL', 'st:big', '3-3', '50-2', '101-1', '230-2']);
  cmds.push(['XTRIM', 'st:big', 'MAXLEN', '~', '150']);
  cmds.push(['XADD', 'st:bin', '5-0', BIN, BIN + 'value', 'n', '9223372036854775807']);
  cmds.push(['XADD', 'st:bin', '18446744073709551615-5', 'x', '']);
  cmds.push(['XADD', 'st:empty', 'MAXLEN', '0', '7-7', 'a', 'b']);
  cmds.push(['XSETID', 'st:empty', '99-0', 'ENTRIESADDED', '12', 'MAXDELETEDID', '50-0']);
  cmds.push(['XGROUP', 'CREATE', 'st:mk', 'grp', '$', 'MKSTREAM']);
  for (let i = 1; i <= 12; i++) cmds.push(['XADD', 'st:groups', `${1000 + i}-0`, 'k', 'x'.repeat(i * 9)]);
  cmds.push(['XGROUP', 'CREATE', 'st:groups', 'g1', '0']);
  cmds.push(['XGROUP', 'CREATE', 'st:groups', 'g2', '1005-0', 'ENTRIESREAD', '5']);
  cmds.push(['XGROUP', 'CREATE', 'st:groups', BIN, '$']);
  cmds.push(['XREADGROUP', 'GROUP', 'g1', 'alice', 'COUNT', '4', 'STREAMS', 'st:groups', '>']);
  cmds.push(['XREADGROUP', 'GROUP', 'g1', 'bob', 'COUNT', '3', 'STREAMS', 'st:groups', '>']);
  cmds.push(['XREADGROUP', 'GROUP', 'g1', 'carol', 'NOACK', 'COUNT', '2', 'STREAMS', 'st:groups', '>']);
  cmds.push(['XREADGROUP', 'GROUP', 'g2', 'dave', 'STREAMS', 'st:groups', '>']);
  cmds.push(['XACK', 'st:groups', 'g1', '1002-0']);
  cmds.push(['XCLAIM', 'st:groups', 'g1', 'erin', '0', '1003-0', '1005-0', 'RETRYCOUNT', '9']);
  cmds.push(['XGROUP', 'CREATECONSUMER', 'st:groups', 'g2', 'idle-one']);
  cmds.push(['XDEL', 'st:groups', '1006-0']);
  cmds.push(['XAUTOCLAIM', 'st:groups', 'g2', 'frank', '0', '0', 'COUNT', '3']);
  return cmds;
}

/** The keys the commands create. */
export const STREAM_DATASET_KEYS = ['st:big', 'st:bin', 'st:empty', 'st:mk', 'st:groups'];
