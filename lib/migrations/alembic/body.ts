import type { MigrationStatement, Unanalyzed, UnverifiedAttribute } from '../../model/migration';
import type { PyNode } from './python-parser';
import { evalPy, firstUnknown, lineOf, type PyValue, type Scope, strOf } from './py-value';
import { type BatchTarget, type Call, type OpResult, translateEnumMethod, translateOp } from './ops';
import { NotUnderstood, textOf } from './sql-render';
import { dialectCondition, type DialectEnv, type DialectValue, evalDialect } from './dialect';
import { isPluginOp, translatePluginOp } from './plugin-ops';

/**
 * Walks the body of upgrade()/downgrade() as Alembic would run it on PostgreSQL: op.* calls become SQL
 * statements; batch and autocommit with-blocks, dialect branches, helper functions of the same file and
 * loops over literal lists are followed. Code that only moves data is reported once per block (no schema
 * effect assumed); anything else not understood is reported where it is, never skipped silently.
 */

interface Walk {
  file: string;
  scope: Scope;
  inTransaction: boolean;
  batch: (BatchTarget & { alias: string }) | null;
  /** Prefix for unanalyzed reasons (`downgrade(): `). */
  where: string;
  /** Functions of the file (module level and nested defs seen so far), by name. */
  functions: Map<string, PyNode>;
  /** Names bound to the connection or the dialect name, for dialect tests. */
  dialect: Map<string, DialectValue>;
  depth: number;
  out: Output;
}

interface Output {
  statements: MigrationStatement[];
  unanalyzed: Unanalyzed[];
  unverified: UnverifiedAttribute[];
  /** Reports that may hide a schema change (not data-only blocks). */
  uncertain: number;
  /** A `raise` was reached on the way Alembic runs. */
  raised: boolean;
}

export interface BodyResult {
  statements: MigrationStatement[];
  unanalyzed: Unanalyzed[];
  unverified: UnverifiedAttribute[];
  /** Something not understood may change the schema (data-only blocks do not count). */
  uncertain: boolean;
  /** The body raises on the path taken for PostgreSQL (e.g. `raise NotImplementedError`). */
  raised: boolean;
}

type Flow = 'next' | 'return';

const NO_EFFECT_OPS = new Set(['get_bind', 'get_context', 'f', 'inline_literal', 'implementation_for', 'invoke', 'run_async']);
/** op.* calls that only move rows. */
const DATA_OPS = new Set(['bulk_insert']);
const MAX_DEPTH = 8;

function named(node: PyNode): PyNode[] {
  return node.namedChildren.filter((c): c is PyNode => c !== null && c.type !== 'comment');
}

function firstLine(node: PyNode): string {
  return node.text.split('\n')[0].trim();
}

function report(w: Walk, node: PyNode, reason: string, dataOnly = false): void {
  const entry = { file: w.file, line: lineOf(node), code: firstLine(node), reason: w.where + reason };
  // A helper called several times reports its own lines once.
  if (w.out.unanalyzed.some((u) => u.line === entry.line && u.reason === entry.reason)) return;
  w.out.unanalyzed.push(entry);
  if (!dataOnly) w.out.uncertain++;
}

function emit(w: Walk, node: PyNode, origin: string, result: OpResult): void {
  for (const sql of result.sql) w.out.statements.push({ sql, line: lineOf(node), origin, inTransaction: w.inTransaction });
  for (const note of result.notes) report(w, node, note);
  for (const u of result.unverified ?? []) w.out.unverified.push({ ...u, file: w.file, line: lineOf(node) });
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
  return v?.kind === 'call' && (v.func === 'op.get_bind' || v.func === 'context.get_bind' || (v.func === '.bind' && v.receiver?.kind === 'call' && v.receiver.func === 'op.get_context'));
}

/** The receiver is the migration's connection: `op.get_bind()`, or a name bound to it (`conn`, `bind`). */
function isConnection(w: Walk, v: PyValue | null, node: PyNode): boolean {
  if (isBindCall(v)) return true;
  const fn = node.childForFieldName('function');
  const obj = fn?.type === 'attribute' ? fn.childForFieldName('object') : null;
  return obj?.type === 'identifier' && w.dialect.get(obj.text)?.kind === 'bind';
}

/** `op.execute(table.update()...)`: an SQLAlchemy DML construct, rows only. */
function isDmlConstruct(v: PyValue | undefined): boolean {
  if (!v || v.kind !== 'call') return false;
  const methods: string[] = [];
  for (let c: PyValue | null = v; c && c.kind === 'call'; c = c.receiver) methods.push(c.func);
  return methods.some((m) => /^(\.|sa\.|sqlalchemy\.)?(update|insert|delete|select)$/.test(m));
}

