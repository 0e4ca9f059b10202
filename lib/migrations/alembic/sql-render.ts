import { currentTypeResolver } from './project-types';
import { baseName, type PyValue, strOf } from './py-value';

/**
 * SQL text exactly as SQLAlchemy 1.4's PostgreSQL dialect renders it: identifiers quoted only when needed,
 * types spelled the SQLAlchemy way, server defaults rendered with literal binds.
 */

// sqlalchemy.dialects.postgresql.base.RESERVED_WORDS (1.4)
const RESERVED = new Set(
  ('all analyse analyze and any array as asc asymmetric authorization between binary both case cast check collate column ' +
    'constraint create cross current_catalog current_date current_role current_schema current_time current_timestamp ' +
    'current_user default deferrable desc distinct do else end except false fetch for foreign freeze from full grant group ' +
    'having ilike in initially inner intersect into is isnull join leading left like limit localtime localtimestamp natural ' +
    'new not notnull null of off offset old on only or order outer over overlaps placing primary references returning right ' +
    'select session_user similar some symmetric table then to trailing true union unique user using variadic verbose when ' +
    'where window with').split(' '),
);

export function quoteIdent(name: string): string {
  const needs = RESERVED.has(name.toLowerCase()) || /^[0-9$]/.test(name) || !/^[a-z0-9_$]+$/i.test(name) || name.toLowerCase() !== name;
  return needs ? `"${name.replace(/"/g, '""')}"` : name;
}

export function qualified(schema: string | null, name: string): string {
  return schema ? `${quoteIdent(schema)}.${quoteIdent(name)}` : quoteIdent(name);
}

