import { parse, scanSync } from 'libpg-query';
import { UserInputError } from '../model/errors';

export interface SqlChunk {
  /** One statement's text, without the terminating `;`, leading/trailing comments or whitespace. */
  sql: string;
  /** 1-based line of the statement's first token within the whole input. */
  line: number;
}

interface RawStmt {
  stmt_location?: number;
  stmt_len?: number;
}

/**
 * Splits a SQL script into statements with the real PostgreSQL parser, so dollar-quoted bodies,
 * comments and semicolons inside strings are handled exactly as the server would.
 * A syntax error throws UserInputError `file:line: message`.
 */
export async function splitSql(source: string, file?: string): Promise<SqlChunk[]> {
  // Editors on Windows may save a byte-order mark, which the server would reject; tools strip it.
  const unmarked = source.charCodeAt(0) === 0xfeff ? source.slice(1) : source;
  // Old Mac line ends (CR only) count as lines too; same length, so every offset stays put.
  const sql = unmarked.includes('\r') ? unmarked.replace(/\r(?!\n)/g, '\n') : unmarked;
  if (sql.trim() === '') return [];
  const shape = scanShape(sql);
  if (shape.tooDeepAt !== null) {
    throw new UserInputError(`${file ?? '<sql>'}:${lineOfOffset(sql, shape.tooDeepAt)}: parentheses nested deeper than ${MAX_SQL_DEPTH} levels; not parsed`);
  }
  // The parser's memory grows with its input and is never given back: parse a large script in batches
  // of whole statements, each with its own line offset.
  const chunks: SqlChunk[] = [];
  let line = 1;
  let from = 0;
  for (const to of batchEnds(shape.ends, sql.length)) {
    const piece = sql.slice(from, to);
    for (const c of await splitPiece(piece, file, line - 1)) chunks.push(c);
    line += countNewlines(piece);
    from = to;
  }
  return chunks;
}

/** Statements at most this deep in parentheses are parsed; deeper ones overflow the parser's stack. */
export const MAX_SQL_DEPTH = 1000;
/** A script longer than this (in UTF-16 units) is parsed in batches of about this size. */
export const SQL_BATCH_CHARS = 256 * 1024;

function batchEnds(ends: number[], total: number): number[] {
  if (total <= SQL_BATCH_CHARS) return [total];
  const out: number[] = [];
  let start = 0;
  let last = 0;
  for (const end of ends) {
    if (end - start > SQL_BATCH_CHARS && last > start) {
      out.push(last);
      start = last;
    }
    last = end;
  }
  out.push(total);
  return out;
}

function countNewlines(s: string): number {
  let n = 0;
  for (let i = s.indexOf('\n'); i !== -1; i = s.indexOf('\n', i + 1)) n++;
  return n;
}

function lineOfOffset(s: string, offset: number): number {
  return countNewlines(s.slice(0, offset)) + 1;
}

/**
 * A lexical pass over the script (strings, quoted identifiers, dollar quotes, comments): the offsets just
 * after each top-level `;` (candidate batch ends), and where parentheses first nest too deep.
 * `BEGIN ATOMIC … END` bodies hold `;`s that do not end the statement; they are never batch ends.
 */
function scanShape(sql: string): { ends: number[]; tooDeepAt: number | null } {
  const ends: number[] = [];
  let depth = 0;
  let atomic = 0; // > 0 inside BEGIN ATOMIC: counts CASE/BEGIN … END pairs
  let prevWord = '';
  const n = sql.length;
  let i = 0;
  while (i < n) {
    const c = sql[i];
    if (c === "'" ) {
      const escapes = i > 0 && /[eE]/.test(sql[i - 1]) && (i < 2 || !/[\w$]/.test(sql[i - 2]));
      i++;
      while (i < n) {
        if (escapes && sql[i] === '\\') i += 2;
        else if (sql[i] === "'") {
          if (sql[i + 1] === "'") i += 2;
          else break;
        } else i++;
      }
      i++;
    } else if (c === '"') {
      const close = sql.indexOf('"', i + 1);
      i = close === -1 ? n : close + 1;
    } else if (c === '-' && sql[i + 1] === '-') {
      const nl = sql.indexOf('\n', i);
      i = nl === -1 ? n : nl + 1;
    } else if (c === '/' && sql[i + 1] === '*') {
      let nest = 0;
      while (i < n) {
        if (sql[i] === '/' && sql[i + 1] === '*') {
          nest++;
          i += 2;
        } else if (sql[i] === '*' && sql[i + 1] === '/') {
          nest--;
          i += 2;
          if (nest === 0) break;
        } else i++;
      }
    } else if (c === '$' && (i === 0 || !/[\w$]/.test(sql[i - 1]))) {
      const tag = /^\$([A-Za-z_\u0080-\uffff][\w\u0080-\uffff]*)?\$/.exec(sql.slice(i, i + 64));
      if (tag) {
        const close = sql.indexOf(tag[0], i + tag[0].length);
        i = close === -1 ? n : close + tag[0].length;
      } else i++;
    } else if (c === '(') {
      if (++depth > MAX_SQL_DEPTH) return { ends, tooDeepAt: i };
      i++;
    } else if (c === ')') {
      if (depth > 0) depth--;
      i++;
    } else if (c === ';') {
      i++;
      if (depth === 0 && atomic === 0) ends.push(i);
    } else if (/[A-Za-z_]/.test(c)) {
      let j = i + 1;
      while (j < n && /[\w$]/.test(sql[j])) j++;
      const word = sql.slice(i, j).toUpperCase();
      if (word === 'ATOMIC' && prevWord === 'BEGIN') atomic++;
      else if (atomic > 0 && (word === 'CASE' || word === 'BEGIN')) atomic++;
      else if (atomic > 0 && word === 'END') atomic--;
      prevWord = word;
      i = j;
    } else i++;
  }
  return { ends, tooDeepAt: null };
}