function plugin(w: Walk, node: PyNode, method: string, call: Call): void {
  try {
    const r = translatePluginOp(method, call);
    for (const s of r.statements) w.out.statements.push({ sql: s.sql, line: lineOf(node), origin: `op.${method}`, inTransaction: w.inTransaction && s.inTransaction });
    for (const note of r.notes) report(w, node, note);
  } catch (e) {
    if (!(e instanceof NotUnderstood)) throw e;
    const detail = e.value && e.value.node !== node ? `: ${firstLine(e.value.node)}` : '';
    report(w, node, `${e.message}${detail}`);
  }
}

function handleCall(w: Walk, node: PyNode, v: PyValue): Flow {
  if (v.kind !== 'call') {
    report(w, node, 'expression not understood');
    return 'next';
  }
  const call = v as Call;
  if (call.func.startsWith('op.') && !call.receiver) {
    const method = call.func.slice(3);
    if (NO_EFFECT_OPS.has(method)) return 'next';
    if (isPluginOp(method)) {
      plugin(w, node, method, call);
      return 'next';
    }
    attempt(w, node, call.func, () => translateOp(method, call, null));
    return 'next';
  }
  if (w.batch && call.func.startsWith(`${w.batch.alias}.`) && !call.receiver) {
    const method = call.func.slice(w.batch.alias.length + 1);
    const batch = w.batch;
    attempt(w, node, `batch_op.${method}`, () => translateOp(method, call, batch));
    return 'next';
  }
  if (!call.receiver && !call.func.includes('.') && w.functions.has(call.func)) return callHelper(w, node, call);
  if (call.func === '.execute' && isConnection(w, call.receiver, node)) {
    // bind.execute("SQL") / bind.execute(sa.text("SQL")) runs the SQL as op.execute would.
    const sql = call.args.length >= 1 ? (strOf(call.args[0]) ?? textOf(call.args[0])) : null;
    if (sql === null) report(w, node, 'bind.execute() with something other than a SQL string');
    else emit(w, node, 'bind.execute', { sql: [sql.trim()], notes: [] });
    return 'next';
  }
  if (call.func.startsWith('.')) {
    attempt(w, node, `Enum${call.func}`, () => {
      const r = translateEnumMethod(call);
      if (!r) throw new NotUnderstood(`method call ${call.func}() not analyzed`);
      return r;
    });
    return 'next';
  }
  report(w, node, `call to ${call.func}() not analyzed`);
  return 'next';
}

/** A value the helper can use as written: literals, SQLAlchemy constructors, the connection. */
function isSimpleArg(v: PyValue): boolean {
  switch (v.kind) {
    case 'str':
    case 'num':
    case 'bool':
    case 'none':
      return true;
    case 'seq':
      return v.items.every(isSimpleArg);
    case 'dict':
      return v.entries.every(([k, x]) => isSimpleArg(k) && isSimpleArg(x));
    case 'call':
      return isPureCall(v) && [...v.args, ...v.kwargs.values()].every(isSimpleArg);
    case 'name':
      return v.name.includes('.') || v.name === 'op';
    default:
      return false;
  }
}

/** Follows a call to a function of the same file like inline code, its parameters bound to the arguments. */
function callHelper(w: Walk, node: PyNode, call: Call): Flow {
  const def = w.functions.get(call.func)!;
  if (w.depth >= MAX_DEPTH) {
    report(w, node, `${call.func}() not followed: calls nest deeper than ${MAX_DEPTH}`);
    return 'next';
  }
  const scope: Scope = new Map(w.scope);
  const params = named(def.childForFieldName('parameters')!);
  let positional = 0;
  for (const p of params) {
    const nameNode = p.type === 'identifier' ? p : (p.childForFieldName('name') ?? named(p).find((c) => c.type === 'identifier'));
    if (!nameNode) continue;
    const name = nameNode.text;
    if (p.type === 'list_splat_pattern' || p.type === 'dictionary_splat_pattern') {
      scope.delete(name);
      continue;
    }
    const given = call.kwargs.get(name) ?? (positional < call.args.length ? call.args[positional] : undefined);
    if (!call.kwargs.has(name)) positional++;
    const dflt = p.childForFieldName('value');
    const value = given ?? (dflt ? evalPy(dflt, w.scope) : undefined);
    if (value === undefined) scope.delete(name);
    else scope.set(name, value);
  }
  const unknown = [...call.args, ...call.kwargs.values()].find((a) => !isSimpleArg(a));
  if (unknown) report(w, node, `${call.func}(): argument ${firstLine(unknown.node)} is not a literal; ops using it are reported where they fail`, true);
  const dialect = new Map(w.dialect);
  for (const p of params) if (p.type === 'identifier' && isBindCall(scope.get(p.text) ?? null)) dialect.set(p.text, { kind: 'bind' });
  walkBlock({ ...w, scope, dialect, batch: null, depth: w.depth + 1, functions: new Map(w.functions) }, def.childForFieldName('body')!);
  return 'next';
}

