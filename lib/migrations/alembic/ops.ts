import type { UnverifiedAttribute } from '../../model/migration';
import { type PyValue, strList, strOf } from './py-value';
import {
  type ColumnDef,
  columnIndexName,
  columnSpec,
  type ConstraintDef,
  constraintSql,
  createEnumSql,
  isCall,
  readColumn,
  readConstraint,
  serialColumn,
} from './columns';
import { NotUnderstood, qualified, quoteIdent, renderExpression, renderServerDefault, renderType, sqlString, textOf } from './sql-render';

/**
 * `op.*` calls → the PostgreSQL statements Alembic 1.8 + SQLAlchemy 1.4 emit for them.
 * Each translator throws NotUnderstood for anything outside what it knows; `notes` collects arguments it
 * ignored, which the caller reports as unanalyzed while keeping the statements.
 */

export type Call = PyValue & { kind: 'call' };
/** An attribute an op created with a placeholder; body.ts adds the file and line. */
export type UnverifiedRef = Omit<UnverifiedAttribute, 'file' | 'line'>;

export interface OpResult {
  sql: string[];
  notes: string[];
  /** Attributes created with a placeholder (e.g. a column type that could not be resolved). */
  unverified?: UnverifiedRef[];
}
export interface BatchTarget {
  table: string;
  schema: string | null;
}

/** Positional and keyword arguments matched to Alembic's parameter names; unknown keywords listed. */
function bind(call: Call, params: string[], knownKw: string[] = []): { p: Map<string, PyValue>; extra: string[] } {
  const p = new Map<string, PyValue>();
  call.args.forEach((a, i) => {
    if (i < params.length) p.set(params[i], a);
    else throw new NotUnderstood(`too many arguments to ${call.func}`, a);
  });
  const extra: string[] = [];
  for (const [k, v] of call.kwargs) {
    if (params.includes(k) || knownKw.includes(k)) p.set(k, v);
    else extra.push(k);
  }
  return { p, extra };
}

function ignored(extra: string[], op: string): string[] {
  return extra.length ? [`${op}: argument(s) ${extra.map((k) => `${k}=`).join(', ')} not analyzed`] : [];
}

function need<T>(v: T | null | undefined, what: string, value?: PyValue): T {
  if (v === null || v === undefined) throw new NotUnderstood(`${what} is not a literal`, value ?? null);
  return v;
}

/** A name: a string, `op.f('x')`, `conv('x')`. */
function nameOf(v: PyValue | undefined, what: string): string {
  if (v && isCall(v, 'f', 'conv') && v.args.length === 1) return need(strOf(v.args[0]), what, v.args[0]);
  return need(strOf(v), what, v);
}

function optName(v: PyValue | undefined, what: string): string | null {
  return v === undefined || v.kind === 'none' ? null : nameOf(v, what);
}

function optStr(v: PyValue | undefined, what: string): string | null {
  return v === undefined || v.kind === 'none' ? null : need(strOf(v), what, v);
}

function optBool(v: PyValue | undefined): boolean | null {
  if (v === undefined || v.kind === 'none') return null;
  if (v.kind === 'bool') return v.value;
  throw new NotUnderstood('expected True or False', v);
}

function table(p: Map<string, PyValue>, key = 'table_name', schemaKey = 'schema'): string {
  return qualified(optStr(p.get(schemaKey), 'schema'), nameOf(p.get(key), key));
}

