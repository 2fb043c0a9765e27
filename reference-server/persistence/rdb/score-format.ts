// How a sorted-set score is written as text inside a listpack: Redis's d2string (src/util.c),
// integers in plain digits, other values as printf "%.17g".

/** printf("%.17g", v) for a finite double. */
export function formatG17(v: number): string {
  if (v === 0) return Object.is(v, -0) ? '-0' : '0';
  if (!Number.isFinite(v)) return v > 0 ? 'inf' : '-inf';
  const exp = v.toExponential(16);
  const e = Number(exp.slice(exp.indexOf('e') + 1));
  if (e < -4 || e >= 17) {
    let [mant, ex] = exp.split('e') as [string, string];
    if (mant.includes('.')) mant = mant.replace(/0+$/, '').replace(/\.$/, '');
    const sign = ex[0] === '-' ? '-' : '+';
    const digits = ex.replace(/^[+-]/, '').padStart(2, '0');
    return `${mant}e${sign}${digits}`;
  }
  let fixed = v.toFixed(16 - e);
  if (fixed.includes('.')) fixed = fixed.replace(/0+$/, '').replace(/\.$/, '');
  return fixed;
}

/** Redis d2string: "nan", "inf", "-inf", "-0"/"0", integers within +-2^62 as digits, else %.17g. */
export function d2string(v: number): string {
  if (Number.isNaN(v)) return 'nan';
  if (!Number.isFinite(v)) return v > 0 ? 'inf' : '-inf';
  if (v === 0) return Object.is(v, -0) ? '-0' : '0';
  // double2ll in src/util.c: only within +-LLONG_MAX/2 is the value printed as an integer.
  if (Number.isInteger(v) && v >= -4611686018427387904 && v <= 4611686018427387904) return BigInt(v).toString();
  return formatG17(v);
}
