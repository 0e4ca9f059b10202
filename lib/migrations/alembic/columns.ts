import { createHash } from 'node:crypto';
import type { UnverifiedAttribute } from '../../model/migration';
import { baseName, type PyValue, strList, strOf } from './py-value';
import {
  type EnumType,
  NotUnderstood,
  qualified,
  quoteIdent,
  type RenderedType,
  renderExpression,
  renderServerDefault,
  renderType,
  sqlString,
  textOf,
} from './sql-render';

/** sa.Column / sa.*Constraint arguments, read into plain data, then rendered as SQLAlchemy 1.4 would. */

/** An attribute an op created with a placeholder; body.ts adds the file and line. */
export type UnverifiedRef = Omit<UnverifiedAttribute, 'file' | 'line'>;

/** What an op could not fully understand: notes become unanalyzed findings, unverified the attributes left unknown. */
export interface Findings {
  notes: string[];
  unverified: UnverifiedRef[];
}

export function newFindings(): Findings {
  return { notes: [], unverified: [] };
}

/** The table a column or constraint belongs to, for unverified entries. */
export interface TableRef {
  schema: string | null;
  table: string;
}

function firstLine(v: PyValue | null | undefined): string {
  return v ? v.node.text.split('\n')[0].trim().slice(0, 80) : '?';
}

/** A NotUnderstood's message, with the code it is about when that adds something. */
export function explain(e: NotUnderstood): string {
  return e.value ? `${e.message} (${firstLine(e.value)})` : e.message;
}

const MAX_IDENTIFIER = 63;

/** PostgreSQL's truncation of an identifier to 63 bytes (never inside a multi-byte character). */
function pgTruncate(name: string): string {
  let out = '';
  for (const ch of name) {
    if (Buffer.byteLength(out + ch) > MAX_IDENTIFIER) break;
    out += ch;
  }
  return out;
}

/**
 * SQLAlchemy's `_truncated_label` rule for names from `op.f()` / `conv()` / a naming convention: over 63
 * characters they become name[0:55] + "_" + the last 4 hex digits of md5(name).
 */
export function truncatedLabel(name: string): string {
  if (name.length <= MAX_IDENTIFIER) return name;
  return `${name.slice(0, MAX_IDENTIFIER - 8)}_${createHash('md5').update(name).digest('hex').slice(-4)}`;
}

/**
 * A constraint or index name: a string, `op.f('x')`, `conv('x')`; null for None / absent. A plain string
 * over 63 characters makes SQLAlchemy raise IdentifierError: noted, and kept as PostgreSQL would truncate it.
 */
export function readName(v: PyValue | undefined, what: string, findings: Findings | null): string | null {
  if (v === undefined || v.kind === 'none') return null;
  if (v.kind === 'call' && !v.receiver && ['f', 'conv'].includes(baseName(v.func)) && v.args.length === 1) {
    const s = strOf(v.args[0]);
    if (s === null) throw new NotUnderstood(`${what} is not a literal`, v.args[0]);
    return truncatedLabel(s);
  }
  const s = strOf(v);
  if (s === null) throw new NotUnderstood(`${what} is not a literal`, v);
  if (s.length > MAX_IDENTIFIER) {
    findings?.notes.push(`${what} "${s}" is longer than 63 characters: SQLAlchemy raises IdentifierError (wrap it in op.f() to have it truncated); analyzed as PostgreSQL would truncate it`);
    return pgTruncate(s);
  }
  return s;
}

export interface ForeignKeyDef {
  name: string | null;
  columns: string[];
  refSchema: string | null;
  refTable: string;
  refColumns: string[];
  ondelete: string | null;
  onupdate: string | null;
  deferrable: boolean | null;
  initially: string | null;
  match: string | null;
  notValid: boolean;
  /** use_alter=True: left out of CREATE TABLE (SQLAlchemy's rule), created by ALTER TABLE only outside create_table. */
  useAlter?: boolean;
}

export type ConstraintDef =
  | { kind: 'primary'; name: string | null; columns: string[] }
  | { kind: 'unique'; name: string | null; columns: string[]; deferrable: boolean | null; initially: string | null; nullsNotDistinct?: boolean }
  | { kind: 'check'; name: string | null; sql: string }
  | ({ kind: 'foreign' } & ForeignKeyDef)
  | { kind: 'index'; name: string | null; unique: boolean; elements: string[] };

