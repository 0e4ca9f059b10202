import type { OpResult, Call } from './ops';
import { baseName, type PyValue, strList, strOf } from './py-value';
import { NotUnderstood } from './sql-render';

/**
 * Operations that widely used Alembic extensions register on `op` (they cannot run with a stock Alembic):
 * translated to the SQL the extension itself runs, read from the extension's source.
 *
 * - alembic-postgresql-enum: `op.sync_enum_values(enum_schema, enum_name, new_values, affected_columns,
 *   enum_values_to_rename=[])` — renames the type to `<name>_old`, creates the new one, casts every affected
 *   column through text, drops the old type.
 * - alembic-autogenerate-enums: `op.sync_enum_values(schema, name, old_values, new_values,
 *   affected_columns=None, should_reverse=False)` — `ALTER TYPE … ADD VALUE` outside a transaction, or the
 *   rename/recreate dance when `should_reverse` is true.
 */

export interface PluginStatement {
  sql: string;
  /** False for statements the extension runs after a COMMIT (ADD VALUE). */
  inTransaction: boolean;
}

export interface PluginResult extends Omit<OpResult, 'sql'> {
  statements: PluginStatement[];
}

function quoted(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

function strings(v: PyValue | undefined, what: string): string[] {
  const list = strList(v);
  if (list === null) throw new NotUnderstood(`${what} is not a literal list of strings`, v ?? null);
  return list;
}

function pairs(v: PyValue | undefined, what: string): Array<[string, string]> {
  if (!v || v.kind === 'none') return [];
  if (v.kind === 'call' && (v.func === 'tuple' || v.func === 'list') && v.args.length === 0) return [];
  if (v.kind !== 'seq') throw new NotUnderstood(`${what} is not a literal list`, v);
  return v.items.map((i) => {
    const pair = strList(i);
    if (pair === null || pair.length !== 2 || i.kind !== 'seq') throw new NotUnderstood(`${what} entry is not an (old, new) pair`, i);
    return [pair[0], pair[1]];
  });
}

interface ColumnRef {
  tableWithSchema: string;
  column: string;
  array: boolean;
  /** The default as PostgreSQL reports it (`'a'::status`); undefined when only the database knows it. */
  existingDefault: string | null | undefined;
}

/** alembic-postgresql-enum's TableReference(...) or an old-style (table, column[, ColumnType]) tuple. */
function columnRef(v: PyValue, enumSchema: string): ColumnRef {
  if (v.kind === 'call' && baseName(v.func) === 'TableReference') {
    const arg = (i: number, k: string) => v.kwargs.get(k) ?? v.args[i];
    const table = strOf(arg(0, 'table_name'));
    const column = strOf(arg(1, 'column_name'));
    if (table === null || column === null) throw new NotUnderstood('TableReference table/column is not a literal', v);
    const schemaV = arg(2, 'table_schema');
    const schema = schemaV === undefined ? enumSchema : schemaV.kind === 'none' ? null : strOf(schemaV);
    if (schemaV !== undefined && schemaV.kind !== 'none' && schema === null) throw new NotUnderstood('TableReference table_schema is not a literal', schemaV);
    const typeV = arg(3, 'column_type');
    const defV = arg(4, 'existing_server_default');
    const existing = defV === undefined || defV.kind === 'none' ? null : strOf(defV);
    if (defV !== undefined && defV.kind !== 'none' && existing === null) throw new NotUnderstood('existing_server_default is not a literal', defV);
    return { tableWithSchema: schema ? `${schema}.${table}` : table, column, array: typeV?.kind === 'name' && baseName(typeV.name) === 'ARRAY', existingDefault: existing };
  }
  if (v.kind === 'seq' && v.items.length >= 2) {
    const [table, column] = [strOf(v.items[0]), strOf(v.items[1])];
    if (table === null || column === null) throw new NotUnderstood('affected column is not a literal (table, column)', v);
    const t = v.items[2];
    return { tableWithSchema: `${enumSchema}.${table}`, column, array: t?.kind === 'name' && baseName(t.name) === 'ARRAY', existingDefault: undefined };
  }
  throw new NotUnderstood('affected column is neither a TableReference nor a (table, column) tuple', v);
}

/** rename_default_if_required: the old default re-pointed at the new type (values renamed). */
function renamedDefault(existing: string, schema: string, name: string, renames: Array<[string, string]>): string {
  const newEnum = schema ? `${schema}.${name}` : name;
  const swap = (s: string) => renames.reduce((acc, [o, n]) => acc.split(`'${o}'`).join(`'${n}'`).split(`"${o}"`).join(`"${n}"`), s);
  if (existing.startsWith('ARRAY[')) return swap(existing).replace(/::[.\w]+/g, `::${newEnum}`);
  const cut = existing.indexOf('::');
  const head = swap(cut < 0 ? existing : existing.slice(0, cut));
  return existing.endsWith('[]') ? `${head}::${newEnum}[]` : `${head}::${newEnum}`;
}

function postgresqlEnumSync(call: Call): PluginResult {
  const arg = (i: number, k: string) => call.kwargs.get(k) ?? call.args[i];
  const schema = strOf(arg(0, 'enum_schema'));
  const name = strOf(arg(1, 'enum_name'));
  if (schema === null || name === null) throw new NotUnderstood('sync_enum_values enum_schema/enum_name is not a literal', call);
  const values = strings(arg(2, 'new_values'), 'new_values');
  const affectedV = arg(3, 'affected_columns');
  if (!affectedV || affectedV.kind !== 'seq') throw new NotUnderstood('affected_columns is not a literal list', affectedV ?? call);
  const renames = pairs(arg(4, 'enum_values_to_rename'), 'enum_values_to_rename');
  const type = `${schema}.${name}`;
  const notes: string[] = [];
  const sql = [`ALTER TYPE ${type} RENAME TO ${name}_old`, `CREATE TYPE ${type} AS ENUM(${values.map(quoted).join(', ')})`];
  // The extension also creates and drops two comparison operators between the new and old type around the
  // casts (for partial indexes on the column): no lasting catalog effect, left out.
  for (const ref of affectedV.items.map((i) => columnRef(i, schema))) {
    if (ref.existingDefault === undefined) notes.push(`sync_enum_values: the default of ${ref.tableWithSchema}.${ref.column} is read from the database at run time; assumed none`);
    const alter = `ALTER TABLE ${ref.tableWithSchema} ALTER COLUMN ${ref.column}`;
    if (ref.existingDefault) sql.push(`${alter} DROP DEFAULT`);
    if (ref.array) {
      const cast = renames.reduce((acc, [o, n]) => `array_replace(${acc}, ${quoted(o)}, ${quoted(n)})`, `${ref.column}::text[]`);
      sql.push(`${alter} TYPE ${type}[] USING ${cast}::${type}[]`);
    } else if (renames.length) {
      const whens = renames.map(([o, n]) => `WHEN ${ref.column}::text = ${quoted(o)} THEN ${quoted(n)}::${type}`).join(' ');
      sql.push(`${alter} TYPE ${type} USING CASE ${whens} ELSE ${ref.column}::text::${type} END`);
    } else {
      sql.push(`${alter} TYPE ${type} USING ${ref.column}::text::${type}`);
    }
    if (ref.existingDefault) sql.push(`${alter} SET DEFAULT ${renamedDefault(ref.existingDefault, schema, name, renames)}`);
  }
  sql.push(`DROP TYPE ${schema}.${name}_old`);
  return { statements: sql.map((s) => ({ sql: s, inTransaction: true })), notes };
}

function autogenerateEnumsSync(call: Call): PluginResult {
  const arg = (i: number, k: string) => call.kwargs.get(k) ?? call.args[i];
  const schema = strOf(arg(0, 'schema'));
  const name = strOf(arg(1, 'name'));
  if (schema === null || name === null) throw new NotUnderstood('sync_enum_values schema/name is not a literal', call);
  const oldValues = strings(arg(2, 'old_values'), 'old_values');
  const newValues = strings(arg(3, 'new_values'), 'new_values');
  const affectedV = arg(4, 'affected_columns');
  const reverse = arg(5, 'should_reverse');
  const type = `${schema}.${name}`;
  if (reverse?.kind === 'bool' && reverse.value && affectedV && affectedV.kind !== 'none') {
    if (affectedV.kind !== 'seq') throw new NotUnderstood('affected_columns is not a literal list', affectedV);
    const values = [...new Set(newValues)].sort();
    const sql = [`ALTER TYPE ${type} RENAME TO ${name}_old`, `CREATE TYPE ${type} AS ENUM(${values.map(quoted).join(', ')})`];
    for (const item of affectedV.items) {
      const pair = strList(item);
      if (pair === null || pair.length !== 2) throw new NotUnderstood('affected column is not a literal (table, column)', item);
      sql.push(`ALTER TABLE ${pair[0]} ALTER COLUMN ${pair[1]} TYPE ${type} USING ${pair[1]}::text::${type}`);
    }
    sql.push(`DROP TYPE ${type}_old`);
    return { statements: sql.map((s) => ({ sql: s, inTransaction: true })), notes: [] };
  }
  const added = [...new Set(newValues)].filter((v) => !oldValues.includes(v));
  // The extension COMMITs and adds the values in Python set order, which varies between runs.
  const notes = added.length > 1 ? [`sync_enum_values adds ${added.length} values in an order Python's set decides; their order in ${type} is not verified`] : [];
  return { statements: added.map((v) => ({ sql: `ALTER TYPE ${type} ADD VALUE ${quoted(v)}`, inTransaction: false })), notes };
}

/** True when the call has alembic-autogenerate-enums' shape (old and new value lists) rather than alembic-postgresql-enum's. */
function isAutogenerateEnums(call: Call): boolean {
  if (call.kwargs.has('enum_schema') || call.kwargs.has('enum_name') || call.kwargs.has('enum_values_to_rename')) return false;
  if (call.kwargs.has('old_values') || call.kwargs.has('should_reverse') || call.kwargs.has('schema')) return true;
  const third = call.args[3] ?? call.kwargs.get('new_values');
  return call.args.length >= 4 && third !== undefined && third.kind === 'seq' && third.items.length > 0 && third.items.every((i) => i.kind === 'str');
}

export const PLUGIN_OPS: Record<string, (call: Call) => PluginResult> = {
  sync_enum_values: (call) => (isAutogenerateEnums(call) ? autogenerateEnumsSync(call) : postgresqlEnumSync(call)),
};

export function isPluginOp(method: string): boolean {
  return Object.hasOwn(PLUGIN_OPS, method);
}

export function translatePluginOp(method: string, call: Call): PluginResult {
  return PLUGIN_OPS[method](call);
}
