import { type PyValue, strList, strOf } from './py-value';
import {
  type ColumnDef,
  columnIndexName,
  columnSpec,
  type ConstraintDef,
  constraintSql,
  createEnumSql,
  explain,
  type Findings,
  isCall,
  newFindings,
  readColumn,
  readConstraint,
  readName,
  serialColumn,
  type UnverifiedRef,
} from './columns';
import { currentEnumMemo } from './project-types';
import { NotUnderstood, qualified, quoteIdent, renderExpression, renderServerDefault, renderType, sqlString, textOf } from './sql-render';

/**
 * `op.*` calls → the PostgreSQL statements Alembic 1.8 + SQLAlchemy 1.4 emit for them.
 * Each translator throws NotUnderstood for anything outside what it knows; `notes` collects arguments it
 * ignored, which the caller reports as unanalyzed while keeping the statements.
 */

export type Call = PyValue & { kind: 'call' };
export type { UnverifiedRef };

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

/** A constraint or index name (op.f()/conv() truncated as SQLAlchemy does); null for None. */
function optName(v: PyValue | undefined, what: string, findings: Findings | null = null): string | null {
  return readName(v, what, findings);
}

function reqName(v: PyValue | undefined, what: string, findings: Findings): string {
  return need(readName(v, what, findings), what, v);
}

