// The bitmap commands for the conformance generator: bit offsets mostly small (strings stay a few
// bytes), plus the error paths: negative, non-integer, past proto-max-bulk-len, and `#N` products
// that overflow 64 bits. No accepted write offset is large, so no run builds a big string.

import fc from 'fast-check';
import { cmd, oneOf, opt } from './command-builder.js';
import { edgeInt, key, keys } from './values.js';

const smallOffset = fc.integer({ min: 0, max: 40 }).map(String);
/** Offsets Redis refuses (bit offset is not an integer or out of range). */
const badOffset = fc.constantFrom('-1', 'abc', '1.5', '', ' 1', '4294967296', '9223372036854775807', '9223372036854775808', '#1');
/** SETBIT / GETBIT offsets; GETBIT also reads far past the end (4294967295 is the last valid bit). */
const bitOffset = fc.oneof({ weight: 8, arbitrary: smallOffset }, { weight: 1, arbitrary: badOffset });
const readOffset = fc.oneof({ weight: 8, arbitrary: smallOffset }, { weight: 1, arbitrary: badOffset }, { weight: 1, arbitrary: fc.constantFrom('4294967295', '1000000') });
const bitValue = fc.oneof({ weight: 6, arbitrary: fc.constantFrom('0', '1') }, { weight: 1, arbitrary: fc.constantFrom('2', '-1', 'abc', '', '01') });

/** BITCOUNT / BITPOS indexes: small, negative from the end, and the int64 edges. */
const rangeIndex = fc.oneof({ weight: 6, arbitrary: fc.integer({ min: -12, max: 12 }).map(String) }, { weight: 1, arbitrary: edgeInt });
const unit = fc.oneof({ weight: 6, arbitrary: fc.constantFrom('BIT', 'BYTE', 'bit', 'Byte') }, { weight: 1, arbitrary: fc.constant('FOO') });
const searchedBit = fc.oneof({ weight: 6, arbitrary: fc.constantFrom('0', '1') }, { weight: 1, arbitrary: fc.constantFrom('2', '-1', 'abc') });

const bitopName = fc.oneof({ weight: 8, arbitrary: fc.constantFrom('AND', 'OR', 'XOR', 'NOT', 'and', 'Or', 'not') }, { weight: 1, arbitrary: fc.constantFrom('FOO', 'ANDX') });

/** BITFIELD types: every width class, signed and unsigned, and the refused ones (u64, i65, u0, case). */
const fieldType = fc.oneof(
  { weight: 16, arbitrary: fc.constantFrom('u1', 'u2', 'u4', 'u7', 'u8', 'u9', 'u16', 'u31', 'u32', 'u63', 'i1', 'i3', 'i8', 'i9', 'i16', 'i32', 'i63', 'i64') },
  { weight: 1, arbitrary: fc.constantFrom('u64', 'i65', 'u0', 'x8', 'I8', 'i08', 'i', '') },
);
/** BITFIELD offsets: small, `#N` (N times the width), and the error forms; `#2305843009213693953` wraps to 8x for u8. */
const fieldOffset = fc.oneof(
  { weight: 10, arbitrary: smallOffset },
  { weight: 5, arbitrary: fc.integer({ min: 0, max: 4 }).map((n) => `#${n}`) },
  { weight: 1, arbitrary: fc.constantFrom('-1', '#-1', '#', 'abc', '4294967296', '#2305843009213693953', '#1152921504606846977') },
);
/** SET values and INCRBY increments: small, the int64 edges, and (rarely) what string2ll refuses. */
const fieldValue = fc.oneof(
  { weight: 8, arbitrary: fc.integer({ min: -300, max: 300 }).map(String) },
  { weight: 3, arbitrary: fc.constantFrom('9223372036854775807', '-9223372036854775808', '4294967295', '-2147483649', '65535') },
  { weight: 1, arbitrary: edgeInt },
);
const overflowMode = fc.oneof({ weight: 8, arbitrary: fc.constantFrom('WRAP', 'SAT', 'FAIL', 'wrap', 'fail') }, { weight: 1, arbitrary: fc.constant('FOO') });
const fieldGet = cmd(fc.constantFrom('GET', 'get'), fieldType, fieldOffset);
const fieldSubcommand = fc.oneof(
  { weight: 4, arbitrary: fieldGet },
  { weight: 4, arbitrary: cmd(fc.constantFrom('SET', 'set'), fieldType, fieldOffset, fieldValue) },
  { weight: 4, arbitrary: cmd(fc.constantFrom('INCRBY', 'incrby'), fieldType, fieldOffset, fieldValue) },
  { weight: 3, arbitrary: cmd('OVERFLOW', overflowMode) },
  { weight: 1, arbitrary: cmd(fc.constantFrom('GET', 'SET', 'INCRBY', 'OVERFLOW', 'NOSUCH')) },
);

export const bitmaps = {
  SETBIT: cmd('SETBIT', key, bitOffset, bitValue),
  GETBIT: cmd('GETBIT', key, readOffset),
  BITCOUNT: fc.oneof(
    { weight: 2, arbitrary: cmd('BITCOUNT', key) },
    { weight: 6, arbitrary: cmd('BITCOUNT', key, rangeIndex, rangeIndex, opt(unit)) },
    { weight: 1, arbitrary: cmd('BITCOUNT', key, rangeIndex) },
  ),
  BITPOS: cmd('BITPOS', key, searchedBit, opt(rangeIndex, opt(rangeIndex, opt(unit)))),
  BITOP: oneOf(
    cmd('BITOP', bitopName, key, keys),
    cmd('BITOP', fc.constantFrom('NOT', 'not'), key, key),
  ),
  BITFIELD: cmd('BITFIELD', key, fc.array(fieldSubcommand, { maxLength: 4 }).map((subs) => subs.flat())),
  BITFIELD_RO: cmd('BITFIELD_RO', key, fc.array(fc.oneof({ weight: 6, arbitrary: fieldGet }, { weight: 1, arbitrary: fieldSubcommand }), { maxLength: 3 }).map((subs) => subs.flat())),
};
