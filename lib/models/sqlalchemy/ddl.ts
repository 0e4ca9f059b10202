import { createHash } from 'node:crypto';
import { isCall } from '../../migrations/alembic/columns';
import { translateOp } from '../../migrations/alembic/ops';
import { withTypeResolver } from '../../migrations/alembic/project-types';
import { type PyValue, strList, strOf } from '../../migrations/alembic/py-value';
import { NotUnderstood, type RenderedType } from '../../migrations/alembic/sql-render';
import type { ModelStatement, ModelTableDdl, ModelUnresolved } from '../types';
import type { Call, NamingConvention, TableEntry } from './read';

/**
 * A table entry → the DDL `metadata.create_all()` emits for it, through the Alembic reader's create_table /
 * create_index translators (Alembic renders these with the same SQLAlchemy DDL compiler).
 */

const str = (value: string, node: Call['node']): PyValue => ({ kind: 'str', value, node });

/** SQLAlchemy truncates a convention name over 63 characters and appends 4 hex digits of its md5. */
function maxLength(name: string): string {
  if (name.length <= 63) return name;
  return `${name.slice(0, 55)}_${createHash('md5').update(name).digest('hex').slice(-4)}`;
}

function conventionName(template: string, tokens: Record<string, string>): string | null {
  let missing = false;
  const out = template.replace(/%\((\w+)\)s/g, (_, key: string) => {
    if (tokens[key] === undefined) missing = true;
    return tokens[key] ?? '';
  });
  return missing ? null : maxLength(out);
}

function columnTokens(table: string, columns: string[], schema: string | null): Record<string, string> {
  const t: Record<string, string> = { table_name: table };
  if (columns.length > 0) {
    t.column_0_name = columns[0];
    t.column_0_key = columns[0];
    t.column_0_label = `${schema ? `${schema}_` : ''}${table}_${columns[0]}`;
    t.column_0N_name = columns.join('');
    t.column_0_N_name = columns.join('_');
    t.column_0N_key = columns.join('');
    t.column_0_N_key = columns.join('_');
  }
  return t;
}

