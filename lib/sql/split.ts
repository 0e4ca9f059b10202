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
  const sql = source.charCodeAt(0) === 0xfeff ? source.slice(1) : source;
  if (sql.trim() === '') return [];
  let stmts: RawStmt[];
  try {
    const result = await parse(sql);
    stmts = (result.stmts ?? []) as RawStmt[];
  } catch (error) {
    throw syntaxError(sql, error, file);
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
    chunks.push({ sql: body, line: lineAt(lineStarts, from + leadBytes) });
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

function syntaxError(sql: string, error: unknown, file?: string): UserInputError {
  const details = (error as { sqlDetails?: { message?: string; cursorPosition?: number } }).sqlDetails;
  const message = details?.message ?? (error instanceof Error ? error.message : String(error));
  // cursorPosition counts code points from 0 (not bytes, not UTF-16 units).
  const line = details?.cursorPosition !== undefined ? lineOfCodePoint(sql, details.cursorPosition) : null;
  const where = [file ?? '<sql>', line].filter((x) => x !== null).join(':');
  return new UserInputError(`${where}: ${message}`, { cause: error });
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