export interface ColumnDef {
  name: string;
  type: RenderedType;
  /** As given (`nullable=`); undefined when not given. */
  nullable: boolean | undefined;
  primaryKey: boolean;
  autoincrement: boolean | 'auto';
  serverDefault: string | null;
  hasPythonDefault: boolean;
  unique: boolean;
  index: boolean;
  comment: string | null;
  identity: string | null;
  computed: string | null;
  foreignKeys: ForeignKeyDef[];
  checks: ConstraintDef[];
}

type Call = PyValue & { kind: 'call' };

export function isCall(v: PyValue | undefined, ...names: string[]): v is Call {
  return v?.kind === 'call' && !v.receiver && names.includes(baseName(v.func));
}

/** The call when `v` calls one of `names` (a non-narrowing isCall, for if/else chains). */
export function callOf(v: PyValue | undefined, ...names: string[]): Call | null {
  return isCall(v, ...names) ? v : null;
}

function boolKw(call: PyValue & { kind: 'call' }, key: string): boolean | null {
  const v = call.kwargs.get(key);
  if (v === undefined || v.kind === 'none') return null;
  if (v.kind === 'bool') return v.value;
  throw new NotUnderstood(`${key}= is not a literal`, v);
}

function strKw(call: PyValue & { kind: 'call' }, key: string): string | null {
  const v = call.kwargs.get(key);
  if (v === undefined || v.kind === 'none') return null;
  const s = strOf(v);
  if (s === null) throw new NotUnderstood(`${key}= is not a string literal`, v);
  return s;
}

function names(v: PyValue | undefined, what: string): string[] {
  const list = strList(v);
  if (list === null) throw new NotUnderstood(`${what} is not a list of column names`, v ?? null);
  return list;
}

/** `'table.col'` or `'schema.table.col'` → its parts. */
function splitTarget(spec: string): { schema: string | null; table: string; column: string } {
  const parts = spec.split('.');
  if (parts.length < 2) throw new NotUnderstood(`foreign key target "${spec}" is not table.column`);
  const column = parts.pop()!;
  const table = parts.pop()!;
  return { schema: parts.length > 0 ? parts.join('.') : null, table, column };
}

function fkOptions(call: PyValue & { kind: 'call' }, findings: Findings | null): Omit<ForeignKeyDef, 'columns' | 'refSchema' | 'refTable' | 'refColumns'> {
  return {
    name: readName(call.kwargs.get('name'), 'constraint name', findings),
    ondelete: strKw(call, 'ondelete'),
    onupdate: strKw(call, 'onupdate'),
    deferrable: boolKw(call, 'deferrable'),
    initially: strKw(call, 'initially'),
    match: strKw(call, 'match'),
    notValid: boolKw(call, 'postgresql_not_valid') === true,
    useAlter: boolKw(call, 'use_alter') === true,
  };
}

/** `sa.ForeignKeyConstraint(['a'], ['t.id'], ...)`. */
export function readForeignKeyConstraint(call: PyValue & { kind: 'call' }, findings: Findings | null = null): ConstraintDef {
  const columns = names(call.args[0] ?? call.kwargs.get('columns'), 'ForeignKeyConstraint columns');
  const targets = names(call.args[1] ?? call.kwargs.get('refcolumns'), 'ForeignKeyConstraint refcolumns').map(splitTarget);
  if (targets.length === 0) throw new NotUnderstood('ForeignKeyConstraint without targets', call);
  return {
    kind: 'foreign',
    columns,
    refSchema: targets[0].schema,
    refTable: targets[0].table,
    refColumns: targets.map((t) => t.column),
    ...fkOptions(call, findings),
  };
}

/** `sa.Index('name', 'col', sa.text('lower(x)'), unique=True)` inside create_table. */
function readTableIndex(v: Call, findings: Findings | null): ConstraintDef {
  const [nameV, ...elements] = v.args;
  const parts = elements.map((e) => {
    const text = textOf(e);
    if (text !== null) return text;
    const col = strOf(e);
    if (col === null) throw new NotUnderstood('Index element is not a column name or sa.text()', e);
    return quoteIdent(col);
  });
  if (parts.length === 0) throw new NotUnderstood('Index without columns', v);
  const extra = [...v.kwargs.keys()].filter((k) => !['unique', 'name'].includes(k));
  if (extra.length) throw new NotUnderstood(`Index argument(s) ${extra.map((k) => `${k}=`).join(', ')} not analyzed`, v);
  return { kind: 'index', name: readName(nameV ?? v.kwargs.get('name'), 'index name', findings), unique: boolKw(v, 'unique') === true, elements: parts };
}

