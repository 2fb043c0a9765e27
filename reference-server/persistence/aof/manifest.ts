// The Redis 7 multi-part AOF manifest (src/aof.c): one line per file, `file <name> seq <n> type
// b|h|i`, BASE first, then HISTORY, then INCR in ascending sequence. Parsing is as strict as
// aofLoadManifestFromFile: any defect is an AofManifestError naming the line.

import { splitInlineArgs } from '../../resp/inline-args.js';

export type AofFileType = 'b' | 'h' | 'i'; // BASE, HISTORY, INCR

export interface AofInfo {
  name: string;
  seq: number;
  type: AofFileType;
}

export const BASE_FILE_SUFFIX = '.base'; // BASE_FILE_SUFFIX in aof.c
export const INCR_FILE_SUFFIX = '.incr'; // INCR_FILE_SUFFIX
export const RDB_FORMAT_SUFFIX = '.rdb'; // base written with an RDB preamble
export const AOF_FORMAT_SUFFIX = '.aof'; // commands
export const MANIFEST_NAME_SUFFIX = '.manifest';
export const TEMP_FILE_NAME_PREFIX = 'temp-';
const MANIFEST_MAX_LINE = 1024;

/** A manifest that cannot be used; the server must refuse to start. */
export class AofManifestError extends Error {
  constructor(
    readonly reason: string,
    readonly lineNumber?: number,
    readonly line?: string,
  ) {
    super(lineNumber !== undefined ? `${reason} (manifest line ${lineNumber}: '${line}')` : reason);
  }
}

/** The manifest: at most one BASE, HISTORY files awaiting deletion, INCR files in order. */
export class AofManifest {
  base: AofInfo | undefined;
  history: AofInfo[] = [];
  incr: AofInfo[] = [];
  currBaseSeq = 0;
  currIncrSeq = 0;

  clone(): AofManifest {
    const m = new AofManifest();
    m.base = this.base && { ...this.base };
    m.history = this.history.map((a) => ({ ...a }));
    m.incr = this.incr.map((a) => ({ ...a }));
    m.currBaseSeq = this.currBaseSeq;
    m.currIncrSeq = this.currIncrSeq;
    return m;
  }

  /** The manifest's text, as getAofManifestAsString writes it. */
  toString(): string {
    const line = (a: AofInfo) => `file ${quoteIfNeeded(a.name)} seq ${a.seq} type ${a.type}\n`;
    return [...(this.base ? [this.base] : []), ...this.history, ...this.incr].map(line).join('');
  }

  /** getNewBaseFileNameAndMarkPreAsHistory: a new BASE name; the old BASE becomes HISTORY. */
  newBase(appendFilename: string, rdbPreamble: boolean): string {
    if (this.base) this.history.unshift({ ...this.base, type: 'h' });
    const seq = ++this.currBaseSeq;
    const name = `${appendFilename}.${seq}${BASE_FILE_SUFFIX}${rdbPreamble ? RDB_FORMAT_SUFFIX : AOF_FORMAT_SUFFIX}`;
    this.base = { name, seq, type: 'b' };
    return name;
  }

  /** getNewIncrAofName: appends a new INCR file and returns its name. */
  newIncr(appendFilename: string): string {
    const seq = ++this.currIncrSeq;
    const name = `${appendFilename}.${seq}${INCR_FILE_SUFFIX}${AOF_FORMAT_SUFFIX}`;
    this.incr.push({ name, seq, type: 'i' });
    return name;
  }

  /** The INCR file being appended to (creating its entry when there is none). */
  lastIncr(appendFilename: string): string {
    return this.incr.length ? this.incr[this.incr.length - 1]!.name : this.newIncr(appendFilename);
  }

  /** markRewrittenIncrAofAsHistory: every INCR but the one being written (if `keepLast`) becomes HISTORY. */
  markRewrittenIncrAsHistory(keepLast: boolean): void {
    const keep = keepLast && this.incr.length ? [this.incr[this.incr.length - 1]!] : [];
    const moved = this.incr.slice(0, this.incr.length - keep.length);
    for (let i = moved.length - 1; i >= 0; i--) this.history.unshift({ ...moved[i]!, type: 'h' });
    this.incr = keep;
  }

  /** Every file the manifest names, BASE first then INCR in order (HISTORY excluded). */
  loadOrder(): AofInfo[] {
    return [...(this.base ? [this.base] : []), ...this.incr];
  }
}

function quoteIfNeeded(name: string): string {
  if (/^[\x21-\x7e]+$/.test(name) && !/["'\\]/.test(name)) return name;
  let out = '"';
  for (const ch of name) {
    const c = ch.charCodeAt(0);
    if (ch === '\\' || ch === '"') out += '\\' + ch;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (c < 33 || c > 126) out += '\\x' + c.toString(16).padStart(2, '0');
    else out += ch;
  }
  return out + '"';
}

/** Parses a manifest's text exactly as strictly as Redis 7.0 does. */
export function parseManifest(text: string): AofManifest {
  const m = new AofManifest();
  if (text.length === 0) throw new AofManifestError('Found an empty AOF manifest');
  let maxSeq = 0;
  const rawLines = text.split(/(?<=\n)/);
  let lineNumber = 0;
  for (const raw of rawLines) {
    lineNumber++;
    if (raw.startsWith('#')) continue;
    if (!raw.endsWith('\n') || raw.length > MANIFEST_MAX_LINE + 1) {
      // fgets with a 1024-byte buffer: a line without its newline (too long, or an unterminated
      // last line) is refused with this message by aofLoadManifestFromFile.
      throw new AofManifestError('The AOF manifest file contains too long line', lineNumber, raw.trim());
    }
    const line = raw.replace(/^[ \t\r\n]+|[ \t\r\n]+$/g, '');
    if (line.length === 0) throw new AofManifestError('Invalid AOF manifest file format', lineNumber, line);
    const argv = splitInlineArgs(line);
    if (argv === null || argv.length < 6 || argv.length % 2 !== 0) throw new AofManifestError('Invalid AOF manifest file format', lineNumber, line);
    let name: string | undefined;
    let seq = 0;
    let type = '';
    for (let i = 0; i < argv.length; i += 2) {
      const k = argv[i]!.toLowerCase();
      if (k === 'file') {
        name = argv[i + 1]!;
        if (name.includes('/')) throw new AofManifestError("File can't be a path, just a filename", lineNumber, line);
      } else if (k === 'seq') {
        seq = parseInt(argv[i + 1]!, 10) || 0; // atoll semantics: garbage reads as 0
      } else if (k === 'type') {
        type = argv[i + 1]![0] ?? '';
      }
    }
    if (!name || !seq || !type) throw new AofManifestError('Invalid AOF manifest file format', lineNumber, line);
    if (type === 'b') {
      if (m.base) throw new AofManifestError('Found duplicate base file information', lineNumber, line);
      m.base = { name, seq, type: 'b' };
      m.currBaseSeq = seq;
    } else if (type === 'h') {
      m.history.push({ name, seq, type: 'h' });
    } else if (type === 'i') {
      if (seq <= maxSeq) throw new AofManifestError('Found a non-monotonic sequence number', lineNumber, line);
      m.incr.push({ name, seq, type: 'i' });
      m.currIncrSeq = seq;
      maxSeq = seq;
    } else {
      throw new AofManifestError('Unknown AOF file type', lineNumber, line);
    }
  }
  return m;
}
