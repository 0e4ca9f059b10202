import type { PyNode } from './python-parser';

/**
 * A literal view of a Python expression: what Alembic migrations pass to op.* calls. Anything that is not a
 * literal, a dotted name or a call of one is `unknown` (the caller reports it as unanalyzed).
 */
export type PyValue =
  | { kind: 'str'; value: string; node: PyNode }
  | { kind: 'num'; value: number; text: string; node: PyNode }
  | { kind: 'bool'; value: boolean; node: PyNode }
  | { kind: 'none'; node: PyNode }
  | { kind: 'seq'; items: PyValue[]; node: PyNode }
  | { kind: 'dict'; entries: Array<[PyValue, PyValue]>; node: PyNode }
  /** A dotted name such as `sa.Integer` or `JSONB`. */
  | { kind: 'name'; name: string; node: PyNode }
  /** `func(args, k=v)`; `func` is dotted (`op.add_column`) or `.method` when called on `receiver`. */
  | { kind: 'call'; func: string; receiver: PyValue | null; args: PyValue[]; kwargs: Map<string, PyValue>; node: PyNode }
  /** A SQL expression built with Python operators on SQLAlchemy objects: `sa.column('q') > 0`, `a & b`, `~a`. */
  | { kind: 'op'; op: string; operands: PyValue[]; node: PyNode }
  | { kind: 'unknown'; node: PyNode };

/** Names bound by simple assignments (`status = sa.Enum(...)`), resolved when read. */
export type Scope = Map<string, PyValue>;

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"', a: '\x07', b: '\b', f: '\f', v: '\v', '0': '\0', '\n': '' };