/** A table-level constraint argument of create_table, or null when `v` is not one. */
export function readConstraint(v: PyValue, findings: Findings | null = null): ConstraintDef | null {
  if (v.kind !== 'call' || v.receiver) return null;
  const name = () => readName(v.kwargs.get('name'), 'constraint name', findings);
  switch (baseName(v.func)) {
    case 'PrimaryKeyConstraint':
      return { kind: 'primary', name: name(), columns: v.args.map((a) => names(a, 'PrimaryKeyConstraint column')[0]) };
    case 'UniqueConstraint':
      return { kind: 'unique', name: name(), columns: v.args.map((a) => names(a, 'UniqueConstraint column')[0]), deferrable: boolKw(v, 'deferrable'), initially: strKw(v, 'initially'), nullsNotDistinct: boolKw(v, 'postgresql_nulls_not_distinct') === true };
    case 'CheckConstraint': {
      const cond = v.args[0] ?? v.kwargs.get('sqltext');
      if (!cond) throw new NotUnderstood('CheckConstraint without a condition', v);
      return { kind: 'check', name: name(), sql: renderExpression(cond) };
    }
    case 'ForeignKeyConstraint':
      return readForeignKeyConstraint(v, findings);
    case 'Index':
      return readTableIndex(v, findings);
    default:
      return null;
  }
}

function renderIdentity(call: PyValue & { kind: 'call' }): string {
  const always = boolKw(call, 'always') === true;
  const opts: string[] = [];
  const n = (k: string) => {
    const v = call.kwargs.get(k);
    if (v === undefined || v.kind === 'none') return null;
    if (v.kind !== 'num') throw new NotUnderstood(`Identity ${k}= is not a number`, v);
    return v.text;
  };
  if (n('increment') !== null) opts.push(`INCREMENT BY ${n('increment')}`);
  if (n('start') !== null) opts.push(`START WITH ${n('start')}`);
  if (n('minvalue') !== null) opts.push(`MINVALUE ${n('minvalue')}`);
  if (n('maxvalue') !== null) opts.push(`MAXVALUE ${n('maxvalue')}`);
  if (n('cache') !== null) opts.push(`CACHE ${n('cache')}`);
  if (boolKw(call, 'cycle') === true) opts.push('CYCLE');
  return `GENERATED ${always ? 'ALWAYS' : 'BY DEFAULT'} AS IDENTITY${opts.length ? ` (${opts.join(' ')})` : ''}`;
}

const COLUMN_KWARGS = new Set([
  'nullable', 'primary_key', 'server_default', 'unique', 'index', 'autoincrement', 'comment', 'default', 'onupdate',
  'server_onupdate', 'doc', 'info', 'key', 'quote', 'system', 'type_', 'name', '_omit_from_statements',
]);

/** Placeholder for a column type that could not be resolved: any value fits, and the type is reported unverified. */
export const PLACEHOLDER_TYPE: RenderedType = { sql: 'TEXT', serial: null, enum: null };

/**
 * `sa.Column('name', Type, ForeignKey(...), ..., nullable=False, ...)`. What is not understood degrades per
 * attribute: an unknown type becomes TEXT, an unrenderable default is left out, each with a note and an
 * unverified attribute in `findings`. Throws NotUnderstood only when the column has no literal name.
 */
