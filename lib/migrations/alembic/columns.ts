import { createHash } from 'node:crypto';
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
} from './sql-render';

/** sa.Column / sa.*Constraint arguments, read into plain data, then rendered as SQLAlchemy 1.4 would. */

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
}

export type ConstraintDef =
  | { kind: 'primary'; name: string | null; columns: string[] }
  | { kind: 'unique'; name: string | null; columns: string[]; deferrable: boolean | null; initially: string | null }
  | { kind: 'check'; name: string | null; sql: string }
  | ({ kind: 'foreign' } & ForeignKeyDef);

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

function fkOptions(call: PyValue & { kind: 'call' }): Omit<ForeignKeyDef, 'columns' | 'refSchema' | 'refTable' | 'refColumns'> {
  return {
    name: strKw(call, 'name'),
    ondelete: strKw(call, 'ondelete'),
    onupdate: strKw(call, 'onupdate'),
    deferrable: boolKw(call, 'deferrable'),
    initially: strKw(call, 'initially'),
    match: strKw(call, 'match'),
    notValid: boolKw(call, 'postgresql_not_valid') === true,
  };
}

/** `sa.ForeignKeyConstraint(['a'], ['t.id'], ...)`. */
export function readForeignKeyConstraint(call: PyValue & { kind: 'call' }): ConstraintDef {
  const columns = names(call.args[0] ?? call.kwargs.get('columns'), 'ForeignKeyConstraint columns');
  const targets = names(call.args[1] ?? call.kwargs.get('refcolumns'), 'ForeignKeyConstraint refcolumns').map(splitTarget);
  if (targets.length === 0) throw new NotUnderstood('ForeignKeyConstraint without targets', call);
  return {
    kind: 'foreign',
    columns,
    refSchema: targets[0].schema,
    refTable: targets[0].table,
    refColumns: targets.map((t) => t.column),
    ...fkOptions(call),
  };
}

/** A table-level constraint argument of create_table, or null when `v` is not one. */
export function readConstraint(v: PyValue): ConstraintDef | null {
  if (v.kind !== 'call' || v.receiver) return null;
  switch (baseName(v.func)) {
    case 'PrimaryKeyConstraint':
      return { kind: 'primary', name: strKw(v, 'name'), columns: v.args.map((a) => names(a, 'PrimaryKeyConstraint column')[0]) };
    case 'UniqueConstraint':
      return { kind: 'unique', name: strKw(v, 'name'), columns: v.args.map((a) => names(a, 'UniqueConstraint column')[0]), deferrable: boolKw(v, 'deferrable'), initially: strKw(v, 'initially') };
    case 'CheckConstraint': {
      const cond = v.args[0] ?? v.kwargs.get('sqltext');
      if (!cond) throw new NotUnderstood('CheckConstraint without a condition', v);
      return { kind: 'check', name: strKw(v, 'name'), sql: renderExpression(cond) };
    }
    case 'ForeignKeyConstraint':
      return readForeignKeyConstraint(v);
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

/** `sa.Column('name', Type, ForeignKey(...), ..., nullable=False, ...)`. */
export function readColumn(call: PyValue & { kind: 'call' }): ColumnDef {
  const args = [...call.args];
  const nameArg = args[0]?.kind === 'str' ? args.shift() : call.kwargs.get('name');
  const name = strOf(nameArg);
  if (name === null) throw new NotUnderstood('Column without a literal name', call);
  for (const k of call.kwargs.keys()) if (!COLUMN_KWARGS.has(k)) throw new NotUnderstood(`Column argument ${k}= not supported`, call);

  let type: RenderedType | null = call.kwargs.has('type_') ? renderType(call.kwargs.get('type_')!) : null;
  const col: ColumnDef = {
    name,
    type: { sql: '', serial: null, enum: null },
    nullable: undefined,
    primaryKey: boolKw(call, 'primary_key') === true,
    autoincrement: 'auto',
    serverDefault: null,
    hasPythonDefault: call.kwargs.has('default') && call.kwargs.get('default')!.kind !== 'none',
    unique: boolKw(call, 'unique') === true,
    index: boolKw(call, 'index') === true,
    comment: strKw(call, 'comment'),
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
      const spec = strOf(fk.args[0] ?? fk.kwargs.get('column'));
      if (spec === null) throw new NotUnderstood('ForeignKey target is not a string', a);
      const t = splitTarget(spec);
      col.foreignKeys.push({ columns: [name], refSchema: t.schema, refTable: t.table, refColumns: [t.column], ...fkOptions(fk) });
    } else if (callOf(a, 'CheckConstraint')) {
      col.checks.push(readConstraint(a)!);
    } else if (identity) {
      col.identity = renderIdentity(identity);
    } else if (computed) {
      const expr = computed.args[0] ?? computed.kwargs.get('sqltext');
      if (!expr) throw new NotUnderstood('Computed without an expression', a);
      col.computed = `GENERATED ALWAYS AS (${renderExpression(expr)}) STORED`;
    } else if (type === null) {
      type = renderType(a);
    } else {
      throw new NotUnderstood('Column argument not understood', a);
    }
  }
  if (type === null) throw new NotUnderstood(`Column "${name}" has no type`, call);
  col.type = type;
  const nullable = call.kwargs.get('nullable');
  if (nullable && nullable.kind === 'bool') col.nullable = nullable.value;
  else if (nullable && nullable.kind !== 'none') throw new NotUnderstood('nullable= is not a literal', nullable);
  const auto = call.kwargs.get('autoincrement');
  if (auto?.kind === 'bool') col.autoincrement = auto.value;
  const sd = call.kwargs.get('server_default');
  if (sd && sd.kind !== 'none') col.serverDefault = renderServerDefault(sd);
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
      return `${prefix}UNIQUE (${cols(c.columns)})${deferrability(c.deferrable, c.initially)}`;
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