const PURE_MODULES = new Set(['sa', 'sqlalchemy', 'postgresql', 'pg', 'sqlmodel', 'types', 'mysql', 'sqlite']);
const PURE_FUNCS = new Set(['op.get_bind', 'op.get_context', 'context.get_context', 'context.get_bind', 'op.f', 'op.inline_literal', 'table', 'column', 'text', 'literal_column', 'conv', 'bind', 'MetaData']);

/** Calls that only build SQLAlchemy objects (types, columns, text): safe to bind to a name. */
function isPureCall(v: PyValue): boolean {
  if (v.kind !== 'call') return false;
  if (v.receiver) return v.func === '.bind' && isPureCall(v.receiver);
  if (PURE_FUNCS.has(v.func) || PURE_FUNCS.has(v.func.slice(v.func.lastIndexOf('.') + 1))) return true;
  const head = v.func.split('.')[0];
  return PURE_MODULES.has(head) || /^[A-Z]/.test(head);
}

/** `op.get_bind()`, a name bound to it, or a parameter named like a connection (`conn`, `bind`). */
function isConnectionNode(w: Walk, obj: PyNode | null): boolean {
  if (!obj) return false;
  if (obj.type === 'identifier' && /^(conn|connection|bind|engine|db_conn|connectable)$/i.test(obj.text)) return true;
  return evalDialect(obj, { names: w.dialect, functions: new Map(), guessed: () => {} })?.kind === 'bind';
}

/** Schema-relevant calls under `node`: op.* DDL, batch ops, SQL on the connection, Enum create/drop, helpers that do any. */
function touchesSchema(w: Walk, node: PyNode, seen = new Set<PyNode>()): boolean {
  const calls = node.type === 'call' ? [node, ...node.descendantsOfType('call')] : node.descendantsOfType('call');
  for (const c of calls) {
    if (!c) continue;
    const fn = c.childForFieldName('function');
    const text = fn?.text.replace(/\s+/g, '') ?? '';
    const m = /^op\.(\w+)$/.exec(text);
    if (m) {
      if (NO_EFFECT_OPS.has(m[1]) || DATA_OPS.has(m[1])) continue;
      if (m[1] === 'execute') {
        const arg = named(c.childForFieldName('arguments')!)[0];
        if (arg && isDmlConstruct(evalPy(arg, w.scope))) continue;
      }
      return true;
    }
    if (w.batch && text.startsWith(`${w.batch.alias}.`)) return true;
    if (/^\w*batch\w*\.\w+$/i.test(text)) return true;
    if (/\.(create|drop)$/.test(text) && /Enum|ENUM/.test(c.text)) return true;
    if (/\.(create|drop)$/.test(text) && fn?.type === 'attribute') {
      const head = fn.childForFieldName('object');
      const bound = head?.type === 'identifier' ? w.scope.get(head.text) : undefined;
      if (bound?.kind === 'call' && /(^|\.)(Enum|ENUM)$/.test(bound.func)) return true;
    }
    if (/\.execute$/.test(text) && isConnectionNode(w, fn!.childForFieldName('object'))) {
      // SQL text on the connection may be DDL; SQLAlchemy select/update/insert/delete constructs are rows only.
      const arg = named(c.childForFieldName('arguments')!)[0];
      const v = arg ? evalPy(arg, w.scope) : null;
      const sql = v ? (strOf(v) ?? textOf(v)) : null;
      // DML as text (SELECT, UPDATE … WHERE, INSERT, DELETE) moves rows, never the schema.
      if (v && !isDmlConstruct(v) && !(sql !== null && /^\s*(select|show|insert|update|delete|with|values)\b/i.test(sql))) return true;
    }
    // A function from elsewhere handed `op` or the connection may change the schema: not a data block.
    const args = named(c.childForFieldName('arguments') ?? c);
    if (args.some((a) => a.type === 'identifier' && (a.text === 'op' || w.dialect.get(a.text)?.kind === 'bind'))) {
      if (!(fn?.type === 'identifier' && w.functions.has(text))) return true;
    }
    if (fn?.type === 'identifier' && w.functions.has(text) && !seen.has(w.functions.get(text)!)) {
      const def = w.functions.get(text)!;
      seen.add(def);
      if (touchesSchema(w, def, seen)) return true;
    }
  }
  if (node.type === 'with_statement' && /op\.(batch_alter_table|get_context)/.test(node.text)) return true;
  return false;
}