export function readColumn(call: PyValue & { kind: 'call' }, at: TableRef, findings: Findings = newFindings()): ColumnDef {
  const args = [...call.args];
  const nameArg = args[0]?.kind === 'str' ? args.shift() : call.kwargs.get('name');
  const name = strOf(nameArg);
  if (name === null) throw new NotUnderstood('Column without a literal name', call);
  const unverified = (attribute: string, reason: string) =>
    findings.unverified.push({ kind: 'column', schema: at.schema, table: at.table, name, attribute, reason });
  const attempt = <T>(what: string, attribute: string, fn: () => T, fallback: T, then = ''): T => {
    try {
      return fn();
    } catch (e) {
      if (!(e instanceof NotUnderstood)) throw e;
      findings.notes.push(`column "${name}": ${what} not understood: ${explain(e)}${then}`);
      unverified(attribute, `${what}: ${e.message}`);
      return fallback;
    }
  };
  const ignoredKw = [...call.kwargs.keys()].filter((k) => !COLUMN_KWARGS.has(k));
  if (ignoredKw.length) findings.notes.push(`column "${name}": argument(s) ${ignoredKw.map((k) => `${k}=`).join(', ')} not analyzed`);

  let typeUnknown = false;
  const readType = (v: PyValue): RenderedType => {
    try {
      return renderType(v);
    } catch (e) {
      if (!(e instanceof NotUnderstood)) throw e;
      typeUnknown = true;
      findings.notes.push(`column "${name}": type ${firstLine(v)} not resolved (${e.message}); created as TEXT, its type is not checked`);
      unverified('type', `type ${firstLine(v)}: ${e.message}`);
      return PLACEHOLDER_TYPE;
    }
  };
  let type: RenderedType | null = call.kwargs.has('type_') ? readType(call.kwargs.get('type_')!) : null;
  const col: ColumnDef = {
    name,
    type: PLACEHOLDER_TYPE,
    nullable: undefined,
    primaryKey: attempt('primary_key=', 'nullable', () => boolKw(call, 'primary_key') === true, false),
    autoincrement: 'auto',
    serverDefault: null,
    hasPythonDefault: call.kwargs.has('default') && call.kwargs.get('default')!.kind !== 'none',
    unique: attempt('unique=', 'definition', () => boolKw(call, 'unique') === true, false),
    index: attempt('index=', 'definition', () => boolKw(call, 'index') === true, false),
    comment: attempt('comment=', 'comment', () => strKw(call, 'comment'), null),
    identity: null,
    computed: null,
    foreignKeys: [],
    checks: [],
  };
  for (const a of args) {
    const fk = callOf(a, 'ForeignKey');
    const identity = callOf(a, 'Identity');
    const computed = callOf(a, 'Computed');
    if (fk) {
      const read = attempt(
        'ForeignKey',
        'references',
        () => {
          const spec = strOf(fk.args[0] ?? fk.kwargs.get('column'));
          if (spec === null) throw new NotUnderstood('ForeignKey target is not a string', a);
          const t = splitTarget(spec);
          return { columns: [name], refSchema: t.schema, refTable: t.table, refColumns: [t.column], ...fkOptions(fk, findings) };
        },
        null,
        '; the foreign key is left out',
      );
      if (read) col.foreignKeys.push(read);
      else findings.unverified.push({ kind: 'table', schema: at.schema, table: at.table, name: at.table, attribute: 'constraints', reason: `a foreign key of column "${name}" was not understood` });
    } else if (callOf(a, 'CheckConstraint')) {
      const check = attempt('CheckConstraint', 'definition', () => readConstraint(a, findings), null, '; the check is left out');
      if (check) col.checks.push(check);
      else findings.unverified.push({ kind: 'table', schema: at.schema, table: at.table, name: at.table, attribute: 'constraints', reason: `a check of column "${name}" was not understood` });
    } else if (identity) {
      col.identity = attempt('Identity()', 'identity', () => renderIdentity(identity), null);
    } else if (computed) {
      col.computed = attempt(
        'Computed()',
        'generated',
        () => {
          const expr = computed.args[0] ?? computed.kwargs.get('sqltext');
          if (!expr) throw new NotUnderstood('Computed without an expression', a);
          return `GENERATED ALWAYS AS (${renderExpression(expr)}) STORED`;
        },
        null,
      );
    } else if (type === null) {
      type = readType(a);
    } else {
      findings.notes.push(`column "${name}": argument ${firstLine(a)} not analyzed`);
    }
  }
  if (type === null) {
    findings.notes.push(`column "${name}" has no type; created as TEXT, its type is not checked`);
    unverified('type', 'no type given');
    type = PLACEHOLDER_TYPE;
    typeUnknown = true;
  }
  col.type = type;
  const nullable = call.kwargs.get('nullable');
  if (nullable && nullable.kind === 'bool') col.nullable = nullable.value;
  else if (nullable && nullable.kind !== 'none') {
    findings.notes.push(`column "${name}": nullable= is not a literal (${firstLine(nullable)})`);
    unverified('nullable', 'nullable= is not a literal');
  }
  const auto = call.kwargs.get('autoincrement');
  if (auto?.kind === 'bool') col.autoincrement = auto.value;
  const sd = call.kwargs.get('server_default');
  if (sd && sd.kind !== 'none' && !isCall(sd, 'FetchedValue')) {
    col.serverDefault = attempt('server_default=', 'default', () => renderServerDefault(sd), null, '; created without a DEFAULT');
    // The stored default carries a cast to the column's type, which is a placeholder.
    if (col.serverDefault !== null && typeUnknown) unverified('default', 'the default is cast to the unresolved type');
  }
  return col;
}

