// Key flags of the commands whose key spec says variable_flags: what their getkeys procedure
// reports for one argv (src/db.c setGetKeys, bitfieldGetKeys), used by COMMAND GETKEYSANDFLAGS.

/**
 * The flags of the key (always argv[1]) of SET or BITFIELD for `argv`, or undefined for other
 * commands (their key specs' own flags apply).
 */
export function variableKeyFlags(fullname: string, argv: readonly string[]): string[] | undefined {
  if (fullname === 'set') {
    // setGetKeys: a GET option (exactly three letters) makes the old value read.
    for (let i = 3; i < argv.length; i++) if (argv[i]!.toLowerCase() === 'get') return ['RW', 'access', 'update'];
    return ['OW', 'update'];
  }
  if (fullname === 'bitfield') return bitfieldReadOnly(argv) ? ['RO', 'access'] : ['RW', 'access', 'update'];
  return undefined;
}

/**
 * bitfieldGetKeys: read-only while only GET and OVERFLOW appear; a SET, an INCRBY or anything it
 * cannot parse (a syntax error is safer taken as a write) makes it a write.
 */
function bitfieldReadOnly(argv: readonly string[]): boolean {
  for (let i = 2; i < argv.length; i++) {
    const remaining = argv.length - i - 1;
    const arg = argv[i]!.toLowerCase();
    if (arg === 'get' && remaining >= 2) i += 2;
    else if (arg === 'overflow' && remaining >= 1) i += 1;
    else return false;
  }
  return true;
}