/** Splits one batch of whole statements; `lineBase` is the number of lines before it in the script. */
async function splitPiece(sql: string, file: string | undefined, lineBase: number): Promise<SqlChunk[]> {
  if (sql.trim() === '') return [];
  let stmts: RawStmt[];
  try {
    const result = await parse(sql);
    stmts = (result.stmts ?? []) as RawStmt[];
  } catch (error) {
    throw syntaxError(sql, error, file, lineBase);
  }
  if (stmts.length === 0) return [];

  // libpg-query reports byte offsets into the UTF-8 encoding; plain ASCII needs no conversion.
  const ascii = isAscii(sql);
  const bytes = ascii ? null : Buffer.from(sql, 'utf8');
  const total = bytes ? bytes.length : sql.length;
  const text = (from: number, to: number): string =>
    bytes ? bytes.subarray(from, to).toString('utf8') : sql.slice(from, to);

  const lineStarts = newlineOffsets(bytes ?? sql);
  const chunks: SqlChunk[] = [];
  for (const stmt of stmts) {
    const from = stmt.stmt_location ?? 0;
    const to = stmt.stmt_len ? from + stmt.stmt_len : total;
    const raw = text(from, to);
    const lead = leadingTrivia(raw);
    let body = raw.slice(lead).replace(/\s+$/, '');
    if (stmt.stmt_len === undefined || stmt.stmt_len === 0) body = stripTrailingComments(body);
    if (body === '') continue;
    const leadBytes = bytes ? Buffer.byteLength(raw.slice(0, lead), 'utf8') : lead;
    chunks.push({ sql: body, line: lineBase + lineAt(lineStarts, from + leadBytes) });
  }
  return chunks;
}

function isAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0x7f) return false;
  return true;
}

/** Offsets (bytes or chars, matching the input) at which each line after the first starts. */
function newlineOffsets(src: string | Buffer): number[] {
  const starts: number[] = [];
  if (typeof src === 'string') {
    for (let i = src.indexOf('\n'); i !== -1; i = src.indexOf('\n', i + 1)) starts.push(i + 1);
  } else {
    for (let i = src.indexOf(0x0a); i !== -1; i = src.indexOf(0x0a, i + 1)) starts.push(i + 1);
  }
  return starts;
}

/** 1-based line of `offset`: one plus the number of line starts at or before it (binary search). */
function lineAt(lineStarts: number[], offset: number): number {
  let lo = 0;
  let hi = lineStarts.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (lineStarts[mid] <= offset) lo = mid + 1;
    else hi = mid;
  }
  return lo + 1;
}

/** Length of the whitespace and comments (`--`, nested `/* *\/`) that open `s`. */
function leadingTrivia(s: string): number {
  let i = 0;
  for (;;) {
    while (i < s.length && /\s/.test(s[i])) i++;
    if (s.startsWith('--', i)) {
      const nl = s.indexOf('\n', i);
      i = nl === -1 ? s.length : nl + 1;
    } else if (s.startsWith('/*', i)) {
      let depth = 0;
      while (i < s.length) {
        if (s.startsWith('/*', i)) {
          depth++;
          i += 2;
        } else if (s.startsWith('*/', i)) {
          depth--;
          i += 2;
          if (depth === 0) break;
        } else i++;
      }
    } else return i;
  }
}

/**
 * The last statement of a script runs to the end of the input, so it may carry trailing comments;
 * dropping them keeps a `-- note` from swallowing a `;` when statements are joined again.
 */
function stripTrailingComments(body: string): string {
  const tokens = scanSync(body).tokens;
  for (let i = tokens.length - 1; i >= 0; i--) {
    const t = tokens[i];
    if (t.tokenName === 'SQL_COMMENT' || t.tokenName === 'C_COMMENT') continue;
    // scan offsets are bytes too
    return Buffer.from(body, 'utf8').subarray(0, t.end).toString('utf8').replace(/\s+$/, '');
  }
  return '';
}

function syntaxError(sql: string, error: unknown, file: string | undefined, lineBase: number): UserInputError {
  const where = (line: number | null) => [file ?? '<sql>', line === null ? null : lineBase + line].filter((x) => x !== null).join(':');
  if (error instanceof RangeError) {
    // The parser (or the JSON of its tree) overflowed the stack: deep nesting that the depth scan missed.
    return new UserInputError(`${where(1)}: statement nested too deeply to parse`, { cause: error });
  }
  const details = (error as { sqlDetails?: { message?: string; cursorPosition?: number } } | null)?.sqlDetails;
  const message = details?.message ?? errorText(error);
  // cursorPosition counts code points from 0 (not bytes, not UTF-16 units).
  const line = details?.cursorPosition !== undefined ? lineOfCodePoint(sql, details.cursorPosition) : null;
  return new UserInputError(`${where(line)}: ${message}`, { cause: error });
}

/** A message for anything thrown, never `[object Object]`. */
export function errorText(error: unknown): string {
  if (error instanceof Error && error.message) return error.message.split('\n')[0];
  if (typeof error === 'string' && error) return error.split('\n')[0];
  const message = (error as { message?: unknown } | null)?.message;
  if (typeof message === 'string' && message) return message.split('\n')[0];
  return 'the SQL parser failed';
}

function lineOfCodePoint(sql: string, cursor: number): number {
  let line = 1;
  let seen = 0;
  for (const ch of sql) {
    if (seen >= cursor) break;
    if (ch === '\n') line++;
    seen++;
  }
  return line;
}
