// Splits an inline request line into arguments the way Redis's sdssplitargs (src/sds.c) does:
// whitespace separated, "double quotes" with \n \r \t \b \a \\ \" \xHH escapes, 'single quotes' with \'.

function isSpace(c: string): boolean {
  return c === ' ' || c === '\n' || c === '\r' || c === '\t' || c === '\v' || c === '\f';
}

function isHex(c: string): boolean {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

function hexValue(c: string): number {
  return parseInt(c, 16);
}

/** Returns the arguments as byte strings, or null on unbalanced quotes. */
export function splitInlineArgs(line: string): string[] | null {
  const out: string[] = [];
  let i = 0;
  const n = line.length;
  for (;;) {
    while (i < n && isSpace(line[i]!)) i++;
    if (i >= n) return out;
    let inDq = false;
    let inSq = false;
    let current = '';
    let done = false;
    while (!done) {
      const c = i < n ? line[i]! : '';
      if (inDq) {
        if (c === '') return null;
        if (c === '\\' && line[i + 1] === 'x' && i + 3 < n && isHex(line[i + 2]!) && isHex(line[i + 3]!)) {
          current += String.fromCharCode(hexValue(line[i + 2]!) * 16 + hexValue(line[i + 3]!));
          i += 3;
        } else if (c === '\\' && i + 1 < n) {
          i++;
          const e = line[i]!;
          current += e === 'n' ? '\n' : e === 'r' ? '\r' : e === 't' ? '\t' : e === 'b' ? '\b' : e === 'a' ? '\x07' : e;
        } else if (c === '"') {
          // A closing quote must be followed by a space or the end.
          if (i + 1 < n && !isSpace(line[i + 1]!)) return null;
          done = true;
        } else {
          current += c;
        }
      } else if (inSq) {
        if (c === '') return null;
        if (c === '\\' && line[i + 1] === "'") {
          i++;
          current += "'";
        } else if (c === "'") {
          if (i + 1 < n && !isSpace(line[i + 1]!)) return null;
          done = true;
        } else {
          current += c;
        }
      } else {
        if (c === '' || isSpace(c)) {
          done = true;
        } else if (c === '"') {
          inDq = true;
        } else if (c === "'") {
          inSq = true;
        } else {
          current += c;
        }
      }
      if (i < n) i++;
    }
    out.push(current);
  }
}