function handleAssignment(w: Walk, node: PyNode): Flow {
  const left = node.childForFieldName('left');
  const right = node.childForFieldName('right');
  if (!left || !right) {
    report(w, node, 'assignment not analyzed');
    return 'next';
  }
  if (left.type !== 'identifier') {
    report(w, node, 'assignment not analyzed');
    return 'next';
  }
  const d = evalDialect(right, dialectEnv(w, node));
  if (d) w.dialect.set(left.text, d);
  else w.dialect.delete(left.text);
  const value = evalPy(right, w.scope);
  w.scope.set(left.text, value);
  // `t = op.create_table(...)` still runs the op; `x = helper(...)` follows the helper.
  if (right.type === 'call' && value.kind === 'call' && (value.func.startsWith('op.') || (!value.receiver && w.functions.has(value.func)))) return handleCall(w, right, value);
  if (right.type === 'call' && value.kind === 'call' && value.func === '.execute' && isConnection(w, value.receiver, right)) return handleCall(w, right, value);
  const calls = right.type === 'call' ? [right, ...right.descendantsOfType('call')] : right.descendantsOfType('call');
  if (calls.some((c) => c && !isPureCall(evalPy(c, w.scope)))) report(w, node, 'assignment from a call not analyzed');
  return 'next';
}

function handleWith(w: Walk, node: PyNode): Flow {
  const clause = named(node).find((c) => c.type === 'with_clause');
  const body = node.childForFieldName('body');
  const items = clause ? named(clause) : [];
  if (!body || items.length !== 1) {
    report(w, node, 'with-statement not analyzed');
    return 'next';
  }
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
    const schemaV = v.kwargs.get('schema') ?? v.args[1];
    const schema = schemaV && schemaV.kind !== 'none' ? strOf(schemaV) : null;
    if (table === null || (schemaV && schemaV.kind !== 'none' && schema === null)) {
      report(w, node, 'batch_alter_table() table is not a literal');
      return 'next';
    }
    const ignored = [...v.kwargs.keys()].filter((k) => !['table_name', 'schema', 'recreate'].includes(k));
    const recreate = strOf(v.kwargs.get('recreate'));
    if (recreate === 'always') report(w, node, 'batch_alter_table(recreate="always") copies the table; analyzed as plain ALTERs');
    if (ignored.length) report(w, node, `batch_alter_table: argument(s) ${ignored.map((k) => `${k}=`).join(', ')} not analyzed`);
    return walkBlock({ ...w, batch: { table, schema, alias } }, body);
  }
  if (v.kind === 'call' && v.func === '.autocommit_block' && v.receiver?.kind === 'call' && ['op.get_context', 'context.get_context'].includes(v.receiver.func)) {
    return walkBlock({ ...w, inTransaction: false }, body);
  }
  report(w, node, 'with-statement not analyzed');
  return 'next';
}

function dialectEnv(w: Walk, at: PyNode): DialectEnv {
  return {
    names: w.dialect,
    functions: w.functions,
    guessed: (name) => report(w, at, `${name}() is not defined in this file: taken as a dialect test by its name`, true),
  };
}

/** Python truthiness of a literal (a helper's `with_index=False` parameter); null for anything else. */
function literalTruth(v: PyValue): boolean | null {
  switch (v.kind) {
    case 'bool':
      return v.value;
    case 'none':
      return false;
    case 'num':
      return v.value !== 0;
    case 'str':
      return v.value.length > 0;
    case 'seq':
      return firstUnknown(v) ? null : v.items.length > 0;
    default:
      return null;
  }
}

