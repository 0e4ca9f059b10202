import type { PyNode } from './python-parser';

/**
 * Evaluates `if` conditions of a migration for a PostgreSQL connection: `op.get_bind().dialect.name ==
 * "postgresql"`, `bind.dialect.name != "sqlite"`, `context.get_context().dialect.name in (...)`,
 * `is_postgres()` / `get_db_type()` helpers. Anything else is not a dialect test (null): the caller reports
 * the branch as unanalyzed rather than guessing.
 */

export type DialectValue = { kind: 'str'; value: string } | { kind: 'bool'; value: boolean } | { kind: 'dialect' } | { kind: 'bind' };

export interface DialectEnv {
  /** Names assigned from dialect expressions in the function (`dialect = bind.dialect.name`, `bind = op.get_bind()`). */
  names: Map<string, DialectValue>;
  /** Functions defined in the file (module level or nested), by name. */
  functions: Map<string, PyNode>;
  /** Called when a helper is taken as a dialect test by its name only (not defined in this file). */
  guessed(name: string): void;
}

const PG: DialectValue = { kind: 'str', value: 'postgresql' };
const BIND_CALLS = /^(op\.get_bind|op\.get_context|context\.get_context|context\.get_bind|op\.get_context\(\)\.bind)$/;

function named(node: PyNode): PyNode[] {
  return node.namedChildren.filter((c): c is PyNode => c !== null && c.type !== 'comment');
}

function compact(node: PyNode): string {
  return node.text.replace(/\s+/g, '');
}

/** Helpers known by name when imported from elsewhere (their body cannot be read here). */
function byName(name: string): DialectValue | null {
  const n = name.slice(name.lastIndexOf('.') + 1);
  if (/^_?(is|use|using|on|uses)_?(postgres|postgresql|pg|psql|pgsql)(_(db|dialect|database|engine|backend))?$/i.test(n)) return { kind: 'bool', value: true };
  if (/^_?(is|use|using|on|uses)_?(sqlite|mysql|mariadb|mssql|oracle|sqlserver)(_(db|dialect|database|engine|backend))?$/i.test(n)) return { kind: 'bool', value: false };
  if (/^_?(get_)?((db|database|engine|backend)_(type|dialect|kind|vendor|name|engine)|dialect(_name)?)$/i.test(n)) return PG;
  return null;
}

function truth(v: DialectValue | null): boolean | null {
  return v?.kind === 'bool' ? v.value : null;
}

function compare(op: string, left: DialectValue | null, rightNode: PyNode, env: DialectEnv): DialectValue | null {
  if (left?.kind !== 'str') return null;
  if (op === '==' || op === '!=' || op === 'is' || op === 'isnot') {
    const right = evalDialect(rightNode, env);
    if (right?.kind !== 'str') return null;
    const eq = left.value === right.value;
    return { kind: 'bool', value: op === '==' || op === 'is' ? eq : !eq };
  }
  if (op === 'in' || op === 'notin') {
    if (!['tuple', 'list', 'set'].includes(rightNode.type)) return null;
    const items = named(rightNode).map((i) => evalDialect(i, env));
    if (items.some((i) => i?.kind !== 'str')) return null;
    const found = items.some((i) => (i as { value: string }).value === left.value);
    return { kind: 'bool', value: op === 'in' ? found : !found };
  }
  return null;
}

/** The value of a helper function for PostgreSQL: `return <dialect expression>` after simple assignments. */
function callHelper(def: PyNode, env: DialectEnv, depth: number): DialectValue | null {
  if (depth > 4) return null;
  const local: DialectEnv = { ...env, names: new Map(env.names) };
  for (const s of named(def.childForFieldName('body')!)) {
    if (s.type === 'expression_statement') {
      const e = named(s)[0];
      if (e?.type === 'string') continue;
      if (e?.type === 'assignment' && e.childForFieldName('left')?.type === 'identifier') {
        const v = evalDialect(e.childForFieldName('right')!, local, depth + 1);
        if (v === null) return null;
        local.names.set(e.childForFieldName('left')!.text, v);
        continue;
      }
      return null;
    }
    if (s.type === 'return_statement') {
      const value = named(s)[0];
      return value ? evalDialect(value, local, depth + 1) : null;
    }
    return null;
  }
  return null;
}

