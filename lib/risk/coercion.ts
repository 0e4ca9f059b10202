/**
 * Does `ALTER COLUMN … TYPE` rewrite the table? Only when the old type is known can we say "no":
 * binary-coercible changes (varchar(n)→varchar(m≥n), varchar→text, numeric(p,s)→numeric(p2≥p,s),
 * cidr→inet, …) only touch the catalog; every other change (int4→numeric, int4→text, varchar(50)→
 * varchar(20), …) rewrites the table and its indexes. (PostgreSQL's ATColumnChangeRequiresRewrite.)
 *
 * The old type comes, best first, from the schema the analysis tracks (the live environment's, then
 * every earlier CREATE TABLE / ADD COLUMN / ALTER COLUMN TYPE of the set), else from Alembic's
 * `existing_type=` (in the statement's origin, or as a `/* existing_type: varchar(50) *\/` comment in
 * the SQL). Without any:
 *   - a target type that a widening could produce (varchar, text, numeric, inet, varbit, timestamptz)
 *     is rated "possible rewrite" (rule alter-column-type-possible-rewrite, one level milder);
 *   - any other target type (int8, uuid, jsonb, …) is rated a rewrite: such a change is nearly always
 *     a real conversion.
 * A USING clause other than the column itself (or a cast of it) always rewrites.
 */

export type RewriteVerdict = 'no-rewrite' | 'rewrite' | 'possible-rewrite';

interface ParsedType {
  base: string;
  mods: number[];
  array: boolean;
}

const ALIASES: Record<string, string> = {
  'character varying': 'varchar',
  character: 'bpchar',
  char: 'bpchar',
  integer: 'int4',
  int: 'int4',
  smallint: 'int2',
  bigint: 'int8',
  decimal: 'numeric',
  real: 'float4',
  'double precision': 'float8',
  boolean: 'bool',
  'timestamp without time zone': 'timestamp',
  'timestamp with time zone': 'timestamptz',
  'bit varying': 'varbit',
  float: 'float8',
  // A serial column is an integer column with a sequence default.
  serial: 'int4',
  serial4: 'int4',
  bigserial: 'int8',
  serial8: 'int8',
  smallserial: 'int2',
  serial2: 'int2',
};

export function parseTypeString(text: string): ParsedType | null {
  // format_type prints the precision inside: `timestamp(3) with time zone`, `time(0) without time zone`.
  const tz = /^\s*(timestamp|time)\s*(\(\d+\))?\s+(with|without) time zone\s*(\[\])?\s*$/i.exec(text);
  if (tz) {
    const base = `${tz[1].toLowerCase()}${tz[3].toLowerCase() === 'with' ? 'tz' : ''}`;
    return { base, mods: tz[2] ? [Number(tz[2].slice(1, -1))] : [], array: Boolean(tz[4]) };
  }
  const m = /^\s*([a-z_][a-z0-9_ .]*?)\s*(?:\(([^)]*)\))?\s*(\[\])?\s*$/i.exec(text);
  if (!m) return null;
  let base = m[1].toLowerCase().replace(/^pg_catalog\./, '').replace(/\s+/g, ' ');
  base = ALIASES[base] ?? base;
  const mods = m[2] ? m[2].split(',').map((s) => Number(s.trim())).filter((n) => Number.isFinite(n)) : [];
  return { base, mods, array: Boolean(m[3]) };
}

/** Target types that a binary-coercible widening could produce. */
const WIDENING_TARGETS = new Set(['varchar', 'text', 'numeric', 'inet', 'varbit', 'timestamptz']);

export function alterTypeVerdict(target: string, existing: string | null, hasUsing: boolean): RewriteVerdict {
  const to = parseTypeString(target);
  if (!to) return 'rewrite';
  const from = existing ? parseTypeString(existing) : null;
  if (from) return !hasUsing && binaryCoercible(from, to) ? 'no-rewrite' : 'rewrite';
  if (hasUsing) return 'rewrite';
  return WIDENING_TARGETS.has(to.base) && !to.array ? 'possible-rewrite' : 'rewrite';
}

