// Doubles printed the way Redis prints them: printf("%.17g") as glibc does it (correct rounding,
// ties to even on the exact binary value), used by addReplyDouble (src/networking.c), and
// d2string (src/util.c) that prints integral values as plain digits.

/**
 * The exact decimal digits of a finite non-zero |v| and the decimal exponent of the first digit
 * (v = 0.d1d2d3... * 10^(exp+1)). Slow (BigInt); only used to break exact rounding ties.
 */
function exactDigits(v: number): { digits: string; exp: number } {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, Math.abs(v));
  const hi = view.getUint32(0);
  const lo = view.getUint32(4);
  const biased = (hi >>> 20) & 0x7ff;
  let mant = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let e2: number;
  if (biased === 0) e2 = -1074;
  else {
    mant |= 1n << 52n;
    e2 = biased - 1075;
  }
  if (e2 >= 0) {
    const digits = (mant << BigInt(e2)).toString();
    return { digits, exp: digits.length - 1 };
  }
  // mant * 2^e2 = mant * 5^-e2 / 10^-e2
  const digits = (mant * 5n ** BigInt(-e2)).toString();
  return { digits, exp: digits.length - 1 + e2 };
}

/** 17 significant digits of |v| rounded half-to-even on the exact value, with the exponent. */
function roundTo17(v: number): { digits: string; exp: number } {
  const fast = Math.abs(v).toExponential(16);
  const probe = Math.abs(v).toExponential(17);
  // JS rounds exact ties away from zero; glibc rounds them to even. A tie needs an 18th digit 5.
  if (probe.charCodeAt(18) !== 0x35 /* '5' */) {
    return { digits: fast[0] + fast.slice(2, 18), exp: Number(fast.slice(fast.indexOf('e') + 1)) };
  }
  const exact = exactDigits(v);
  let head = exact.digits.slice(0, 17).padEnd(17, '0');
  const rest = exact.digits.slice(17);
  let exp = exact.exp;
  const first = rest.charCodeAt(0) - 48;
  let up = false;
  if (rest.length > 0 && first > 5) up = true;
  else if (first === 5) {
    const tail = rest.slice(1);
    const beyond = /[1-9]/.test(tail);
    up = beyond || (head.charCodeAt(16) - 48) % 2 === 1;
  }
  if (up) {
    const n = (BigInt(head) + 1n).toString();
    if (n.length > 17) {
      head = n.slice(0, 17);
      exp++;
    } else head = n;
  }
  return { digits: head, exp };
}

/** printf("%.17g", v) exactly as glibc prints it: "inf", "-inf", "nan", "-0", "1e+21", "0.10000000000000001". */
export function formatDouble(v: number): string {
  if (Number.isNaN(v)) return 'nan';
  if (v === Infinity) return 'inf';
  if (v === -Infinity) return '-inf';
  if (v === 0) return Object.is(v, -0) ? '-0' : '0';
  // Fast path: small integers print as themselves.
  if (Number.isInteger(v) && Math.abs(v) < 1e16) return String(v);
  const { digits, exp } = roundTo17(v);
  const sign = v < 0 ? '-' : '';
  if (exp < -4 || exp >= 17) {
    let mant = digits[0]! + '.' + digits.slice(1);
    mant = stripZeros(mant);
    const e = Math.abs(exp);
    return `${sign}${mant}e${exp < 0 ? '-' : '+'}${e < 10 ? '0' + e : e}`;
  }
  let text: string;
  if (exp >= 0) text = digits.slice(0, exp + 1) + '.' + digits.slice(exp + 1);
  else text = '0.' + '0'.repeat(-exp - 1) + digits;
  return sign + stripZeros(text);
}

function stripZeros(s: string): string {
  if (s.indexOf('.') < 0) return s;
  let end = s.length;
  while (s.charCodeAt(end - 1) === 0x30) end--;
  if (s.charCodeAt(end - 1) === 0x2e) end--;
  return s.slice(0, end);
}

/** Largest magnitude double2ll (src/util.c) accepts: (double)(LLONG_MAX/2), i.e. 2^62. */
const DOUBLE2LL_LIMIT = 4611686018427387904;

/** Redis d2string: "nan", "inf", "-inf", "-0", integral values within +-2^62 as digits, else %.17g. */
export function d2string(v: number): string {
  if (Number.isInteger(v) && v >= -DOUBLE2LL_LIMIT && v <= DOUBLE2LL_LIMIT) {
    if (v === 0) return Object.is(v, -0) ? '-0' : '0';
    return BigInt(v).toString();
  }
  return formatDouble(v);
}