function handleIf(w: Walk, node: PyNode): Flow {
  const clauses: Array<{ condition: PyNode | null; body: PyNode }> = [{ condition: node.childForFieldName('condition'), body: node.childForFieldName('consequence')! }];
  for (const alt of node.childrenForFieldName('alternative')) {
    if (!alt) continue;
    if (alt.type === 'elif_clause') clauses.push({ condition: alt.childForFieldName('condition'), body: alt.childForFieldName('consequence')! });
    else clauses.push({ condition: null, body: alt.childForFieldName('body') ?? named(alt)[0] });
  }
  for (const c of clauses) {
    if (!c.condition) return walkBlock(w, c.body);
    const taken = dialectCondition(c.condition, dialectEnv(w, c.condition)) ?? literalTruth(evalPy(c.condition, w.scope));
    if (taken === null) {
      report(w, c.condition.parent ?? node, `condition \`${c.condition.text.replace(/\s+/g, ' ')}\` is not a recognisable dialect test: its branches are not analyzed`);
      return 'next';
    }
    if (taken) return walkBlock(w, c.body);
  }
  return 'next';
}

function literalItems(w: Walk, node: PyNode): PyValue[] | null {
  const v = evalPy(node, w.scope);
  if (v.kind === 'seq' && !firstUnknown(v)) return v.items;
  if (v.kind === 'dict' && !firstUnknown(v)) return v.entries.map(([k]) => k);
  if (v.kind === 'call' && v.func === '.items' && v.receiver?.kind === 'dict' && !firstUnknown(v.receiver)) {
    return v.receiver.entries.map(([k, x]) => ({ kind: 'seq', items: [k, x], node: k.node }));
  }
  return null;
}

/** `for table in ["a", "b"]: op.add_column(table, ...)`: unrolled over a literal list or tuple. */
function handleFor(w: Walk, node: PyNode): Flow {
  const left = node.childForFieldName('left')!;
  const right = node.childForFieldName('right')!;
  const items = literalItems(w, right);
  const targets = left.type === 'identifier' ? [left] : ['pattern_list', 'tuple_pattern', 'tuple', 'list_pattern'].includes(left.type) ? named(left) : null;
  if (!items || !targets || targets.some((t) => t.type !== 'identifier') || node.childForFieldName('alternative')) {
    report(w, node, 'loop over something other than a literal list not analyzed: the schema changes it makes are unknown');
    return 'next';
  }
  for (const item of items) {
    if (targets.length === 1 && left.type === 'identifier') w.scope.set(targets[0].text, item);
    else {
      if (item.kind !== 'seq' || item.items.length !== targets.length) {
        report(w, node, 'loop item does not unpack into the loop variables: not analyzed');
        return 'next';
      }
      targets.forEach((t, i) => w.scope.set(t.text, item.items[i]));
    }
    if (walkBlock(w, node.childForFieldName('body')!) === 'return') return 'return';
  }
  return 'next';
}

/** try/except around DDL: the try body is taken as succeeding (as on a database in the expected state). */
function handleTry(w: Walk, node: PyNode): Flow {
  if (walkBlock(w, node.childForFieldName('body')!) === 'return') return 'return';
  for (const c of named(node)) {
    if (c.type === 'except_clause' || c.type === 'except_group_clause') {
      const block = named(c).find((x) => x.type === 'block');
      if (block && touchesSchema(w, block)) report(w, c, 'except branch with schema changes not analyzed (the try body is assumed to succeed)');
    } else if (c.type === 'else_clause' || c.type === 'finally_clause') {
      const block = c.childForFieldName('body') ?? named(c).find((x) => x.type === 'block');
      if (block && walkBlock(w, block) === 'return') return 'return';
    }
  }
  return 'next';
}

function isInert(w: Walk, stmt: PyNode): boolean {
  switch (stmt.type) {
    case 'pass_statement':
    case 'import_statement':
    case 'import_from_statement':
    case 'future_import_statement':
    case 'global_statement':
    case 'nonlocal_statement':
      return true;
    case 'expression_statement': {
      const e = named(stmt)[0];
      if (!e || e.type === 'string' || e.type === 'concatenated_string' || e.type === 'ellipsis') return true;
      if (e.type !== 'assignment') return false;
      const right = e.childForFieldName('right');
      if (!right) return true;
      if (right.type === 'call' && w.functions.has(right.childForFieldName('function')?.text ?? '')) return false;
      const calls = right.type === 'call' ? [right, ...right.descendantsOfType('call')] : right.descendantsOfType('call');
      return calls.every((c) => !c || isPureCall(evalPy(c, w.scope))) && right.descendantsOfType(['list_comprehension', 'generator_expression', 'dictionary_comprehension', 'set_comprehension', 'lambda']).length === 0;
    }
    default:
      return false;
  }
}