/** SQLAlchemy's `Table._autoincrement_column` rule: the one integer PK column with no FK and no defaults. */
export function serialColumn(columns: ColumnDef[], pk: string[]): ColumnDef | null {
  if (pk.length !== 1) return null;
  const col = columns.find((c) => c.name === pk[0]);
  if (!col || !col.type.serial || col.identity || col.computed) return null;
  if (col.autoincrement === true) return col;
  if (col.autoincrement === false) return null;
  if (col.foreignKeys.length > 0 || col.hasPythonDefault || col.serverDefault !== null) return null;
  return col;
}

/** `name TYPE [DEFAULT x] [GENERATED ...] [NOT NULL]`, as SQLAlchemy's PG get_column_specification. */
export function columnSpec(col: ColumnDef, opts: { serial: boolean; notNull: boolean }): string {
  let spec = `${quoteIdent(col.name)} ${opts.serial ? col.type.serial : col.type.sql}`;
  if (col.serverDefault !== null) spec += ` DEFAULT ${col.serverDefault}`;
  if (col.computed) spec += ` ${col.computed}`;
  if (col.identity) spec += ` ${col.identity}`;
  if (opts.notNull && !col.identity) spec += ' NOT NULL';
  return spec;
}

function deferrability(deferrable: boolean | null, initially: string | null): string {
  let s = '';
  if (deferrable !== null) s += deferrable ? ' DEFERRABLE' : ' NOT DEFERRABLE';
  if (initially !== null) s += ` INITIALLY ${initially}`;
  return s;
}

function cols(list: string[]): string {
  return list.map(quoteIdent).join(', ');
}

/** A constraint clause for CREATE TABLE or `ALTER TABLE ... ADD`. */
export function constraintSql(c: ConstraintDef): string {
  const prefix = c.name ? `CONSTRAINT ${quoteIdent(c.name)} ` : '';
  switch (c.kind) {
    case 'primary':
      return `${prefix}PRIMARY KEY (${cols(c.columns)})`;
    case 'unique':
      return `${prefix}UNIQUE ${c.nullsNotDistinct ? 'NULLS NOT DISTINCT ' : ''}(${cols(c.columns)})${deferrability(c.deferrable, c.initially)}`;
    case 'check':
      return `${prefix}CHECK (${c.sql})`;
    case 'foreign': {
      let s = `${prefix}FOREIGN KEY(${cols(c.columns)}) REFERENCES ${qualified(c.refSchema, c.refTable)} (${cols(c.refColumns)})`;
      if (c.match) s += ` MATCH ${c.match}`;
      if (c.ondelete) s += ` ON DELETE ${c.ondelete}`;
      if (c.onupdate) s += ` ON UPDATE ${c.onupdate}`;
      s += deferrability(c.deferrable, c.initially);
      if (c.notValid) s += ' NOT VALID';
      return s;
    }
    case 'index':
      throw new Error('an index is not a constraint clause');
  }
}

/** `CREATE TYPE name AS ENUM (...)`. */
export function createEnumSql(e: EnumType): string {
  return `CREATE TYPE ${qualified(e.schema, e.name)} AS ENUM (${e.values.map(sqlString).join(', ')})`;
}

/** SQLAlchemy's default index name for `Column(index=True)`: `ix_%(column_0_label)s`. */
export function columnIndexName(schema: string | null, table: string, column: string): string {
  const name = `ix_${schema ? `${schema.replace(/\./g, '_')}_` : ''}${table}_${column}`;
  // Over PostgreSQL's 63 bytes SQLAlchemy truncates and appends 4 hex digits of the name's md5.
  if (name.length <= 63) return name;
  return `${name.slice(0, 55)}_${createHash('md5').update(name).digest('hex').slice(-4)}`;
}