export function sqlString(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

/** Thrown while rendering when a value is outside what Driftboard understands; becomes an Unanalyzed entry. */
export class NotUnderstood extends Error {
  constructor(
    message: string,
    readonly value: PyValue | null = null,
  ) {
    super(message);
  }
}

export interface EnumType {
  name: string;
  schema: string | null;
  values: string[];
  /** False for `create_type=False`: the type already exists. */
  createType: boolean;
}

export interface RenderedType {
  sql: string;
  /** Set for integer types, which become SERIAL/BIGSERIAL/SMALLSERIAL as an autoincrement primary key. */
  serial: string | null;
  enum: EnumType | null;
}

function num(v: PyValue | undefined): number | null {
  return v?.kind === 'num' ? v.value : null;
}

function bool(v: PyValue | undefined): boolean | null {
  if (v?.kind === 'bool') return v.value;
  if (v?.kind === 'none') return null;
  return null;
}

/** `String(255)`, `String(length=255)`: positional or keyword argument. */
function arg(call: PyValue & { kind: 'call' }, index: number, kw: string): PyValue | undefined {
  return call.kwargs.get(kw) ?? call.args[index];
}

const SIMPLE_TYPES: Record<string, string> = {
  Integer: 'INTEGER', INTEGER: 'INTEGER', INT: 'INTEGER',
  BigInteger: 'BIGINT', BIGINT: 'BIGINT',
  SmallInteger: 'SMALLINT', SMALLINT: 'SMALLINT',
  Text: 'TEXT', TEXT: 'TEXT', UnicodeText: 'TEXT',
  Boolean: 'BOOLEAN', BOOLEAN: 'BOOLEAN',
  Date: 'DATE', DATE: 'DATE',
  JSON: 'JSON', JSONB: 'JSONB',
  UUID: 'UUID', Uuid: 'UUID',
  LargeBinary: 'BYTEA', BYTEA: 'BYTEA', BLOB: 'BYTEA',
  REAL: 'REAL', DOUBLE_PRECISION: 'DOUBLE PRECISION', DOUBLE: 'DOUBLE PRECISION', Double: 'DOUBLE PRECISION',
  INET: 'INET', CIDR: 'CIDR', MACADDR: 'MACADDR', MACADDR8: 'MACADDR8', MONEY: 'MONEY', OID: 'OID', REGCLASS: 'REGCLASS',
  TSVECTOR: 'TSVECTOR', TSQUERY: 'TSQUERY', HSTORE: 'HSTORE', CITEXT: 'CITEXT',
  INT4RANGE: 'INT4RANGE', INT8RANGE: 'INT8RANGE', NUMRANGE: 'NUMRANGE', DATERANGE: 'DATERANGE', TSRANGE: 'TSRANGE', TSTZRANGE: 'TSTZRANGE',
};
const SERIAL: Record<string, string> = { INTEGER: 'SERIAL', BIGINT: 'BIGSERIAL', SMALLINT: 'SMALLSERIAL' };

function precisionSuffix(p: number | null): string {
  return p === null ? '' : `(${p})`;
}

/** Thrown when a type expression is not one Driftboard can render: the column keeps a placeholder type. */
export class UnknownType extends NotUnderstood {}

/** A type given as its SQL (a resolved project or third-party type). */
export function builtinType(sql: string): RenderedType {
  return { sql, serial: SERIAL[sql] ?? null, enum: null };
}

/**
 * Renders a type expression (`sa.String(255)`, `postgresql.JSONB`, `sa.Enum(..., name=...)`, a project's
 * `GUID()`): project and third-party types through the current file's TypeResolver, SQLAlchemy's by name.
 */
export function renderType(v: PyValue): RenderedType {
  const resolved = currentTypeResolver()?.resolve(v) ?? null;
  if (resolved?.kind === 'rendered') return resolved.type;
  if (resolved?.kind === 'unresolved') throw new UnknownType(resolved.reason, v);
  return renderBuiltinType(v);
}

/** `JSON().with_variant(JSONB(), "postgresql")`: the variant for PostgreSQL, else the base type. */
function variantFor(call: PyValue & { kind: 'call' }): PyValue {
  const dialects = call.args.slice(1).flatMap((a) => (a.kind === 'seq' ? a.items : [a])).map(strOf);
  const dialect = call.kwargs.get('dialect_name');
  if (dialect) dialects.push(strOf(dialect));
  if (dialects.some((d) => d === null) || !call.args[0]) throw new UnknownType('with_variant() arguments not understood', call);
  return dialects.includes('postgresql') ? call.args[0] : call.receiver!;
}

/** SQLAlchemy's own types, by name (nested types still go through the resolver). */
export function renderBuiltinType(v: PyValue): RenderedType {
  if (v.kind === 'call' && v.func === '.with_variant' && v.receiver) return renderType(variantFor(v));
  let call: PyValue & { kind: 'call' };
  if (v.kind === 'name') call = { kind: 'call', func: v.name, receiver: null, args: [], kwargs: new Map(), node: v.node };
  else if (v.kind === 'call' && !v.receiver) call = v;
  else throw new UnknownType('type expression not understood', v);
  const type = baseName(call.func);
  const plain = (sql: string): RenderedType => ({ sql, serial: SERIAL[sql] ?? null, enum: null });

  if (SIMPLE_TYPES[type]) return plain(SIMPLE_TYPES[type]);
  switch (type) {
    case 'String':
    case 'VARCHAR':
    case 'Unicode':
    case 'AutoString':
    case 'CHAR':
    case 'NCHAR': {
      const len = num(arg(call, 0, 'length'));
      const collation = strOf(call.kwargs.get('collation'));
      const base = type === 'CHAR' || type === 'NCHAR' ? 'CHAR' : 'VARCHAR';
      return plain(`${base}${precisionSuffix(len)}${collation ? ` COLLATE "${collation}"` : ''}`);
    }
    case 'DateTime':
    case 'TIMESTAMP':
    case 'Time':
    case 'TIME': {
      const tz = bool(arg(call, 0, 'timezone')) === true;
      const precision = type === 'TIMESTAMP' || type === 'TIME' ? num(call.kwargs.get('precision')) : null;
      const base = type === 'Time' || type === 'TIME' ? 'TIME' : 'TIMESTAMP';
      return plain(`${base}${precisionSuffix(precision)} ${tz ? 'WITH' : 'WITHOUT'} TIME ZONE`);
    }
    case 'Numeric':
    case 'NUMERIC':
    case 'DECIMAL': {
      const p = num(arg(call, 0, 'precision'));
      const s = num(arg(call, 1, 'scale'));
      const base = type === 'DECIMAL' ? 'DECIMAL' : 'NUMERIC';
      if (p === null) return plain(base);
      return plain(s === null ? `${base}(${p})` : `${base}(${p}, ${s})`);
    }
    case 'Float':
    case 'FLOAT':
      return plain(`FLOAT${precisionSuffix(num(arg(call, 0, 'precision')))}`);
    case 'Interval':
    case 'INTERVAL': {
      const fields = strOf(call.kwargs.get('fields'));
      const precision = num(call.kwargs.get('precision'));
      return plain(`INTERVAL${fields ? ` ${fields}` : ''}${precisionSuffix(precision)}`);
    }
    case 'ARRAY': {
      const inner = arg(call, 0, 'item_type');
      if (!inner) throw new NotUnderstood('ARRAY without an item type', v);
      const dims = num(call.kwargs.get('dimensions')) ?? 1;
      const item = renderType(inner);
      return { sql: item.sql + '[]'.repeat(dims), serial: null, enum: item.enum };
    }
    case 'Enum':
    case 'ENUM': {
      const values = call.args.map((a) => strOf(a));
      if (values.some((x) => x === null)) throw new NotUnderstood('Enum values are not string literals', v);
      const name = strOf(call.kwargs.get('name'));
      const schema = strOf(call.kwargs.get('schema'));
      if (bool(call.kwargs.get('native_enum')) === false) {
        const len = num(call.kwargs.get('length')) ?? Math.max(0, ...values.map((x) => x!.length));
        return plain(`VARCHAR(${len})`);
      }
      if (!name) throw new NotUnderstood('a PostgreSQL Enum needs name=', v);
      // Only postgresql.ENUM honours create_type=False; SQLAlchemy 1.4's generic sa.Enum ignores it.
      const createType = type === 'Enum' || bool(call.kwargs.get('create_type')) !== false;
      const enumType: EnumType = { name, schema, values: values as string[], createType };
      return { sql: qualified(schema, name), serial: null, enum: enumType };
    }
    default:
      throw new UnknownType(`unknown column type ${call.func}`, v);
  }
}

// SQLAlchemy renders these ANSI functions without parentheses.
const ANSI_FUNCTIONS = new Set(['current_date', 'current_time', 'current_timestamp', 'current_user', 'localtime', 'localtimestamp', 'session_user', 'user']);

/** `sa.text('x')` / `text('x')` → its SQL; null when `v` is not a text() call. */
export function textOf(v: PyValue | undefined): string | null {
  if (v?.kind === 'call' && !v.receiver && ['text', 'literal_column'].includes(baseName(v.func)) && v.args.length === 1) {
    return strOf(v.args[0]);
  }
  return null;
}

/** A SQL expression: `sa.text(...)`, `sa.func.now()`, `sa.true()`, or a plain string taken as SQL. */
export function renderExpression(v: PyValue): string {
  if (v.kind === 'str') return v.value;
  const text = textOf(v);
  if (text !== null) return text;
  return renderSqlValue(v);
}

// SQLAlchemy ColumnOperators methods and the SQL they render.
const METHOD_OPERATORS: Record<string, string> = { like: 'LIKE', ilike: 'ILIKE', notlike: 'NOT LIKE', not_like: 'NOT LIKE', notilike: 'NOT ILIKE', not_ilike: 'NOT ILIKE' };

function renderSqlValue(v: PyValue): string {
  if (v.kind === 'str') return sqlString(v.value);
  if (v.kind === 'num') return v.text;
  if (v.kind === 'bool') return v.value ? 'true' : 'false';
  if (v.kind === 'none') return 'NULL';
  if (v.kind === 'op') {
    if (v.op === 'NOT') return `NOT (${renderSqlValue(v.operands[0])})`;
    const [l, r] = v.operands.map(renderOperand);
    return `${l} ${v.op} ${r}`;
  }
  if (v.kind === 'call' && v.receiver) {
    // `sa.column('status').in_(['a', 'b'])`, `.is_(None)`, `.between(1, 5)`, `.like('x%')`
    const method = v.func.slice(1);
    const self = renderOperand(v.receiver);
    const items = v.args[0]?.kind === 'seq' ? v.args[0].items : null;
    if ((method === 'in_' || method === 'notin_' || method === 'not_in') && items) return `${self} ${method === 'in_' ? 'IN' : 'NOT IN'} (${items.map(renderSqlValue).join(', ')})`;
    if ((method === 'is_' || method === 'isnot' || method === 'is_not') && v.args.length === 1) return `${self} ${method === 'is_' ? 'IS' : 'IS NOT'} ${renderSqlValue(v.args[0])}`;
    if (method === 'between' && v.args.length === 2) return `${self} BETWEEN ${renderSqlValue(v.args[0])} AND ${renderSqlValue(v.args[1])}`;
    if (METHOD_OPERATORS[method] && v.args.length === 1) return `${self} ${METHOD_OPERATORS[method]} ${renderSqlValue(v.args[0])}`;
  }
  if (v.kind === 'call' && !v.receiver) {
    const text = textOf(v);
    if (text !== null) return text;
    const name = baseName(v.func);
    if (name === 'column' && v.args.length >= 1 && strOf(v.args[0]) !== null) return quoteIdent(strOf(v.args[0])!);
    if ((name === 'and_' || name === 'or_') && v.args.length > 0) return v.args.map(renderOperand).join(name === 'and_' ? ' AND ' : ' OR ');
    if (name === 'not_' && v.args.length === 1) return `NOT (${renderSqlValue(v.args[0])})`;
    if (v.args.length === 0 && (name === 'true' || name === 'false' || name === 'null') && !v.func.includes('func.')) {
      return name === 'null' ? 'NULL' : name;
    }
    const parts = v.func.split('.');
    const at = parts.indexOf('func');
    if (at >= 0 && at < parts.length - 1) {
      const fname = parts.slice(at + 1).join('.');
      if (v.args.length === 0 && ANSI_FUNCTIONS.has(fname.toLowerCase())) return fname.toUpperCase();
      return `${fname}(${v.args.map(renderSqlValue).join(', ')})`;
    }
  }
  throw new NotUnderstood('SQL expression not understood', v);
}

/** An operand inside a larger expression: nested operators keep their grouping. */
function renderOperand(v: PyValue): string {
  const sql = renderSqlValue(v);
  return v.kind === 'op' && v.op !== 'NOT' ? `(${sql})` : sql;
}

/** `server_default=`: a string literal is quoted; text(), func.*(), true()/false() render as SQL. */
export function renderServerDefault(v: PyValue): string {
  if (v.kind === 'str') return sqlString(v.value);
  return renderSqlValue(v);
}