export function tableDdl(entry: TableEntry, rendered: Map<PyValue, RenderedType>, unresolved: ModelUnresolved[]): ModelTableDdl {
  const conv: NamingConvention = entry.convention;
  const node = entry.columns.values().next().value?.call.node ?? entry.constraints[0]?.call.node;
  const statements: ModelStatement[] = [];
  const schema = entry.schema;
  const at = (line: number) => ({ file: entry.file, line });
  const note = (line: number, message: string) => unresolved.push({ file: entry.file, line, message });
  if (!node) {
    note(entry.line, `${entry.name}: no columns found`);
    return { schema: schema ?? 'public', table: entry.name, statements };
  }
  const name = (key: string, columns: string[], extra: Record<string, string> = {}): string | null =>
    conv[key] ? conventionName(conv[key], { ...columnTokens(entry.name, columns, schema), ...extra }) : null;

  const columnCalls: Call[] = [];
  const constraints: PyValue[] = [];
  const indexes: Array<{ call: Call; line: number }> = [];
  const pkColumns: string[] = [];
  for (const [colName, col] of entry.columns) {
    const kwargs = new Map(col.call.kwargs);
    let args = [...col.call.args];
    const flag = (k: string) => kwargs.get(k)?.kind === 'bool' && (kwargs.get(k) as { value: boolean }).value;
    if (flag('primary_key')) pkColumns.push(colName);
    if (conv.fk) {
      args = args.map((a) => {
        if (!isCall(a, 'ForeignKey') || a.kwargs.has('name')) return a;
        const target = strOf(a.args[0])?.split('.') ?? [];
        const n = name('fk', [colName], { referred_table_name: target.at(-2) ?? '', referred_column_0_name: target.at(-1) ?? '' });
        return n ? { ...a, kwargs: new Map([...a.kwargs, ['name', str(n, a.node)]]) } : a;
      });
    }
    if (conv.uq && flag('unique') && !flag('index')) {
      const n = name('uq', [colName]);
      if (n) {
        kwargs.delete('unique');
        constraints.push({ kind: 'call', func: 'UniqueConstraint', receiver: null, args: [str(colName, node)], kwargs: new Map([['name', str(n, node)]]), node });
      }
    }
    if (conv.ix && flag('index')) {
      const n = name('ix', [colName]);
      if (n) {
        kwargs.delete('index');
        const unique = flag('unique');
        kwargs.delete('unique');
        indexes.push({ call: { kind: 'call', func: 'Index', receiver: null, args: [str(n, node), str(colName, node)], kwargs: new Map(unique ? [['unique', { kind: 'bool', value: true, node }]] : []), node }, line: col.line });
      }
    }
    columnCalls.push({ ...col.call, args, kwargs });
  }
  let explicitPk = false;
  for (const { call, line } of entry.constraints) {
    const kind = call.func.slice(call.func.lastIndexOf('.') + 1);
    if (kind === 'PrimaryKeyConstraint') explicitPk = true;
    const key = { PrimaryKeyConstraint: 'pk', UniqueConstraint: 'uq', CheckConstraint: 'ck', ForeignKeyConstraint: 'fk' }[kind]!;
    const given = strOf(call.kwargs.get('name'));
    let n: string | null = given;
    if (conv[key] && (given === null || conv[key].includes('%(constraint_name)s'))) {
      const cols = kind === 'CheckConstraint' ? [] : kind === 'ForeignKeyConstraint' ? (strList(call.args[0]) ?? []) : call.args.map((a) => strOf(a) ?? '');
      const refs = kind === 'ForeignKeyConstraint' ? (strList(call.args[1]) ?? [])[0]?.split('.') ?? [] : [];
      n = name(key, cols, { ...(given ? { constraint_name: given } : {}), referred_table_name: refs.at(-2) ?? '', referred_column_0_name: refs.at(-1) ?? '' });
      if (n === null) note(line, `${entry.name}: the naming_convention "${key}" needs a token this ${kind} does not give; its name is not known`);
    }
    constraints.push(n !== given && n !== null ? { ...call, kwargs: new Map([...call.kwargs, ['name', str(n, call.node)]]) } : call);
  }
  if (conv.pk && !explicitPk && pkColumns.length > 0) {
    const n = name('pk', pkColumns);
    if (n) constraints.push({ kind: 'call', func: 'PrimaryKeyConstraint', receiver: null, args: pkColumns.map((c) => str(c, node)), kwargs: new Map([['name', str(n, node)]]), node });
  }
  for (const ix of entry.indexes) {
    const given = ix.call.args[0];
    if (given === undefined || given.kind === 'none') {
      const cols = ix.call.args.slice(1).map((a) => strOf(a) ?? '');
      const n = name('ix', cols) ?? null;
      if (!n) {
        note(ix.line, `${entry.name}: Index without a name and no "ix" naming_convention: its name is not known`);
        continue;
      }
      indexes.push({ call: { ...ix.call, args: [str(n, ix.call.node), ...ix.call.args.slice(1)] }, line: ix.line });
    } else indexes.push(ix);
  }

  const kwargs = new Map<string, PyValue>();
  if (schema) kwargs.set('schema', str(schema, node));
  if (entry.comment) kwargs.set('comment', str(entry.comment, node));
  const createTable: Call = { kind: 'call', func: 'op.create_table', receiver: null, args: [str(entry.name, node), ...columnCalls, ...constraints], kwargs, node };
  const resolver = { resolve: (v: PyValue) => (rendered.has(v) ? { kind: 'rendered' as const, type: rendered.get(v)! } : null) };
  try {
    const r = withTypeResolver(resolver, () => translateOp('create_table', createTable, null));
    for (const sql of r.sql) statements.push({ sql, ...at(entry.line) });
  } catch (err) {
    if (!(err instanceof NotUnderstood)) throw err;
    note(entry.line, `${entry.name}: the table could not be rendered (${err.message})`);
    return { schema: schema ?? 'public', table: entry.name, statements };
  }
  for (const ix of indexes) {
    const elements = ix.call.args.slice(1);
    const ikw = new Map<string, PyValue>();
    for (const [k, v] of ix.call.kwargs) if (k !== 'info' && k !== 'quote') ikw.set(k, v);
    if (schema) ikw.set('schema', str(schema, node));
    ikw.set('columns', { kind: 'seq', items: elements, node: ix.call.node });
    const c: Call = { kind: 'call', func: 'op.create_index', receiver: null, args: [ix.call.args[0], str(entry.name, node)], kwargs: ikw, node: ix.call.node };
    try {
      for (const sql of translateOp('create_index', c, null).sql) statements.push({ sql, ...at(ix.line) });
    } catch (err) {
      if (!(err instanceof NotUnderstood)) throw err;
      note(ix.line, `${entry.name}: index ${strOf(ix.call.args[0]) ?? ''} is not understood (${err.message}); it is not compared`);
    }
  }
  return { schema: schema ?? 'public', table: entry.name, statements };
}
