/**
 * A thin typed wrapper over libpg-query (the real PostgreSQL parser compiled to WASM).
 *
 * The WASM module loads once per process (libpg-query caches it); `parseStatement` is the only
 * entry point that touches it. Everything else here reads the JSON AST it returns.
 */
import { parse } from 'libpg-query';
import type { Node, RangeVar, TypeName } from 'libpg-query';
import { errorText } from './split';

export type { Node, RangeVar, TypeName };

/** One statement of the parsed text, with where it sits in that text. */
export interface ParsedStmt {
  /** Node tag, e.g. `AlterTableStmt`, `IndexStmt`. */
  kind: string;
  /** The node body (the object under the tag). */
  node: Record<string, unknown>;
  /** The statement's own text, trimmed. */
  sql: string;
  /** 0-based line of the statement's first character within the parsed text. */
  lineOffset: number;
}

/** The parser rejected the text. `lineOffset` is 0-based within the parsed text. */
export class SqlParseError extends Error {
  constructor(
    message: string,
    readonly position: number | null,
    readonly lineOffset: number,
  ) {
    super(message);
    this.name = 'SqlParseError';
  }
}

/** Parses one (or several `;`-separated) SQL statements. Throws SqlParseError on bad SQL. */
export async function parseStatement(sql: string): Promise<ParsedStmt[]> {
  let result;
  try {
    result = await parse(sql);
  } catch (err) {
    // A stack overflow (deep nesting) is bad input, not a crash: one line, at the statement's start.
    if (err instanceof RangeError) throw new SqlParseError('statement nested too deeply to parse', null, 0);
    const details = (err as { sqlDetails?: { cursorPosition?: number; message?: string } } | null)?.sqlDetails;
    const message = details?.message ?? errorText(err);
    // cursorPosition is a 0-based byte offset into the UTF-8 text.
    const pos = typeof details?.cursorPosition === 'number' ? byteToCharOffset(sql, details.cursorPosition) : null;
    throw new SqlParseError(message, pos, pos === null ? 0 : countNewlines(sql, pos));
  }
  const bytes = Buffer.from(sql, 'utf8');
  const out: ParsedStmt[] = [];
  for (const raw of result.stmts ?? []) {
    if (!raw.stmt) continue;
    const [kind, node] = Object.entries(raw.stmt)[0] as [string, Record<string, unknown>];
    // stmt_location / stmt_len are byte offsets; stmt_len 0 means "to the end".
    const start = raw.stmt_location ?? 0;
    const end = raw.stmt_len ? start + raw.stmt_len : bytes.length;
    const text = bytes.subarray(start, end).toString('utf8');
    const lead = text.length - text.trimStart().length;
    const startChar = byteToCharOffset(sql, start) + lead;
    out.push({ kind, node, sql: text.trim(), lineOffset: countNewlines(sql, startChar) });
  }
  return out;
}

function byteToCharOffset(text: string, byteOffset: number): number {
  return Buffer.from(text, 'utf8').subarray(0, byteOffset).toString('utf8').length;
}

function countNewlines(text: string, end: number): number {
  let n = 0;
  for (let i = 0; i < end && i < text.length; i++) if (text.charCodeAt(i) === 10) n++;
  return n;
}

// ---------------------------------------------------------------------------------------------
// AST readers

/** The body of `node` when its tag is `kind`, else undefined. */
export function nodeOf<T = Record<string, unknown>>(node: unknown, kind: string): T | undefined {
  if (!node || typeof node !== 'object') return undefined;
  return (node as Record<string, unknown>)[kind] as T | undefined;
}

/** The tag of a Node (`{ Tag: {...} }`), or undefined. */
export function tagOf(node: unknown): string | undefined {
  if (!node || typeof node !== 'object' || Array.isArray(node)) return undefined;
  const keys = Object.keys(node);
  return keys.length === 1 ? keys[0] : undefined;
}

/** A relation name as written: schema is null when the statement did not name one. */
export interface QualifiedName {
  schema: string | null;
  name: string;
}

export function rangeVarName(rv: RangeVar | undefined): QualifiedName | null {
  if (!rv?.relname) return null;
  return { schema: rv.schemaname ?? null, name: rv.relname };
}

/** `schema.name`, or `name` when no schema was written. */
export function formatQualified(q: QualifiedName): string {
  return q.schema ? `${q.schema}.${q.name}` : q.name;
}

/** The `sval`s of a list of String nodes (e.g. `funcname`, `TypeName.names`). */
export function stringList(nodes: unknown[] | undefined): string[] {
  return (nodes ?? []).map((n) => nodeOf<{ sval?: string }>(n, 'String')?.sval ?? '').filter((s) => s !== '');
}

/** A qualified name from a name list (`List{items:[String…]}` or `String`), as used by DropStmt. */
export function nameListQualified(node: unknown): QualifiedName | null {
  const items = nodeOf<{ items?: unknown[] }>(node, 'List')?.items;
  const parts = items ? stringList(items) : stringList([node]);
  if (parts.length === 0) return null;
  const name = parts[parts.length - 1];
  return { schema: parts.length > 1 ? parts[parts.length - 2] : null, name };
}

/** An integer A_Const's value (libpg-query omits `ival` when it is 0). */
export function intConst(node: unknown): number | null {
  const c = nodeOf<{ ival?: { ival?: number } }>(node, 'A_Const');
  if (!c || !c.ival) return null;
  return c.ival.ival ?? 0;
}

/** A type as a short canonical string: `varchar(20)`, `numeric(10,2)`, `text`, `int4[]`. */
export function typeNameToString(t: TypeName | undefined): string {
  if (!t) return '';
  const names = stringList(t.names).filter((n, i, all) => !(n === 'pg_catalog' && all.length > 1 && i === 0));
  const base = names.join('.');
  const mods = (t.typmods ?? []).map(intConst).filter((n): n is number => n !== null);
  const arr = t.arrayBounds && t.arrayBounds.length > 0 ? '[]' : '';
  return `${base}${mods.length ? `(${mods.join(',')})` : ''}${arr}`;
}

/**
 * Visits every node object in an AST subtree (depth first, in document order), including `root` itself.
 * Iterative: a tree of thousands of nested subselects must not overflow the stack.
 */
export function walk(root: unknown, visit: (tag: string, body: Record<string, unknown>) => void): void {
  // Each entry is a value to descend into, or a tagged node to visit right before its subtree.
  const stack: Array<{ value: unknown; tag?: string }> = [{ value: root }];
  while (stack.length > 0) {
    const { value, tag } = stack.pop()!;
    if (tag !== undefined) visit(tag, value as Record<string, unknown>);
    if (!value || typeof value !== 'object') continue;
    if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) stack.push({ value: value[i] });
      continue;
    }
    const children = Object.entries(value).filter(([, child]) => child && typeof child === 'object');
    for (let i = children.length - 1; i >= 0; i--) {
      const [key, child] = children[i];
      stack.push(!Array.isArray(child) && /^[A-Z]/.test(key) ? { value: child, tag: key } : { value: child });
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Memoized parsing: the same migration is rated once per environment; parse its SQL only once.

const CACHE_LIMIT = 10_000;
const cache = new Map<string, Promise<ParsedStmt[]>>();

/** parseStatement with a bounded per-process cache (results are treated as read-only). */
export function parseStatementCached(sql: string): Promise<ParsedStmt[]> {
  let hit = cache.get(sql);
  if (!hit) {
    if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
    hit = parseStatement(sql);
    cache.set(sql, hit);
  }
  return hit;
}
