// INCRBYFLOAT arithmetic in long double: results printed as Redis 7.0 prints them (values checked
// against redis-server 7.0.15 on x86-64).

import { describe, expect, it } from 'vitest';
import { incrByFloat } from './long-double.js';

describe('long double INCRBYFLOAT', () => {
  it.each([
    ['10.5', '0.1', '10.6'],
    ['0.1', '0.2', '0.3'],
    [undefined, '3.0e3', '3000'],
    ['5.0e3', '2.0e2', '5200'],
    ['1', '-1', '0'],
    ['-0.5', '0.25', '-0.25'],
    [undefined, '1e-17', '0.00000000000000001'],
    [undefined, '1e-18', '0'],
    ['3', '1.5', '4.5'],
    ['17179869184', '1.5', '17179869185.5'],
    [undefined, '0x10', '16'],
    ['0x1.8p1', '0', '3'],
  ])('%s + %s = %s', (cur, incr, want) => {
    expect(incrByFloat(cur, incr)).toEqual({ ok: want });
  });

  it('refuses non-floats and infinities as Redis does', () => {
    expect(incrByFloat('abc', '1')).toEqual({ error: 'not-a-float' });
    expect(incrByFloat('1', ' 1')).toEqual({ error: 'not-a-float' });
    expect(incrByFloat('1', '')).toEqual({ error: 'not-a-float' });
    expect(incrByFloat('1', 'nan')).toEqual({ error: 'not-a-float' });
    expect(incrByFloat('1', 'inf')).toEqual({ error: 'nan-or-inf' });
    expect(incrByFloat('1', '1e5000')).toEqual({ error: 'not-a-float' }); // ERANGE from strtold
    expect(incrByFloat('1e308', '1e308')).toEqual({ ok: '199999999999999999993371759311691291321120199694831134415594095989843469737676123744200253843777078640893494450108026446304269499187921167194841628860392837535918200039206381557326219209014213335878306791577877829121087126122536729803237260434173178506889763247582601711514636284849020905456510092687857156096' });
  });
});
