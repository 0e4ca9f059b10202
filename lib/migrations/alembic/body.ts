import type { MigrationStatement, Unanalyzed, UnverifiedAttribute } from '../../model/migration';
import type { PyNode } from './python-parser';
import { evalPy, lineOf, type PyValue, type Scope, strOf } from './py-value';
import { type BatchTarget, type Call, type OpResult, translateEnumMethod, translateOp } from './ops';
import { NotUnderstood, textOf } from './sql-render';

/**
 * Walks the body of upgrade()/downgrade(): op.* calls become SQL statements; with-blocks for batch mode and
 * autocommit are followed; simple assignments feed a scope; everything else is reported as unanalyzed.
 */

interface Walk {
  file: string;
  scope: Scope;
  inTransaction: boolean;
  batch: (BatchTarget & { alias: string }) | null;
  /** Prefix for unanalyzed reasons (`downgrade(): `). */
  where: string;
  statements: MigrationStatement[];
  unanalyzed: Unanalyzed[];
  unverified: UnverifiedAttribute[];
}

export interface BodyResult {
  statements: MigrationStatement[];
  unanalyzed: Unanalyzed[];
  unverified: UnverifiedAttribute[];
}

const NO_EFFECT_OPS = new Set(['get_bind', 'get_context', 'f', 'inline_literal', 'implementation_for']);

function named(node: PyNode): PyNode[] {
  return node.namedChildren.filter((c): c is PyNode => c !== null && c.type !== 'comment');
}

function firstLine(node: PyNode): string {
  return node.text.split('\n')[0].trim();
}

function report(w: Walk, node: PyNode, reason: string): void {
  w.unanalyzed.push({ file: w.file, line: lineOf(node), code: firstLine(node), reason: w.where + reason });
}

function emit(w: Walk, node: PyNode, origin: string, result: OpResult): void {
  for (const sql of result.sql) w.statements.push({ sql, line: lineOf(node), origin, inTransaction: w.inTransaction });
  for (const note of result.notes) report(w, node, note);
  for (const u of result.unverified ?? []) w.unverified.push({ ...u, file: w.file, line: lineOf(node) });
}

function attempt(w: Walk, node: PyNode, origin: string, fn: () => OpResult): void {
  try {
    emit(w, node, origin, fn());
  } catch (e) {
    if (!(e instanceof NotUnderstood)) throw e;
    const detail = e.value && e.value.node !== node ? `: ${firstLine(e.value.node)}` : '';
    report(w, node, `${e.message}${detail}`);
  }
}

function isBindCall(v: PyValue | null): boolean {
  return v?.kind === 'call' && (v.func === 'op.get_bind' || (v.func === '.bind' && v.receiver?.kind === 'call' && v.receiver.func === 'op.get_context'));
}

function handleCall(w: Walk, node: PyNode, v: PyValue): void {
  if (v.kind !== 'call') return report(w, node, 'expression not understood');
  const call = v as Call;
  if (call.func.startsWith('op.') && !call.receiver) {
    const method = call.func.slice(3);
    if (NO_EFFECT_OPS.has(method)) return;
    return attempt(w, node, call.func, () => translateOp(method, call, null));
  }
  if (w.batch && call.func.startsWith(`${w.batch.alias}.`) && !call.receiver) {
    const method = call.func.slice(w.batch.alias.length + 1);
    const batch = w.batch;
    return attempt(w, node, `batch_op.${method}`, () => translateOp(method, call, batch));
  }
  if (call.func === '.execute' && isBindCall(call.receiver)) {
    // bind.execute("SQL") / bind.execute(sa.text("SQL")) runs the SQL as op.execute would.
    const sql = call.args.length === 1 ? (strOf(call.args[0]) ?? textOf(call.args[0])) : null;
    if (sql === null) return report(w, node, 'bind.execute() with something other than a SQL string');
    return emit(w, node, 'bind.execute', { sql: [sql.trim()], notes: [] });
  }
  if (call.func.startsWith('.')) {
    return attempt(w, node, `Enum${call.func}`, () => {
      const r = translateEnumMethod(call);
      if (!r) throw new NotUnderstood(`method call ${call.func}() not analyzed`);
      return r;
    });
  }
  report(w, node, `call to ${call.func}() not analyzed`);
}

const PURE_MODULES = new Set(['sa', 'sqlalchemy', 'postgresql', 'pg', 'sqlmodel', 'types']);
const PURE_FUNCS = new Set(['op.get_bind', 'op.get_context', 'op.f', 'op.inline_literal', 'table', 'column', 'text', 'literal_column', 'conv']);