function withFindings(r: { sql: string[]; notes: string[] }, f: Findings): OpResult {
  const out: OpResult = { sql: r.sql, notes: [...f.notes, ...r.notes] };
  if (f.unverified.length) out.unverified = f.unverified;
  return out;
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
  // SQLAlchemy creates a table's native enums in its before_create event and memoizes them per DDL runner
  // (`_pg_enums`): a later create_table of the same translation using the same named enum does not create it again.
  const seen = currentEnumMemo() ?? new Set<string>();
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
  const { p, extra } = bind({ ...call, args: [nameV] }, ['table_name'], ['schema', 'comment', 'info', 'if_not_exists', 'prefixes']);
  const schema = optStr(p.get('schema'), 'schema');
  const name = nameOf(p.get('table_name'), 'table name');
  const ref = qualified(schema, name);
  const f = newFindings();
  const at = { schema, table: name };
  const lost = (what: string, e: NotUnderstood) => {
    f.notes.push(`create_table: ${what} not understood, the table is created without it: ${explain(e)}`);
    f.unverified.push({ kind: 'table', schema, table: name, name, attribute: 'constraints', reason: `${what}: ${e.message}` });
  };
  const columns: ColumnDef[] = [];
  const constraints: ConstraintDef[] = [];
  for (const item of items) {
    try {
      if (isCall(item, 'Column')) columns.push(readColumn(item, at, f));
      else {
        const c = readConstraint(item, f);
        if (!c) throw new NotUnderstood('not an sa.Column, constraint or index', item);
        constraints.push(c);
      }
    } catch (e) {
      if (!(e instanceof NotUnderstood)) throw e;
      lost(isCall(item, 'Column') ? 'a column' : 'an argument', e);
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
  // use_alter foreign keys are left out of CREATE TABLE by SQLAlchemy's compiler, and Alembic's create_table
  // does not add them afterwards (only MetaData.create_all does): real Alembic never creates them.
  const deferred = (fk: { useAlter?: boolean; name: string | null; columns: string[] }) => {
    if (!fk.useAlter) return false;
    f.notes.push(`create_table: foreign key ${fk.name ?? `(${fk.columns.join(', ')})`} has use_alter=True: SQLAlchemy leaves it out of CREATE TABLE and Alembic's create_table never adds it (use op.create_foreign_key)`);
    return true;
  };
  for (const c of constraints) if (c.kind !== 'primary' && c.kind !== 'index' && !(c.kind === 'foreign' && deferred(c))) lines.push(constraintSql(c));
  // Column-level flags become constraints after the explicit ones (SQLAlchemy's creation order).
  for (const c of columns) {
    if (c.unique && !c.index) lines.push(constraintSql({ kind: 'unique', name: null, columns: [c.name], deferrable: null, initially: null }));
    for (const fk of c.foreignKeys) if (!deferred(fk)) lines.push(constraintSql({ kind: 'foreign', ...fk }));
  }

  const ifNotExists = optBool(p.get('if_not_exists')) === true ? 'IF NOT EXISTS ' : '';
  const sql = [...enumStatements(columns), `CREATE TABLE ${ifNotExists}${ref} (\n    ${lines.join(',\n    ')}\n)`];
  for (const c of columns) {
    if (c.index) sql.push(`CREATE ${c.unique ? 'UNIQUE ' : ''}INDEX ${quoteIdent(columnIndexName(schema, name, c.name))} ON ${ref} (${quoteIdent(c.name)})`);
  }
  for (const c of constraints) {
    if (c.kind !== 'index') continue;
    if (c.name === null) {
      f.notes.push('create_table: sa.Index without a name is not created (no naming convention here)');
      continue;
    }
    sql.push(`CREATE ${c.unique ? 'UNIQUE ' : ''}INDEX ${quoteIdent(c.name)} ON ${ref} (${c.elements.join(', ')})`);
  }
  const comment = optStr(p.get('comment'), 'comment');
  if (comment !== null) sql.push(`COMMENT ON TABLE ${ref} IS ${sqlString(comment)}`);
  for (const c of columns) if (c.comment !== null) sql.push(columnComment(ref, c.name, c.comment));
  return withFindings({ sql, notes: ignored(extra, 'create_table') }, f);
}

function addColumn(call: Call): OpResult {
  const { p, extra } = bind(call, ['table_name', 'column', 'schema'], ['insert_before', 'insert_after']);
  const schema = optStr(p.get('schema'), 'schema');
  const name = nameOf(p.get('table_name'), 'table name');
  const ref = qualified(schema, name);
  const colV = p.get('column');
  if (!isCall(colV, 'Column')) throw new NotUnderstood('add_column needs an sa.Column(...)', colV ?? null);
  const f = newFindings();
  const c = readColumn(colV, { schema, table: name }, f);
  const serial = c.primaryKey && serialColumn([c], [c.name]) !== null;
  const notNull = c.nullable === undefined ? c.primaryKey : !c.nullable;
  // Alembic does not create the Enum type here (unlike create_table): the type must already exist.
  const checks = c.checks.map((k) => ` ${constraintSql(k)}`).join('');
  const sql = [`ALTER TABLE ${ref} ADD COLUMN ${columnSpec(c, { serial, notNull })}${checks}`];
  for (const fk of c.foreignKeys) sql.push(`ALTER TABLE ${ref} ADD ${constraintSql({ kind: 'foreign', ...fk })}`);
  if (c.unique && !c.index) sql.push(`ALTER TABLE ${ref} ADD UNIQUE (${quoteIdent(c.name)})`);
  if (c.index) sql.push(`CREATE ${c.unique ? 'UNIQUE ' : ''}INDEX ${quoteIdent(columnIndexName(schema, name, c.name))} ON ${ref} (${quoteIdent(c.name)})`);
  if (c.comment !== null) sql.push(columnComment(ref, c.name, c.comment));
  return withFindings({ sql, notes: ignored(extra, 'add_column') }, f);
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
  const schema = optStr(p.get('schema'), 'schema');
  const tableName = nameOf(p.get('table_name'), 'table name');
  const colName = nameOf(p.get('column_name'), 'column name');
  const col = quoteIdent(colName);
  const f = newFindings();
  const unverified = (attribute: string, reason: string) =>
    f.unverified.push({ kind: 'column', schema, table: tableName, name: optName(p.get('new_column_name'), 'new_column_name') ?? colName, attribute, reason });
  const sql: string[] = [];
  const typeV = p.get('type_');
  if (typeV && typeV.kind !== 'none') {
    try {
      const using = p.get('postgresql_using');
      sql.push(`ALTER TABLE ${ref} ALTER COLUMN ${col} TYPE ${renderType(typeV).sql}${using && using.kind !== 'none' ? ` USING ${renderExpression(using)}` : ''}`);
    } catch (e) {
      if (!(e instanceof NotUnderstood)) throw e;
      // Without the new type the column keeps the one it had: its type is what cannot be checked.
      f.notes.push(`alter_column: type not resolved, the column keeps its previous type here: ${explain(e)}`);
      unverified('type', e.message);
    }
  }
  const nullable = optBool(p.get('nullable'));
  if (nullable !== null) sql.push(`ALTER TABLE ${ref} ALTER COLUMN ${col} ${nullable ? 'DROP' : 'SET'} NOT NULL`);
  const sd = p.get('server_default');
  if (sd && !(sd.kind === 'bool' && !sd.value)) {
    try {
      sql.push(sd.kind === 'none' ? `ALTER TABLE ${ref} ALTER COLUMN ${col} DROP DEFAULT` : `ALTER TABLE ${ref} ALTER COLUMN ${col} SET DEFAULT ${renderServerDefault(sd)}`);
    } catch (e) {
      if (!(e instanceof NotUnderstood)) throw e;
      f.notes.push(`alter_column: server_default not understood, the default is left as it was: ${explain(e)}`);
      unverified('default', e.message);
    }
  }
  const comment = p.get('comment');
  if (comment && !(comment.kind === 'bool' && !comment.value)) {
    sql.push(columnComment(ref, nameOf(p.get('column_name'), 'column name'), optStr(comment, 'comment')));
  }
  const newName = optName(p.get('new_column_name'), 'new_column_name');
  if (newName !== null) sql.push(`ALTER TABLE ${ref} RENAME ${col} TO ${quoteIdent(newName)}`);
  return withFindings({ sql, notes: ignored(extra, 'alter_column') }, f);
}

function indexElement(v: PyValue, ops: Map<string, string>): string {
  const text = textOf(v);
  if (text !== null) return text;
  const s = strOf(v);
  if (s === null) throw new NotUnderstood('index element is not a column name or sa.text()', v);
  return quoteIdent(s) + (ops.has(s) ? ` ${ops.get(s)}` : '');
}

function createIndex(call: Call): OpResult {
  const known = ['postgresql_where', 'postgresql_using', 'postgresql_concurrently', 'postgresql_ops', 'postgresql_include', 'postgresql_with', 'postgresql_tablespace', 'postgresql_nulls_not_distinct', 'if_not_exists', 'info'];
  const { p, extra } = bind(call, ['index_name', 'table_name', 'columns', 'schema', 'unique'], known);
  const f = newFindings();
  const name = reqName(p.get('index_name'), 'index name', f);
  const ops = new Map<string, string>();
  const opsV = p.get('postgresql_ops');
  if (opsV?.kind === 'dict') for (const [k, v] of opsV.entries) ops.set(need(strOf(k), 'postgresql_ops key', k), need(strOf(v), 'postgresql_ops value', v));
  const colsV = p.get('columns');
  const elements = colsV?.kind === 'seq' ? colsV.items : colsV ? [colsV] : [];
  if (elements.length === 0) throw new NotUnderstood('create_index without columns', call);
  const schema = optStr(p.get('schema'), 'schema');
  const tableName = nameOf(p.get('table_name'), 'table name');
  const parts: string[] = [];
  for (const e of elements) {
    try {
      parts.push(indexElement(e, ops));
    } catch (err) {
      if (!(err instanceof NotUnderstood)) throw err;
      // One element less would build a different index: the index is not created, and says so.
      f.notes.push(`create_index: element not understood, index "${name}" is not created: ${explain(err)}`);
      f.unverified.push({ kind: 'table', schema, table: tableName, name: tableName, attribute: 'indexes', reason: `index ${name}: ${err.message}` });
      return withFindings({ sql: [], notes: ignored(extra, 'create_index') }, f);
    }
  }
  const ifNotExists = optBool(p.get('if_not_exists')) ? 'IF NOT EXISTS ' : '';
  let sql = `CREATE ${optBool(p.get('unique')) ? 'UNIQUE ' : ''}INDEX ${optBool(p.get('postgresql_concurrently')) ? 'CONCURRENTLY ' : ''}${ifNotExists}${quoteIdent(name)} ON ${table(p)}`;
  const using = optStr(p.get('postgresql_using'), 'postgresql_using');
  if (using) sql += ` USING ${using}`;
  sql += ` (${parts.join(', ')})`;
  const include = p.get('postgresql_include');
  if (include) sql += ` INCLUDE (${need(strList(include), 'postgresql_include', include).map(quoteIdent).join(', ')})`;
  if (optBool(p.get('postgresql_nulls_not_distinct'))) sql += ' NULLS NOT DISTINCT';
  const withV = p.get('postgresql_with');
  if (withV?.kind === 'dict') sql += ` WITH (${withV.entries.map(([k, v]) => `${need(strOf(k), 'postgresql_with key', k)} = ${v.kind === 'str' ? v.value : renderExpression(v)}`).join(', ')})`;
  const ts = optStr(p.get('postgresql_tablespace'), 'postgresql_tablespace');
  if (ts) sql += ` TABLESPACE ${quoteIdent(ts)}`;
  const where = p.get('postgresql_where');
  if (where && where.kind !== 'none') sql += ` WHERE ${renderExpression(where)}`;
  return withFindings({ sql: [sql], notes: ignored(extra, 'create_index') }, f);
}

function dropIndex(call: Call): OpResult {
  const { p, extra } = bind(call, ['index_name', 'table_name', 'schema'], ['postgresql_concurrently', 'if_exists']);
  const f = newFindings();
  const concurrently = optBool(p.get('postgresql_concurrently')) ? 'CONCURRENTLY ' : '';
  const ifExists = optBool(p.get('if_exists')) ? 'IF EXISTS ' : '';
  const name = qualified(optStr(p.get('schema'), 'schema'), reqName(p.get('index_name'), 'index name', f));
  return withFindings({ sql: [`DROP INDEX ${concurrently}${ifExists}${name}`], notes: ignored(extra, 'drop_index') }, f);
}

function createForeignKey(call: Call): OpResult {
  const { p, extra } = bind(
    call,
    ['constraint_name', 'source_table', 'referent_table', 'local_cols', 'remote_cols', 'onupdate', 'ondelete', 'deferrable', 'initially', 'match', 'source_schema', 'referent_schema'],
    ['postgresql_not_valid', 'use_alter'],
  );
  const f = newFindings();
  const fk: ConstraintDef = {
    kind: 'foreign',
    name: optName(p.get('constraint_name'), 'constraint name', f),
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
  // use_alter= (Alembic >= 1.13) only matters inside CREATE TABLE: here it is an ALTER anyway.
  return withFindings({ sql: [`ALTER TABLE ${table(p, 'source_table', 'source_schema')} ADD ${constraintSql(fk)}`], notes: ignored(extra, 'create_foreign_key') }, f);
}

function createUnique(call: Call): OpResult {
  const { p, extra } = bind(call, ['constraint_name', 'table_name', 'columns', 'schema'], ['deferrable', 'initially', 'postgresql_nulls_not_distinct']);
  const f = newFindings();
  const c: ConstraintDef = {
    kind: 'unique',
    name: optName(p.get('constraint_name'), 'constraint name', f),
    columns: need(strList(p.get('columns')), 'columns', p.get('columns')),
    deferrable: optBool(p.get('deferrable')),
    initially: optStr(p.get('initially'), 'initially'),
    nullsNotDistinct: optBool(p.get('postgresql_nulls_not_distinct')) === true,
  };
  return withFindings({ sql: [`ALTER TABLE ${table(p)} ADD ${constraintSql(c)}`], notes: ignored(extra, 'create_unique_constraint') }, f);
}

function createCheck(call: Call): OpResult {
  const { p, extra } = bind(call, ['constraint_name', 'table_name', 'condition', 'schema']);
  const cond = p.get('condition');
  if (!cond) throw new NotUnderstood('create_check_constraint without a condition', call);
  const f = newFindings();
  const c: ConstraintDef = { kind: 'check', name: optName(p.get('constraint_name'), 'constraint name', f), sql: renderExpression(cond) };
  return withFindings({ sql: [`ALTER TABLE ${table(p)} ADD ${constraintSql(c)}`], notes: ignored(extra, 'create_check_constraint') }, f);
}

function createPrimaryKey(call: Call): OpResult {
  const { p, extra } = bind(call, ['constraint_name', 'table_name', 'columns', 'schema']);
  const f = newFindings();
  const c: ConstraintDef = { kind: 'primary', name: optName(p.get('constraint_name'), 'constraint name', f), columns: need(strList(p.get('columns')), 'columns', p.get('columns')) };
  return withFindings({ sql: [`ALTER TABLE ${table(p)} ADD ${constraintSql(c)}`], notes: ignored(extra, 'create_primary_key') }, f);
}

function dropConstraint(call: Call): OpResult {
  const { p, extra } = bind(call, ['constraint_name', 'table_name', 'type_', 'schema'], ['if_exists']);
  const f = newFindings();
  const ifExists = optBool(p.get('if_exists')) ? 'IF EXISTS ' : '';
  return withFindings({ sql: [`ALTER TABLE ${table(p)} DROP CONSTRAINT ${ifExists}${quoteIdent(reqName(p.get('constraint_name'), 'constraint name', f))}`], notes: ignored(extra, 'drop_constraint') }, f);
}

function renameTable(call: Call): OpResult {
  const { p, extra } = bind(call, ['old_table_name', 'new_table_name', 'schema']);
  return { sql: [`ALTER TABLE ${table(p, 'old_table_name')} RENAME TO ${quoteIdent(nameOf(p.get('new_table_name'), 'new table name'))}`], notes: ignored(extra, 'rename_table') };
}

function dropTable(call: Call): OpResult {
  const { p, extra } = bind(call, ['table_name', 'schema'], ['if_exists']);
  return { sql: [`DROP TABLE ${optBool(p.get('if_exists')) ? 'IF EXISTS ' : ''}${table(p)}`], notes: ignored(extra, 'drop_table') };
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