function handleStatement(w: Walk, stmt: PyNode): Flow {
  switch (stmt.type) {
    case 'expression_statement': {
      const e = named(stmt)[0];
      if (e.type === 'assignment') return handleAssignment(w, e);
      if (e.type === 'call') return handleCall(w, e, evalPy(e, w.scope));
      report(w, stmt, 'expression not analyzed');
      return 'next';
    }
    case 'with_statement':
      return handleWith(w, stmt);
    case 'if_statement':
      return handleIf(w, stmt);
    case 'for_statement':
      return handleFor(w, stmt);
    case 'try_statement':
      return handleTry(w, stmt);
    case 'return_statement':
      return 'return';
    case 'raise_statement':
      w.out.raised = true;
      // In downgrade() a raise is the author saying "irreversible": the flag says it, no finding needed.
      if (!w.where) report(w, stmt, 'upgrade() raises here when run');
      return 'return';
    default:
      report(w, stmt, `${stmt.type.replace(/_/g, ' ')} with schema changes not analyzed`);
      return 'next';
  }
}

function walkBlock(w: Walk, block: PyNode): Flow {
  let data: { first: PyNode; last: PyNode; onlyBulk: boolean } | null = null;
  const flush = () => {
    if (!data) return;
    const [from, to] = [lineOf(data.first), data.last.endPosition.row + 1];
    const lines = to > from ? ` (lines ${from}–${to})` : '';
    report(w, data.first, data.onlyBulk ? `data only (op.bulk_insert / DML): no schema effect` : `data-migration code${lines} not analyzed: no schema effect assumed`, true);
    data = null;
  };
  for (const stmt of named(block)) {
    if (stmt.type === 'function_definition' || stmt.type === 'decorated_definition') {
      const def = stmt.type === 'decorated_definition' ? stmt.childForFieldName('definition') : stmt;
      const name = def?.childForFieldName('name')?.text;
      if (def?.type === 'function_definition' && name) w.functions.set(name, def);
      continue;
    }
    if (stmt.type === 'class_definition') continue;
    if (isInert(w, stmt)) {
      if (named(stmt)[0]?.type === 'assignment') handleStatement(w, stmt);
      continue;
    }
    // Control flow (`if not is_postgres(): return`) decides what runs after it: never folded into a data block.
    const flow = ['return_statement', 'raise_statement'].includes(stmt.type) || stmt.descendantsOfType('return_statement').length > 0;
    const schema = flow || touchesSchema(w, stmt);
    if (!schema) {
      const onlyBulk = /^\s*op\.(bulk_insert|execute)\s*\(/.test(stmt.text);
      if (data) {
        data.last = stmt;
        data.onlyBulk &&= onlyBulk;
      } else data = { first: stmt, last: stmt, onlyBulk };
      continue;
    }
    flush();
    if (handleStatement(w, stmt) === 'return') return 'return';
  }
  flush();
  return 'next';
}

export interface BodyContext {
  /** Prefix for unanalyzed reasons; `downgrade(): ` collapses them into one finding. */
  where?: string;
  /** Module-level functions of the file, followed when the body calls them. */
  functions?: Map<string, PyNode>;
}

/** Translates one function body. `scope` holds the module's simple assignments (copied, not changed). */
export function translateBody(file: string, body: PyNode, scope: Scope, where: string | BodyContext = ''): BodyResult {
  const ctx: BodyContext = typeof where === 'string' ? { where } : where;
  const out: Output = { statements: [], unanalyzed: [], unverified: [], uncertain: 0, raised: false };
  const w: Walk = {
    file,
    scope: new Map(scope),
    inTransaction: true,
    batch: null,
    where: ctx.where ?? '',
    functions: new Map(ctx.functions ?? []),
    dialect: new Map(),
    depth: 0,
    out,
  };
  walkBlock(w, body);
  let unanalyzed = out.unanalyzed;
  if (w.where && unanalyzed.length > 1) {
    // One finding per downgrade(): its noise must not bury the findings of the way up.
    const [first] = unanalyzed;
    const more = unanalyzed.length - 1;
    unanalyzed = [{ ...first, reason: `${first.reason} (and ${more} more construct${more === 1 ? '' : 's'} in downgrade() not analyzed)` }];
  }
  return { statements: out.statements, unanalyzed, unverified: out.unverified, uncertain: out.uncertain > 0, raised: out.raised };
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
