// C `long double` arithmetic as INCRBYFLOAT and HINCRBYFLOAT do it on x86-64 (80-bit extended,
// 64-bit significand): strtold parse, one addition, printf("%.17Lf") with trailing zeros removed
// (src/util.c ld2string LD_STR_HUMAN). Exact with BigInt, so 0.1 + 0.2 prints "0.3" as in Redis.

/** An extended-precision value: sign * mant / 2^shift (mant has at most 64 bits), or infinity. */
interface Ext {
  neg: boolean;
  mant: bigint;
  shift: bigint;
  inf?: boolean;
}

const MANT_BITS = 64n;

function bitLength(n: bigint): bigint {
  return BigInt(n.toString(2).length);
}

/** Rounds num/den (both > 0) to a 64-bit significand, round half to even. */
function roundRational(neg: boolean, num: bigint, den: bigint): Ext {
  if (num === 0n) return { neg, mant: 0n, shift: 0n };
  // Choose shift so that num * 2^shift / den has exactly 64 integer bits.
  let shift = MANT_BITS - (bitLength(num) - bitLength(den));
  const divide = (s: bigint) => (s >= 0n ? [num << s, den] : [num, den << -s]) as [bigint, bigint];
  let [n, d] = divide(shift);
  let q = n / d;
  if (bitLength(q) > MANT_BITS) {
    shift -= 1n;
    [n, d] = divide(shift);
    q = n / d;
  } else if (bitLength(q) < MANT_BITS) {
    shift += 1n;
    [n, d] = divide(shift);
    q = n / d;
  }
  const r = n - q * d;
  if (r * 2n > d || (r * 2n === d && (q & 1n) === 1n)) q += 1n;
  if (bitLength(q) > MANT_BITS) {
    q >>= 1n;
    shift -= 1n;
  }
  // A value beyond the long double range (about 1.19e4932) is infinity, as strtold gives.
  if (-shift > 16384n) return { neg, mant: 0n, shift: 0n, inf: true };
  return { neg, mant: q, shift };
}

const DECIMAL = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;
const HEX = /^([+-]?)0[xX]([0-9a-fA-F]*)(?:\.([0-9a-fA-F]*))?(?:[pP]([+-]?\d+))?$/;

/**
 * strtold as getLongDoubleFromObject uses it: the whole string must parse, no leading space, no
 * NaN. Returns undefined when Redis would answer "value is not a valid float".
 */
export function parseLongDouble(s: string): Ext | undefined {
  if (s.length === 0 || /^\s/.test(s)) return undefined;
  const inf = /^([+-]?)(inf|infinity)$/i.exec(s);
  if (inf) return { neg: inf[1] === '-', mant: 0n, shift: 0n, inf: true };
  const hex = HEX.exec(s);
  if (hex && (hex[2] !== '' || (hex[3] ?? '') !== '')) {
    // strtold's hexadecimal form: 0x<hex digits>[.<hex digits>][p<binary exponent>].
    const mant = BigInt('0x' + ((hex[2] ?? '') + (hex[3] ?? '') || '0'));
    const exp = BigInt(hex[4] ?? '0') - 4n * BigInt((hex[3] ?? '').length);
    if (exp > 20000n) return mant === 0n ? { neg: hex[1] === '-', mant: 0n, shift: 0n } : undefined;
    const r = exp >= 0n ? roundRational(hex[1] === '-', mant << exp, 1n) : roundRational(hex[1] === '-', mant, 1n << -exp);
    return r.inf ? undefined : r;
  }
  const m = DECIMAL.exec(s);
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) return undefined;
  const digits = (m[2] ?? '') + (m[3] ?? '');
  const exp = BigInt(m[4] ?? '0') - BigInt((m[3] ?? '').length);
  // Overflow is ERANGE from strtold, which getLongDoubleFromObject refuses like garbage.
  if (exp > 6000n) return /[1-9]/.test(digits) ? undefined : { neg: m[1] === '-', mant: 0n, shift: 0n };
  if (exp < -6000n) return { neg: m[1] === '-', mant: 0n, shift: 0n };
  const intDigits = BigInt(digits === '' ? '0' : digits);
  const num = exp >= 0n ? intDigits * 10n ** exp : intDigits;
  const den = exp >= 0n ? 1n : 10n ** -exp;
  const r = roundRational(m[1] === '-', num, den);
  return r.inf ? undefined : r;
}

function add(a: Ext, b: Ext): Ext {
  const shift = a.shift > b.shift ? a.shift : b.shift;
  const va = (a.neg ? -a.mant : a.mant) << (shift - a.shift);
  const vb = (b.neg ? -b.mant : b.mant) << (shift - b.shift);
  const sum = va + vb;
  if (sum === 0n) return { neg: false, mant: 0n, shift: 0n };
  const neg = sum < 0n;
  const abs = neg ? -sum : sum;
  return shift >= 0n ? roundRational(neg, abs, 1n << shift) : roundRational(neg, abs << -shift, 1n);
}

/** printf("%.17Lf") of a finite value, then trailing zeros (and a bare '.') removed, "-0" -> "0". */
function formatHuman(v: Ext): string {
  // v * 10^17, rounded half to even, as an integer.
  const num = v.mant * 10n ** 17n;
  let q: bigint;
  if (v.shift >= 0n) {
    const den = 1n << v.shift;
    q = num / den;
    const r = num - q * den;
    if (r * 2n > den || (r * 2n === den && (q & 1n) === 1n)) q += 1n;
  } else {
    q = num << -v.shift;
  }
  const digits = q.toString().padStart(18, '0');
  let out = digits.slice(0, digits.length - 17) + '.' + digits.slice(digits.length - 17);
  out = out.replace(/0+$/, '').replace(/\.$/, '');
  return v.neg && out !== '0' ? '-' + out : out;
}

export type IncrByFloatResult = { ok: string } | { error: 'not-a-float' | 'nan-or-inf' };

/**
 * `current` + `increment` the way INCRBYFLOAT computes it. `current` undefined means the key is
 * missing (0). Errors name which check failed, so callers can word them per command.
 */
export function incrByFloat(current: string | undefined, increment: string): IncrByFloatResult {
  const a = current === undefined ? { neg: false, mant: 0n, shift: 0n } : parseLongDouble(current);
  const b = parseLongDouble(increment);
  if (a === undefined || b === undefined) return { error: 'not-a-float' };
  if (a.inf || b.inf) return { error: 'nan-or-inf' };
  const sum = add(a, b);
  if (sum.inf) return { error: 'nan-or-inf' };
  return { ok: formatHuman(sum) };
}
