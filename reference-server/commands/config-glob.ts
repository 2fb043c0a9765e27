// Glob matching as Redis's stringmatchlen (src/util.c): * ? [abc] [^a-z] and \ escapes, with an
// optional case-insensitive mode. Used by CONFIG GET (case-insensitive) and available to others.

/** Whether `str` matches the glob `pattern` (byte strings). */
export function stringMatch(pattern: string, str: string, nocase: boolean): boolean {
  return matchFrom(pattern, 0, str, 0, nocase, 0);
}

function lower(c: string, nocase: boolean): string {
  return nocase ? c.toLowerCase() : c;
}

function matchFrom(p: string, pi: number, s: string, si: number, nocase: boolean, depth: number): boolean {
  // Redis caps recursion to avoid stack overflows on hostile patterns.
  if (depth > 1000) return false;
  while (pi < p.length && si <= s.length) {
    const c = p[pi]!;
    if (c === '*') {
      while (pi + 1 < p.length && p[pi + 1] === '*') pi++;
      if (pi + 1 === p.length) return true;
      for (let k = si; k <= s.length; k++) {
        if (matchFrom(p, pi + 1, s, k, nocase, depth + 1)) return true;
      }
      return false;
    }
    if (si >= s.length) return false;
    if (c === '?') {
      si++;
      pi++;
      continue;
    }
    if (c === '[') {
      pi++;
      const not = p[pi] === '^';
      if (not) pi++;
      let match = false;
      for (;;) {
        if (pi >= p.length) {
          pi--;
          break;
        }
        if (p[pi] === '\\' && pi + 1 < p.length) {
          pi++;
          if (p[pi] === s[si]) match = true;
        } else if (p[pi] === ']') {
          break;
        } else if (pi + 2 < p.length && p[pi + 1] === '-') {
          let start = p.charCodeAt(pi);
          let end = p.charCodeAt(pi + 2);
          let ch = s.charCodeAt(si);
          if (start > end) [start, end] = [end, start];
          if (nocase) {
            start = lower(String.fromCharCode(start), true).charCodeAt(0);
            end = lower(String.fromCharCode(end), true).charCodeAt(0);
            ch = lower(s[si]!, true).charCodeAt(0);
          }
          pi += 2;
          if (ch >= start && ch <= end) match = true;
        } else if (lower(p[pi]!, nocase) === lower(s[si]!, nocase)) {
          match = true;
        }
        pi++;
      }
      if (not) match = !match;
      if (!match) return false;
      si++;
      pi++;
      continue;
    }
    if (c === '\\' && pi + 1 < p.length) pi++;
    if (lower(p[pi]!, nocase) !== lower(s[si]!, nocase)) return false;
    si++;
    pi++;
  }
  while (pi < p.length && p[pi] === '*') pi++;
  return pi === p.length && si === s.length;
}