/** Calls that only build SQLAlchemy objects (types, columns, text): safe to bind to a name. */
function isPureCall(v: PyValue): boolean {
  if (v.kind !== 'call' || v.receiver) return false;
  if (PURE_FUNCS.has(v.func) || PURE_FUNCS.has(v.func.slice(v.func.lastIndexOf('.') + 1))) return true;
  const head = v.func.split('.')[0];
  return PURE_MODULES.has(head) || /^[A-Z]/.test(head);
}

function handleAssignment(w: Walk, node: PyNode): void {
  const left = node.childForFieldName('left');
  const right = node.childForFieldName('right');
  if (!left || !right || left.type !== 'identifier') return report(w, node, 'assignment not analyzed');
  const value = evalPy(right, w.scope);
  // `t = op.create_table(...)` still runs the op; other calls with effects (`conn.execute(...)`) are reported.
  if (right.type === 'call' && value.kind === 'call' && value.func.startsWith('op.')) handleCall(w, right, value);
  else if (right.descendantsOfType('call').some((c) => c && !isPureCall(evalPy(c, w.scope)))) report(w, node, 'assignment from a call not analyzed');
  w.scope.set(left.text, value);
}

function handleWith(w: Walk, node: PyNode): void {
  const clause = named(node).find((c) => c.type === 'with_clause');
  const body = node.childForFieldName('body');
  const items = clause ? named(clause) : [];
  if (!body || items.length !== 1) return report(w, node, 'with-statement not analyzed');
  let valueNode = items[0].childForFieldName('value')!;
  let alias: string | null = null;
  if (valueNode.type === 'as_pattern') {
    const target = valueNode.childForFieldName('alias') ?? named(valueNode)[1];
    alias = target ? target.text : null;
    valueNode = named(valueNode)[0];
  }
  const v = evalPy(valueNode, w.scope);
  if (v.kind === 'call' && v.func === 'op.batch_alter_table' && alias) {
    const tableV = v.args[0] ?? v.kwargs.get('table_name');
    const table = strOf(tableV);
    const schemaV = v.kwargs.get('schema');
    const schema = schemaV && schemaV.kind !== 'none' ? strOf(schemaV) : null;
    if (table === null || (schemaV && schemaV.kind !== 'none' && schema === null)) return report(w, node, 'batch_alter_table() table is not a literal');
    const ignored = [...v.kwargs.keys()].filter((k) => !['table_name', 'schema', 'recreate'].includes(k));
    const recreate = strOf(v.kwargs.get('recreate'));
    if (recreate === 'always') report(w, node, 'batch_alter_table(recreate="always") copies the table; analyzed as plain ALTERs');
    if (ignored.length) report(w, node, `batch_alter_table: argument(s) ${ignored.map((k) => `${k}=`).join(', ')} not analyzed`);
    return walkBlock({ ...w, batch: { table, schema, alias } }, body);
  }
  if (v.kind === 'call' && v.func === '.autocommit_block' && v.receiver?.kind === 'call' && v.receiver.func === 'op.get_context') {
    return walkBlock({ ...w, inTransaction: false }, body);
  }
  report(w, node, 'with-statement not analyzed');
}

function walkBlock(w: Walk, block: PyNode): void {
  for (const stmt of named(block)) {
    switch (stmt.type) {
      case 'pass_statement':
      case 'import_statement':
      case 'import_from_statement':
        break;
      case 'expression_statement': {
        const e = named(stmt)[0];
        if (!e || e.type === 'string' || e.type === 'concatenated_string') break;
        if (e.type === 'assignment') handleAssignment(w, e);
        else if (e.type === 'call') handleCall(w, e, evalPy(e, w.scope));
        else report(w, stmt, 'expression not analyzed');
        break;
      }
      case 'with_statement':
        handleWith(w, stmt);
        break;
      case 'return_statement':
        if (named(stmt).length > 0) report(w, stmt, 'return with a value not analyzed');
        break;
      default:
        report(w, stmt, `${stmt.type.replace(/_/g, ' ')} not analyzed`);
    }
  }
}

/** Translates one function body. `scope` holds the module's simple assignments (copied, not changed). */
export function translateBody(file: string, body: PyNode, scope: Scope, where = ''): BodyResult {
  const w: Walk = { file, scope: new Map(scope), inTransaction: true, batch: null, where, statements: [], unanalyzed: [], unverified: [] };
  walkBlock(w, body);
  return { statements: w.statements, unanalyzed: w.unanalyzed, unverified: w.unverified };
}

/** False when a downgrade body only passes, documents or raises. */
export function hasEffect(body: PyNode): boolean {
  return named(body).some((s) => {
    if (s.type === 'pass_statement' || s.type === 'raise_statement') return false;
    if (s.type === 'expression_statement') {
      const e = named(s)[0];
      return !!e && e.type !== 'string' && e.type !== 'concatenated_string' && !(e.type === 'ellipsis');
    }
    return true;
  });
}
