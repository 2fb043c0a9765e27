// Checks formatDouble against printf("%.17g") (values verified with glibc/python) and d2string.

import { describe, expect, it } from 'vitest';
import { d2string, formatDouble } from './format-double.js';

describe('formatDouble', () => {
  it('prints like glibc %.17g', () => {
    const cases: Array<[number, string]> = [
      [0.1, '0.10000000000000001'],
      [1e21, '1e+21'],
      [1.5e-7, '1.4999999999999999e-07'],
      [123.25, '123.25'],
      [1 + 2 ** -17, '1.0000076293945312'], // exact tie: glibc rounds to even, JS toExponential rounds up
      [5e-324, '4.9406564584124654e-324'],
      [1.7976931348623157e308, '1.7976931348623157e+308'],
      [1e16, '10000000000000000'],
      [1e17, '1e+17'],
      [12345678901234567890, '1.2345678901234567e+19'],
      [0.0001, '0.0001'],
      [0.00001, '1.0000000000000001e-05'],
      [-2.5, '-2.5'],
      [-0, '-0'],
      [Infinity, 'inf'],
      [-Infinity, '-inf'],
      [3.0000000000000004, '3.0000000000000004'],
    ];
    for (const [v, s] of cases) expect(formatDouble(v)).toBe(s);
  });

  it('d2string prints integral values as digits', () => {
    expect(d2string(3)).toBe('3');
    expect(d2string(-0)).toBe('-0');
    expect(d2string(2 ** 62)).toBe('4611686018427387904');
    expect(d2string(2 ** 63)).toBe('9.2233720368547758e+18');
    expect(d2string(1.5)).toBe('1.5');
  });
});