function enumStatements(columns: ColumnDef[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const c of columns) {
    const e = c.type.enum;
    if (!e || !e.createType) continue;
    const key = `${e.schema}.${e.name}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(createEnumSql(e));
  }
  return out;
}

function columnComment(tableRef: string, column: string, comment: string | null): string {
  return `COMMENT ON COLUMN ${tableRef}.${quoteIdent(column)} IS ${comment === null ? 'NULL' : sqlString(comment)}`;
}

function createTable(call: Call): OpResult {
  const [nameV, ...items] = call.args;
  const { p, extra } = bind({ ...call, args: [nameV] }, ['table_name'], ['schema', 'comment', 'info']);
  const schema = optStr(p.get('schema'), 'schema');
  const name = nameOf(p.get('table_name'), 'table name');
  const ref = qualified(schema, name);
  const columns: ColumnDef[] = [];
  const constraints: ConstraintDef[] = [];
  for (const item of items) {
    if (isCall(item, 'Column')) columns.push(readColumn(item));
    else {
      const c = readConstraint(item);
      if (!c) throw new NotUnderstood('create_table argument is not an sa.Column or constraint', item);
      constraints.push(c);
    }
  }
  const pkConstraint = constraints.find((c) => c.kind === 'primary');
  const pk = pkConstraint ? (pkConstraint as { columns: string[] }).columns : columns.filter((c) => c.primaryKey).map((c) => c.name);
  const serial = serialColumn(columns, pk);

  const lines = columns.map((c) => {
    const notNull = c.nullable === undefined ? pk.includes(c.name) : !c.nullable;
    const checks = c.checks.map((k) => ` ${constraintSql(k)}`).join('');
    return columnSpec(c, { serial: c === serial, notNull }) + checks;
  });
  if (pkConstraint) lines.push(constraintSql(pkConstraint));
  else if (pk.length > 0) lines.push(constraintSql({ kind: 'primary', name: null, columns: pk }));
  for (const c of constraints) if (c.kind !== 'primary') lines.push(constraintSql(c));
  // Column-level flags become constraints after the explicit ones (SQLAlchemy's creation order).
  for (const c of columns) {
    if (c.unique && !c.index) lines.push(constraintSql({ kind: 'unique', name: null, columns: [c.name], deferrable: null, initially: null }));
    for (const fk of c.foreignKeys) lines.push(constraintSql({ kind: 'foreign', ...fk }));
  }

  const sql = [...enumStatements(columns), `CREATE TABLE ${ref} (\n    ${lines.join(',\n    ')}\n)`];
  for (const c of columns) {
    if (c.index) sql.push(`CREATE ${c.unique ? 'UNIQUE ' : ''}INDEX ${quoteIdent(columnIndexName(schema, name, c.name))} ON ${ref} (${quoteIdent(c.name)})`);
  }
  const comment = optStr(p.get('comment'), 'comment');
  if (comment !== null) sql.push(`COMMENT ON TABLE ${ref} IS ${sqlString(comment)}`);
  for (const c of columns) if (c.comment !== null) sql.push(columnComment(ref, c.name, c.comment));
  return { sql, notes: ignored(extra, 'create_table') };
}

function addColumn(call: Call): OpResult {
  const { p, extra } = bind(call, ['table_name', 'column', 'schema'], ['insert_before', 'insert_after']);
  const schema = optStr(p.get('schema'), 'schema');
  const name = nameOf(p.get('table_name'), 'table name');
  const ref = qualified(schema, name);
  const colV = p.get('column');
  if (!isCall(colV, 'Column')) throw new NotUnderstood('add_column needs an sa.Column(...)', colV ?? null);
  const c = readColumn(colV);
  const serial = c.primaryKey && serialColumn([c], [c.name]) !== null;
  const notNull = c.nullable === undefined ? c.primaryKey : !c.nullable;
  // Alembic does not create the Enum type here (unlike create_table): the type must already exist.
  const checks = c.checks.map((k) => ` ${constraintSql(k)}`).join('');
  const sql = [`ALTER TABLE ${ref} ADD COLUMN ${columnSpec(c, { serial, notNull })}${checks}`];
  for (const fk of c.foreignKeys) sql.push(`ALTER TABLE ${ref} ADD ${constraintSql({ kind: 'foreign', ...fk })}`);
  if (c.unique && !c.index) sql.push(`ALTER TABLE ${ref} ADD UNIQUE (${quoteIdent(c.name)})`);
  if (c.index) sql.push(`CREATE ${c.unique ? 'UNIQUE ' : ''}INDEX ${quoteIdent(columnIndexName(schema, name, c.name))} ON ${ref} (${quoteIdent(c.name)})`);
  if (c.comment !== null) sql.push(columnComment(ref, c.name, c.comment));
  return { sql, notes: ignored(extra, 'add_column') };
}

function dropColumn(call: Call): OpResult {
  const { p, extra } = bind(call, ['table_name', 'column_name', 'schema'], ['existing_type', 'existing_nullable', 'existing_server_default']);
  return { sql: [`ALTER TABLE ${table(p)} DROP COLUMN ${quoteIdent(nameOf(p.get('column_name'), 'column name'))}`], notes: ignored(extra, 'drop_column') };
}

const ALTER_EXISTING = ['existing_type', 'existing_server_default', 'existing_nullable', 'existing_comment', 'existing_autoincrement', 'autoincrement'];

function alterColumn(call: Call): OpResult {
  const { p, extra } = bind(
    call,
    ['table_name', 'column_name', 'nullable', 'comment', 'server_default', 'new_column_name', 'type_'],
    ['schema', 'postgresql_using', ...ALTER_EXISTING],
  );
  const ref = table(p);
  const col = quoteIdent(nameOf(p.get('column_name'), 'column name'));
  const sql: string[] = [];
  const typeV = p.get('type_');
  if (typeV && typeV.kind !== 'none') {
    const using = p.get('postgresql_using');
    sql.push(`ALTER TABLE ${ref} ALTER COLUMN ${col} TYPE ${renderType(typeV).sql}${using && using.kind !== 'none' ? ` USING ${renderExpression(using)}` : ''}`);
  }
  const nullable = optBool(p.get('nullable'));
  if (nullable !== null) sql.push(`ALTER TABLE ${ref} ALTER COLUMN ${col} ${nullable ? 'DROP' : 'SET'} NOT NULL`);
  const sd = p.get('server_default');
  if (sd && !(sd.kind === 'bool' && !sd.value)) {
    sql.push(sd.kind === 'none' ? `ALTER TABLE ${ref} ALTER COLUMN ${col} DROP DEFAULT` : `ALTER TABLE ${ref} ALTER COLUMN ${col} SET DEFAULT ${renderServerDefault(sd)}`);
  }
  const comment = p.get('comment');
  if (comment && !(comment.kind === 'bool' && !comment.value)) {
    sql.push(columnComment(ref, nameOf(p.get('column_name'), 'column name'), optStr(comment, 'comment')));
  }
  const newName = optName(p.get('new_column_name'), 'new_column_name');
  if (newName !== null) sql.push(`ALTER TABLE ${ref} RENAME ${col} TO ${quoteIdent(newName)}`);
  return { sql, notes: ignored(extra, 'alter_column') };
}

function indexElement(v: PyValue, ops: Map<string, string>): string {
  const text = textOf(v);
  if (text !== null) return text;
  const s = strOf(v);
  if (s === null) throw new NotUnderstood('index element is not a column name or sa.text()', v);
  return quoteIdent(s) + (ops.has(s) ? ` ${ops.get(s)}` : '');
}

function createIndex(call: Call): OpResult {
  const known = ['postgresql_where', 'postgresql_using', 'postgresql_concurrently', 'postgresql_ops', 'postgresql_include', 'postgresql_with', 'postgresql_tablespace', 'info'];
  const { p, extra } = bind(call, ['index_name', 'table_name', 'columns', 'schema', 'unique'], known);
  const name = nameOf(p.get('index_name'), 'index name');
  const ops = new Map<string, string>();
  const opsV = p.get('postgresql_ops');
  if (opsV?.kind === 'dict') for (const [k, v] of opsV.entries) ops.set(need(strOf(k), 'postgresql_ops key', k), need(strOf(v), 'postgresql_ops value', v));
  const colsV = p.get('columns');
  const elements = colsV?.kind === 'seq' ? colsV.items : colsV ? [colsV] : [];
  if (elements.length === 0) throw new NotUnderstood('create_index without columns', call);
  let sql = `CREATE ${optBool(p.get('unique')) ? 'UNIQUE ' : ''}INDEX ${optBool(p.get('postgresql_concurrently')) ? 'CONCURRENTLY ' : ''}${quoteIdent(name)} ON ${table(p)}`;
  const using = optStr(p.get('postgresql_using'), 'postgresql_using');
  if (using) sql += ` USING ${using}`;
  sql += ` (${elements.map((e) => indexElement(e, ops)).join(', ')})`;
  const include = p.get('postgresql_include');
  if (include) sql += ` INCLUDE (${need(strList(include), 'postgresql_include', include).map(quoteIdent).join(', ')})`;
  const withV = p.get('postgresql_with');
  if (withV?.kind === 'dict') sql += ` WITH (${withV.entries.map(([k, v]) => `${need(strOf(k), 'postgresql_with key', k)} = ${v.kind === 'str' ? v.value : renderExpression(v)}`).join(', ')})`;
  const ts = optStr(p.get('postgresql_tablespace'), 'postgresql_tablespace');
  if (ts) sql += ` TABLESPACE ${quoteIdent(ts)}`;
  const where = p.get('postgresql_where');
  if (where && where.kind !== 'none') sql += ` WHERE ${renderExpression(where)}`;
  return { sql: [sql], notes: ignored(extra, 'create_index') };
}

function dropIndex(call: Call): OpResult {
  const { p, extra } = bind(call, ['index_name', 'table_name', 'schema'], ['postgresql_concurrently']);
  const concurrently = optBool(p.get('postgresql_concurrently')) ? 'CONCURRENTLY ' : '';
  const name = qualified(optStr(p.get('schema'), 'schema'), nameOf(p.get('index_name'), 'index name'));
  return { sql: [`DROP INDEX ${concurrently}${name}`], notes: ignored(extra, 'drop_index') };
}

function createForeignKey(call: Call): OpResult {
  const { p, extra } = bind(
    call,
    ['constraint_name', 'source_table', 'referent_table', 'local_cols', 'remote_cols', 'onupdate', 'ondelete', 'deferrable', 'initially', 'match', 'source_schema', 'referent_schema'],
    ['postgresql_not_valid'],
  );
  const fk: ConstraintDef = {
    kind: 'foreign',
    name: optName(p.get('constraint_name'), 'constraint name'),
    columns: need(strList(p.get('local_cols')), 'local_cols', p.get('local_cols')),
    refSchema: optStr(p.get('referent_schema'), 'referent_schema'),
    refTable: nameOf(p.get('referent_table'), 'referent table'),
    refColumns: need(strList(p.get('remote_cols')), 'remote_cols', p.get('remote_cols')),
    ondelete: optStr(p.get('ondelete'), 'ondelete'),
    onupdate: optStr(p.get('onupdate'), 'onupdate'),
    deferrable: optBool(p.get('deferrable')),
    initially: optStr(p.get('initially'), 'initially'),
    match: optStr(p.get('match'), 'match'),
    notValid: optBool(p.get('postgresql_not_valid')) === true,
  };
  return { sql: [`ALTER TABLE ${table(p, 'source_table', 'source_schema')} ADD ${constraintSql(fk)}`], notes: ignored(extra, 'create_foreign_key') };
}

function createUnique(call: Call): OpResult {
  const { p, extra } = bind(call, ['constraint_name', 'table_name', 'columns', 'schema'], ['deferrable', 'initially']);
  const c: ConstraintDef = {
    kind: 'unique',
    name: optName(p.get('constraint_name'), 'constraint name'),
    columns: need(strList(p.get('columns')), 'columns', p.get('columns')),
    deferrable: optBool(p.get('deferrable')),
    initially: optStr(p.get('initially'), 'initially'),
  };
  return { sql: [`ALTER TABLE ${table(p)} ADD ${constraintSql(c)}`], notes: ignored(extra, 'create_unique_constraint') };
}

function createCheck(call: Call): OpResult {
  const { p, extra } = bind(call, ['constraint_name', 'table_name', 'condition', 'schema']);
  const cond = p.get('condition');
  if (!cond) throw new NotUnderstood('create_check_constraint without a condition', call);
  const c: ConstraintDef = { kind: 'check', name: optName(p.get('constraint_name'), 'constraint name'), sql: renderExpression(cond) };
  return { sql: [`ALTER TABLE ${table(p)} ADD ${constraintSql(c)}`], notes: ignored(extra, 'create_check_constraint') };
}

function createPrimaryKey(call: Call): OpResult {
  const { p, extra } = bind(call, ['constraint_name', 'table_name', 'columns', 'schema']);
  const c: ConstraintDef = { kind: 'primary', name: optName(p.get('constraint_name'), 'constraint name'), columns: need(strList(p.get('columns')), 'columns', p.get('columns')) };
  return { sql: [`ALTER TABLE ${table(p)} ADD ${constraintSql(c)}`], notes: ignored(extra, 'create_primary_key') };
}

function dropConstraint(call: Call): OpResult {
  const { p, extra } = bind(call, ['constraint_name', 'table_name', 'type_', 'schema']);
  return { sql: [`ALTER TABLE ${table(p)} DROP CONSTRAINT ${quoteIdent(nameOf(p.get('constraint_name'), 'constraint name'))}`], notes: ignored(extra, 'drop_constraint') };
}

function renameTable(call: Call): OpResult {
  const { p, extra } = bind(call, ['old_table_name', 'new_table_name', 'schema']);
  return { sql: [`ALTER TABLE ${table(p, 'old_table_name')} RENAME TO ${quoteIdent(nameOf(p.get('new_table_name'), 'new table name'))}`], notes: ignored(extra, 'rename_table') };
}

function dropTable(call: Call): OpResult {
  const { p, extra } = bind(call, ['table_name', 'schema']);
  return { sql: [`DROP TABLE ${table(p)}`], notes: ignored(extra, 'drop_table') };
}

function tableComment(call: Call, drop: boolean): OpResult {
  const { p, extra } = bind(call, drop ? ['table_name', 'existing_comment', 'schema'] : ['table_name', 'comment', 'existing_comment', 'schema']);
  const comment = drop ? null : need(strOf(p.get('comment')), 'comment', p.get('comment'));
  return { sql: [`COMMENT ON TABLE ${table(p)} IS ${comment === null ? 'NULL' : sqlString(comment)}`], notes: ignored(extra, drop ? 'drop_table_comment' : 'create_table_comment') };
}

function execute(call: Call): OpResult {
  const { p, extra } = bind(call, ['sqltext', 'execution_options']);
  const v = p.get('sqltext');
  const sql = strOf(v) ?? textOf(v);
  if (sql === null) throw new NotUnderstood('op.execute() of something other than a SQL string or sa.text()', v ?? null);
  return { sql: [sql.trim()], notes: ignored(extra, 'execute') };
}

const OPS: Record<string, (call: Call) => OpResult> = {
  create_table: createTable,
  add_column: addColumn,
  drop_column: dropColumn,
  alter_column: alterColumn,
  create_index: createIndex,
  drop_index: dropIndex,
  create_foreign_key: createForeignKey,
  create_unique_constraint: createUnique,
  create_check_constraint: createCheck,
  create_primary_key: createPrimaryKey,
  drop_constraint: dropConstraint,
  rename_table: renameTable,
  drop_table: dropTable,
  create_table_comment: (c) => tableComment(c, false),
  drop_table_comment: (c) => tableComment(c, true),
  execute,
};

const str = (s: string, node: Call['node']): PyValue => ({ kind: 'str', value: s, node });

/** Rewrites a `batch_op.<method>(...)` call into the equivalent `op.<method>(table, ...)` call. */
function fromBatch(method: string, call: Call, batch: BatchTarget): Call {
  const t = str(batch.table, call.node);
  const kwargs = new Map(call.kwargs);
  let args = [...call.args];
  const schemaKey = method === 'create_foreign_key' ? 'source_schema' : 'schema';
  if (batch.schema && method !== 'execute') kwargs.set(schemaKey, str(batch.schema, call.node));
  switch (method) {
    case 'add_column':
    case 'drop_column':
    case 'alter_column':
    case 'create_table_comment':
    case 'drop_table_comment':
      args = [t, ...args];
      break;
    case 'drop_index':
      kwargs.set('table_name', t);
      break;
    case 'execute':
      break;
    default:
      args = [args[0] ?? (kwargs.get('index_name') ?? kwargs.get('constraint_name'))!, t, ...args.slice(1)];
      kwargs.delete('index_name');
      kwargs.delete('constraint_name');
      if (args[0] === undefined) throw new NotUnderstood(`batch ${method} without a name`, call);
  }
  return { ...call, args, kwargs };
}

/** Translates `op.<method>(...)`, or `batch_op.<method>(...)` when `batch` is given. */
export function translateOp(method: string, call: Call, batch: BatchTarget | null): OpResult {
  const fn = OPS[method];
  if (!fn) throw new NotUnderstood(`op.${method}() is not analyzed`);
  return fn(batch ? fromBatch(method, call, batch) : call);
}

/** `sa.Enum(..., name=...).create(bind)` / `.drop(bind)`, on a literal or a bound name. */
export function translateEnumMethod(call: Call): OpResult | null {
  const method = call.func.slice(1);
  const recv = call.receiver;
  if (!recv || !isCall(recv, 'Enum', 'ENUM') || (method !== 'create' && method !== 'drop')) return null;
  const type = renderType(recv).enum;
  if (!type) throw new NotUnderstood('Enum without a native type', recv);
  return { sql: [method === 'create' ? createEnumSql(type) : `DROP TYPE ${qualified(type.schema, type.name)}`], notes: [] };
}