export function evalDialect(node: PyNode, env: DialectEnv, depth = 0): DialectValue | null {
  switch (node.type) {
    case 'string': {
      const m = /^[rRuU]?(['"])(.*)\1$/s.exec(node.text);
      return m && !m[2].includes('\\') ? { kind: 'str', value: m[2] } : null;
    }
    case 'true':
    case 'false':
      return { kind: 'bool', value: node.type === 'true' };
    case 'parenthesized_expression': {
      const inner = named(node)[0];
      return inner ? evalDialect(inner, env, depth) : null;
    }
    case 'identifier':
      return env.names.get(node.text) ?? null;
    case 'attribute': {
      const obj = evalDialect(node.childForFieldName('object')!, env, depth);
      const attr = node.childForFieldName('attribute')!.text;
      const text = compact(node);
      if (attr === 'name' && (obj?.kind === 'dialect' || obj?.kind === 'bind' || /\.(dialect|engine)\.name$/.test(text) || text === 'dialect.name')) return PG;
      if (attr === 'dialect' && (obj?.kind === 'bind' || obj === null)) return { kind: 'dialect' };
      if ((attr === 'bind' || attr === 'engine' || attr === 'connection') && obj?.kind === 'bind') return obj;
      return null;
    }
    case 'call': {
      const fn = node.childForFieldName('function')!;
      const args = named(node.childForFieldName('arguments') ?? node);
      if (BIND_CALLS.test(compact(fn))) return { kind: 'bind' };
      if (fn.type === 'attribute' && fn.childForFieldName('attribute')!.text === 'startswith' && args.length === 1) {
        const recv = evalDialect(fn.childForFieldName('object')!, env, depth);
        const prefix = evalDialect(args[0], env, depth);
        if (recv?.kind === 'str' && prefix?.kind === 'str') return { kind: 'bool', value: recv.value.startsWith(prefix.value) };
        return null;
      }
      if (/^(sa\.|sqlalchemy\.)?inspect$/.test(compact(fn)) && args.length === 1) return evalDialect(args[0], env, depth)?.kind === 'bind' ? { kind: 'bind' } : null;
      if (fn.type !== 'identifier' && fn.type !== 'attribute') return null;
      const name = compact(fn);
      const def = fn.type === 'identifier' ? env.functions.get(name) : undefined;
      if (def) return callHelper(def, env, depth);
      const guess = byName(name);
      if (guess) env.guessed(name);
      return guess;
    }
    case 'not_operator': {
      const t = truth(evalDialect(node.childForFieldName('argument')!, env, depth));
      return t === null ? null : { kind: 'bool', value: !t };
    }
    case 'boolean_operator': {
      const l = truth(evalDialect(node.childForFieldName('left')!, env, depth));
      const r = truth(evalDialect(node.childForFieldName('right')!, env, depth));
      const and = node.childForFieldName('operator')?.type === 'and';
      if (and) return l === false || r === false ? { kind: 'bool', value: false } : l && r ? { kind: 'bool', value: true } : null;
      return l === true || r === true ? { kind: 'bool', value: true } : l === false && r === false ? { kind: 'bool', value: false } : null;
    }
    case 'comparison_operator': {
      const operands = named(node);
      const ops = node.children.filter((c) => c && !c.isNamed).map((c) => c!.text);
      if (operands.length !== 2 || ops.length < 1) return null;
      return compare(ops.join(''), evalDialect(operands[0], env, depth), operands[1], env);
    }
    default:
      return null;
  }
}

/** True/false for PostgreSQL, or null when `condition` is not recognisably a dialect test. */
export function dialectCondition(condition: PyNode, env: DialectEnv): boolean | null {
  return truth(evalDialect(condition, env));
}