/** Decodes one Python string literal (not an f-string with interpolation). */
export function decodeStringLiteral(text: string): string | null {
  const m = /^([rRbBuU]{0,2})('''|"""|'|")([\s\S]*)\2$/.exec(text);
  if (!m) return null;
  const [, prefix, , body] = m;
  if (/[rR]/.test(prefix)) return body;
  return unescape(body);
}

function unescape(body: string): string {
  return body.replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[0-7]{1,3}|[\s\S])/g, (all, e: string) => {
    if (/^[xuU]/.test(e)) return String.fromCodePoint(parseInt(e.slice(1), 16));
    if (/^[0-7]+$/.test(e)) return String.fromCodePoint(parseInt(e, 8));
    return ESCAPES[e] ?? all;
  });
}

function dottedName(node: PyNode): string | null {
  if (node.type === 'identifier') return node.text;
  if (node.type === 'attribute') {
    const obj = node.childForFieldName('object');
    const attr = node.childForFieldName('attribute');
    const base = obj ? dottedName(obj) : null;
    return base && attr ? `${base}.${attr.text}` : null;
  }
  return null;
}

function named(node: PyNode): PyNode[] {
  return node.namedChildren.filter((c): c is PyNode => c !== null && c.type !== 'comment');
}

export function evalPy(node: PyNode, scope: Scope = new Map()): PyValue {
  switch (node.type) {
    case 'string': {
      if (named(node).some((c) => c.type === 'interpolation')) return fString(node, scope);
      const value = decodeStringLiteral(node.text.replace(/^[fF]/, ''));
      return value === null ? { kind: 'unknown', node } : { kind: 'str', value, node };
    }
    case 'concatenated_string': {
      const parts = named(node).map((c) => evalPy(c, scope));
      if (parts.some((p) => p.kind !== 'str')) return { kind: 'unknown', node };
      return { kind: 'str', value: parts.map((p) => (p as { value: string }).value).join(''), node };
    }
    case 'integer':
    case 'float': {
      const text = node.text.replace(/_/g, '');
      return { kind: 'num', value: Number(text), text, node };
    }
    case 'binary_operator': {
      const l = evalPy(node.childForFieldName('left')!, scope);
      const r = evalPy(node.childForFieldName('right')!, scope);
      const op = node.childForFieldName('operator')?.type;
      if (op === '+' && l.kind === 'str' && r.kind === 'str') return { kind: 'str', value: l.value + r.value, node };
      if (op === '%' && l.kind === 'str') {
        const value = percentFormat(l.value, r.kind === 'seq' ? r.items : [r]);
        return value === null ? { kind: 'unknown', node } : { kind: 'str', value, node };
      }
      // On SQLAlchemy column expressions `&` / `|` are AND / OR, arithmetic stays arithmetic.
      const sqlOp = op === '&' ? 'AND' : op === '|' ? 'OR' : op && ['+', '-', '*', '/', '%'].includes(op) ? op : null;
      if (sqlOp && (isSqlExpression(l) || isSqlExpression(r))) return { kind: 'op', op: sqlOp, operands: [l, r], node };
      return { kind: 'unknown', node };
    }
    case 'comparison_operator': {
      const operands = named(node).map((c) => evalPy(c, scope));
      const ops = node.childrenForFieldName('operators').map((o) => o?.text ?? '');
      if (operands.length !== 2 || ops.length !== 1 || !operands.some(isSqlExpression)) return { kind: 'unknown', node };
      const op = ({ '==': '=', '!=': '!=', '<>': '!=', '<': '<', '>': '>', '<=': '<=', '>=': '>=' } as Record<string, string>)[ops[0]];
      if (!op) return { kind: 'unknown', node };
      // SQLAlchemy turns `== None` into IS NULL.
      if (operands[1].kind === 'none' && (op === '=' || op === '!=')) return { kind: 'op', op: op === '=' ? 'IS' : 'IS NOT', operands, node };
      return { kind: 'op', op, operands, node };
    }
    case 'unary_operator': {
      const arg = node.childForFieldName('argument');
      const v = arg ? evalPy(arg, scope) : null;
      if (v?.kind === 'num' && node.text.startsWith('-')) return { kind: 'num', value: -v.value, text: `-${v.text}`, node };
      if (v && node.text.startsWith('~') && isSqlExpression(v)) return { kind: 'op', op: 'NOT', operands: [v], node };
      return { kind: 'unknown', node };
    }
    case 'true':
    case 'false':
      return { kind: 'bool', value: node.type === 'true', node };
    case 'none':
      return { kind: 'none', node };
    case 'parenthesized_expression': {
      const inner = named(node)[0];
      return inner ? evalPy(inner, scope) : { kind: 'unknown', node };
    }
    case 'tuple':
    case 'list':
    case 'set':
      return { kind: 'seq', items: named(node).map((c) => evalPy(c, scope)), node };
    case 'dictionary': {
      const entries: Array<[PyValue, PyValue]> = [];
      for (const pair of named(node)) {
        const k = pair.childForFieldName('key');
        const v = pair.childForFieldName('value');
        if (pair.type !== 'pair' || !k || !v) return { kind: 'unknown', node };
        entries.push([evalPy(k, scope), evalPy(v, scope)]);
      }
      return { kind: 'dict', entries, node };
    }
    case 'identifier':
    case 'attribute': {
      const name = dottedName(node);
      if (name === null) {
        // `sa.Enum(...).create` — a method on a call's result.
        const obj = node.childForFieldName('object');
        const attr = node.childForFieldName('attribute');
        if (obj && attr) return { kind: 'name', name: `.${attr.text}`, node };
        return { kind: 'unknown', node };
      }
      const bound = scope.get(name);
      return bound ?? { kind: 'name', name, node };
    }
    case 'call': {
      const fn = node.childForFieldName('function');
      const argList = node.childForFieldName('arguments');
      if (!fn || !argList || argList.type !== 'argument_list') return { kind: 'unknown', node };
      let func = dottedName(fn);
      let receiver: PyValue | null = null;
      if (func === null && fn.type === 'attribute') {
        const obj = fn.childForFieldName('object')!;
        receiver = evalPy(obj, scope);
        func = `.${fn.childForFieldName('attribute')!.text}`;
      } else if (func !== null && fn.type === 'attribute' && scope.has(func.split('.')[0])) {
        // `status_enum.create(bind)` where status_enum is bound in scope.
        const [head, ...rest] = func.split('.');
        if (rest.length === 1) {
          receiver = scope.get(head)!;
          func = `.${rest[0]}`;
        }
      }
      if (func === null) return { kind: 'unknown', node };
      const args: PyValue[] = [];
      const kwargs = new Map<string, PyValue>();
      for (const a of named(argList)) {
        if (a.type === 'keyword_argument') {
          const k = a.childForFieldName('name');
          const v = a.childForFieldName('value');
          if (!k || !v) return { kind: 'unknown', node };
          kwargs.set(k.text, evalPy(v, scope));
        } else if (a.type === 'list_splat' || a.type === 'dictionary_splat') {
          args.push({ kind: 'unknown', node: a });
        } else {
          args.push(evalPy(a, scope));
        }
      }
      return { kind: 'call', func, receiver, args, kwargs, node };
    }
    default:
      return { kind: 'unknown', node };
  }
}

function display(v: PyValue): string | null {
  if (v.kind === 'str') return v.value;
  if (v.kind === 'num') return v.text;
  return null;
}

/** `"ix_%s_%s" % (table, col)` with %s / %d only. */
function percentFormat(format: string, args: PyValue[]): string | null {
  let i = 0;
  let ok = true;
  const out = format.replace(/%([%sd])/g, (_, c: string) => {
    if (c === '%') return '%';
    const v = args[i++];
    const text = v ? display(v) : null;
    if (text === null) ok = false;
    return text ?? '';
  });
  return ok && i === args.length && !/%[^%]/.test(format.replace(/%[%sd]/g, '')) ? out : null;
}

/** An f-string whose `{name}` parts are literals in scope (helper parameters, loop variables). */
function fString(node: PyNode, scope: Scope): PyValue {
  const prefix = /^[a-zA-Z]*/.exec(node.text)![0];
  const raw = /[rR]/.test(prefix);
  let value = '';
  for (const c of node.namedChildren) {
    if (!c || c.type === 'string_start' || c.type === 'string_end') continue;
    if (c.type === 'interpolation') {
      const expr = c.childForFieldName('expression');
      if (!expr || c.childForFieldName('type_conversion') || c.childForFieldName('format_specifier')) return { kind: 'unknown', node };
      const text = display(evalPy(expr, scope));
      if (text === null) return { kind: 'unknown', node };
      value += text;
    } else if (c.type === 'string_content') {
      const text = c.text.replace(/\{\{/g, '{').replace(/\}\}/g, '}');
      value += raw ? text : unescape(text);
    } else return { kind: 'unknown', node };
  }
  return { kind: 'str', value, node };
}

/** SQLAlchemy expression objects: column(), text(), func.*(), and operator trees over them. */
function isSqlExpression(v: PyValue): boolean {
  if (v.kind === 'op') return true;
  if (v.kind !== 'call') return false;
  const name = v.func.slice(v.func.lastIndexOf('.') + 1);
  return v.receiver !== null || ['column', 'literal_column', 'text', 'literal', 'and_', 'or_', 'not_', 'cast'].includes(name) || v.func.includes('func.');
}

/** Last segment of a dotted name: `sa.types.Integer` → `Integer`. */
export function baseName(name: string): string {
  return name.slice(name.lastIndexOf('.') + 1);
}

/** The first `unknown` inside a value, to report what was not understood. */
export function firstUnknown(v: PyValue): PyNode | null {
  switch (v.kind) {
    case 'unknown':
      return v.node;
    case 'seq':
      for (const i of v.items) {
        const u = firstUnknown(i);
        if (u) return u;
      }
      return null;
    case 'dict':
      for (const [k, x] of v.entries) {
        const u = firstUnknown(k) ?? firstUnknown(x);
        if (u) return u;
      }
      return null;
    case 'call': {
      const r = v.receiver ? firstUnknown(v.receiver) : null;
      if (r) return r;
      for (const a of [...v.args, ...v.kwargs.values()]) {
        const u = firstUnknown(a);
        if (u) return u;
      }
      return null;
    }
    default:
      return null;
  }
}

export function strOf(v: PyValue | undefined): string | null {
  return v?.kind === 'str' ? v.value : null;
}

/** A string or a sequence of strings (`'a'` or `('a', 'b')`) as a list; null when anything else. */
export function strList(v: PyValue | undefined): string[] | null {
  if (!v) return null;
  if (v.kind === 'str') return [v.value];
  if (v.kind === 'none') return [];
  if (v.kind === 'seq' && v.items.every((i) => i.kind === 'str')) return v.items.map((i) => (i as { value: string }).value);
  return null;
}

export function lineOf(node: PyNode): number {
  return node.startPosition.row + 1;
}