function binaryCoercible(from: ParsedType, to: ParsedType): boolean {
  if (from.array !== to.array) return false;
  const same = from.base === to.base;
  if (same && from.mods.join(',') === to.mods.join(',')) return true;
  const stringy = (b: string) => b === 'varchar' || b === 'text';
  if (stringy(from.base) && stringy(to.base)) {
    if (to.base === 'text' || to.mods.length === 0) return true; // unlimited target
    if (from.base === 'varchar' && from.mods.length > 0) return to.mods[0] >= from.mods[0];
    return false; // text/varchar → varchar(n) must check every value
  }
  if (same && from.base === 'varbit') return to.mods.length === 0 || (from.mods.length > 0 && to.mods[0] >= from.mods[0]);
  if (same && from.base === 'numeric') {
    if (to.mods.length === 0) return true;
    if (from.mods.length === 0) return false;
    const [fp, fs = 0] = from.mods;
    const [tp, ts = 0] = to.mods;
    return fs === ts && tp >= fp;
  }
  // timestamp_support / interval_support: raising (or dropping) the fractional-second precision is free.
  if (same && ['timestamp', 'timestamptz', 'time', 'timetz', 'interval'].includes(from.base)) {
    return to.mods.length === 0 || (from.mods.length > 0 && to.mods[0] >= from.mods[0]);
  }
  if (from.base === 'cidr' && to.base === 'inet') return true;
  return false;
}

/** SQLAlchemy type spellings (as written in `existing_type=`) → PostgreSQL type text. */
export function sqlalchemyTypeToPg(text: string): string | null {
  const m = /^(?:sa\.|sqlalchemy\.|postgresql\.|types\.|mysql\.)?([A-Za-z_]+)\s*(?:\((.*)\))?$/.exec(text.trim());
  if (!m) return null;
  const name = m[1];
  const args = (m[2] ?? '')
    .split(',')
    .map((a) => a.trim())
    .filter(Boolean)
    .map((a) => a.replace(/^(length|precision|scale)\s*=\s*/, ''))
    .filter((a) => /^\d+$/.test(a));
  const mods = args.length ? `(${args.join(',')})` : '';
  const map: Record<string, string> = {
    String: 'varchar', VARCHAR: 'varchar', Unicode: 'varchar', NVARCHAR: 'varchar',
    Text: 'text', TEXT: 'text', UnicodeText: 'text',
    Integer: 'int4', INTEGER: 'int4', BigInteger: 'int8', BIGINT: 'int8', SmallInteger: 'int2', SMALLINT: 'int2',
    Numeric: 'numeric', NUMERIC: 'numeric', DECIMAL: 'numeric',
    CIDR: 'cidr', INET: 'inet', CHAR: 'bpchar', Boolean: 'bool', BOOLEAN: 'bool',
    DateTime: 'timestamp', TIMESTAMP: 'timestamp', Date: 'date', DATE: 'date',
    UUID: 'uuid', JSON: 'json', JSONB: 'jsonb', Float: 'float8', FLOAT: 'float8', REAL: 'float4',
  };
  const pg = map[name];
  if (!pg) return null;
  if (pg === 'timestamp' && /timezone\s*=\s*True/.test(m[2] ?? '')) return 'timestamptz';
  return pg + (pg === 'varchar' || pg === 'numeric' || pg === 'bpchar' ? mods : '');
}

/**
 * The column's old type, when the migration says it: Alembic `existing_type=sa.String(50)` in the
 * statement origin, or a `/* existing_type: varchar(50) *\/` comment in the SQL.
 */
export function existingTypeFrom(origin: string | null, sql: string): string | null {
  const comment = /\/\*\s*existing_type\s*[:=]\s*([^*]+?)\s*\*\//i.exec(sql);
  if (comment) return sqlalchemyTypeToPg(comment[1]) ?? comment[1];
  if (!origin) return null;
  const m = /existing_type\s*=\s*([A-Za-z_.]+\s*(?:\([^)]*\))?)/.exec(origin);
  if (!m) return null;
  return sqlalchemyTypeToPg(m[1]);
}
