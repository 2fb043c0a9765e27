// Glob matching exactly as Redis's stringmatchlen (src/util.c) does it for KEYS, SCAN MATCH,
// CONFIG GET and friends: * ? [set] [^set] [a-z] and \ escapes, bytes compared as C's signed char,
// with the same early exit for patterns with several stars.

/** C `char` on x86-64 is signed: bytes >= 0x80 compare as negative numbers in ranges. */
function sc(c: number): number {
  return c >= 128 ? c - 256 : c;
}

function lower(c: number): number {
  return c >= 65 && c <= 90 ? c + 32 : c;
}

function impl(p: string, pi: number, plen: number, s: string, si: number, slen: number, nocase: boolean, skip: { longer: boolean }): boolean {
  // Reading past the end yields C's terminating NUL.
  const P = (i: number) => (i < p.length ? p.charCodeAt(i) : 0);
  const S = (i: number) => (i < s.length ? s.charCodeAt(i) : 0);
  while (plen > 0 && slen > 0) {
    const c = P(pi);
    if (c === 42 /* * */) {
      while (plen > 0 && P(pi + 1) === 42) {
        pi++;
        plen--;
      }
      if (plen === 1) return true;
      while (slen > 0) {
        if (impl(p, pi + 1, plen - 1, s, si, slen, nocase, skip)) return true;
        if (skip.longer) return false;
        si++;
        slen--;
      }
      skip.longer = true;
      return false;
    } else if (c === 63 /* ? */) {
      si++;
      slen--;
    } else if (c === 91 /* [ */) {
      pi++;
      plen--;
      const not = P(pi) === 94; /* ^ */
      if (not) {
        pi++;
        plen--;
      }
      let match = false;
      for (;;) {
        if (P(pi) === 92 && plen >= 2) {
          pi++;
          plen--;
          if (P(pi) === S(si)) match = true;
        } else if (P(pi) === 93 /* ] */) {
          break;
        } else if (plen === 0) {
          pi--;
          plen++;
          break;
        } else if (plen >= 3 && P(pi + 1) === 45 /* - */) {
          let start = sc(P(pi));
          let end = sc(P(pi + 2));
          let ch = sc(S(si));
          if (start > end) [start, end] = [end, start];
          if (nocase) {
            start = lower(start);
            end = lower(end);
            ch = lower(ch);
          }
          pi += 2;
          plen -= 2;
          if (ch >= start && ch <= end) match = true;
        } else if (nocase ? lower(P(pi)) === lower(S(si)) : P(pi) === S(si)) {
          match = true;
        }
        pi++;
        plen--;
      }
      if (not) match = !match;
      if (!match) return false;
      si++;
      slen--;
    } else {
      if (c === 92 /* \ */ && plen >= 2) {
        pi++;
        plen--;
      }
      const pc = P(pi);
      if (nocase ? lower(pc) !== lower(S(si)) : pc !== S(si)) return false;
      si++;
      slen--;
    }
    pi++;
    plen--;
    if (slen === 0) {
      while (P(pi) === 42) {
        pi++;
        plen--;
      }
      break;
    }
  }
  return plen === 0 && slen === 0;
}

/** Whether byte string `s` matches glob `pattern` (stringmatchlen). */
export function globMatch(pattern: string, s: string, nocase = false): boolean {
  return impl(pattern, 0, pattern.length, s, 0, s.length, nocase, { longer: false });
}
