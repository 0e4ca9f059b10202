import { existsSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { parsePython, type PyNode } from './python-parser';
import { evalPy, type PyValue, type Scope, strOf } from './py-value';
import { builtinType, NotUnderstood, type RenderedType, renderBuiltinType } from './sql-render';
import { thirdPartyType } from './third-party-types';

/**
 * Column types a migration (or a model file) imports from the project's own Python files — TypeDecorator
 * subclasses, subclasses of SQLAlchemy types, module-level aliases, re-exports — or from well-known
 * third-party packages, resolved statically to what SQLAlchemy 1.4 renders for PostgreSQL. Nothing is
 * imported or run: the project's files are parsed with tree-sitter and followed import by import.
 */

export type TypeResolution = { kind: 'rendered'; type: RenderedType } | { kind: 'unresolved'; reason: string };

export interface TypeResolver {
  /**
   * A type expression as written in the file the resolver was built for. null: not a project or third-party
   * type — SQLAlchemy's own, rendered by name; `unresolved`: a project/third-party type that could not be
   * followed (the reason names it).
   */
  resolve(v: PyValue): TypeResolution | null;
}

const SQLALCHEMY_MODULES = /^(sqlalchemy|sqlmodel)(\.|$)/;
const THIRD_PARTY = /^sqlalchemy_utils(\.|$)/;
const MAX_DEPTH = 24;

interface ImportRef {
  /** Absolute dotted module (`app.db.types`). */
  module: string;
  /** The imported name inside `module`, null for `import a.b` / `import a.b as x`. */
  attr: string | null;
}

interface Module {
  file: string;
  /** Dotted name relative to its root; '' for the migration file itself. */
  name: string;
  isPackage: boolean;
  imports: Map<string, ImportRef>;
  /** Modules a plain `import a.b.c` loads (binding only `a`, but making `a.b.c.X` reachable). */
  dotted: string[];
  stars: string[];
  /** Top-level classes and simple assignments (the last one wins, as in Python). */
  defs: Map<string, PyNode>;
}

function named(node: PyNode): PyNode[] {
  return node.namedChildren.filter((c): c is PyNode => c !== null && c.type !== 'comment');
}

/** `from ..x import y` inside module `pkg.sub.mod` → the absolute module. */
function absoluteModule(mod: { name: string; isPackage: boolean }, rel: PyNode): string | null {
  if (rel.type === 'dotted_name') return rel.text;
  if (rel.type !== 'relative_import') return null;
  const prefix = named(rel).find((c) => c.type === 'import_prefix')?.text.length ?? 0;
  const rest = named(rel).find((c) => c.type === 'dotted_name')?.text ?? '';
  const parts = mod.name ? mod.name.split('.') : [];
  const pkg = mod.isPackage ? parts : parts.slice(0, -1);
  const base = pkg.slice(0, pkg.length - (prefix - 1));
  if (prefix - 1 > pkg.length) return null;
  return [...base, ...(rest ? [rest] : [])].join('.');
}

function readModule(file: string, name: string, isPackage: boolean, root: PyNode): Module {
  const mod: Module = { file, name, isPackage, imports: new Map(), dotted: [], stars: [], defs: new Map() };
  // Imports anywhere in the file count: migrations import inside upgrade() too.
  for (const imp of root.descendantsOfType(['import_statement', 'import_from_statement'])) {
    if (!imp) continue;
    if (imp.type === 'import_statement') {
      for (const n of imp.childrenForFieldName('name')) {
        if (!n) continue;
        if (n.type === 'aliased_import') {
          const target = n.childForFieldName('name')!.text;
          mod.imports.set(n.childForFieldName('alias')!.text, { module: target, attr: null });
        } else {
          const head = n.text.split('.')[0];
          mod.imports.set(head, { module: head, attr: null });
          if (n.text.includes('.')) mod.dotted.push(n.text);
        }
      }
      continue;
    }
    const from = imp.childForFieldName('module_name');
    const module = from ? absoluteModule(mod, from) : null;
    if (module === null) continue;
    if (named(imp).some((c) => c.type === 'wildcard_import')) {
      mod.stars.push(module);
      continue;
    }
    for (const n of imp.childrenForFieldName('name')) {
      if (!n) continue;
      const [attr, local] = n.type === 'aliased_import' ? [n.childForFieldName('name')!.text, n.childForFieldName('alias')!.text] : [n.text, n.text];
      if (module === '' && !from?.text.startsWith('.')) continue;
      mod.imports.set(local, { module, attr });
    }
  }
  for (const s of named(root)) {
    if (s.type === 'class_definition') mod.defs.set(s.childForFieldName('name')!.text, s);
    const def = s.type === 'decorated_definition' ? s.childForFieldName('definition') : null;
    if (def?.type === 'class_definition') mod.defs.set(def.childForFieldName('name')!.text, def);
    const a = s.type === 'expression_statement' ? named(s)[0] : null;
    if (a?.type === 'assignment') {
      const left = a.childForFieldName('left');
      const right = a.childForFieldName('right');
      if (left?.type === 'identifier' && right) mod.defs.set(left.text, right);
    }
  }
  return mod;
}

// Parsed project files, shared by every migration of a run (a types.py is imported by dozens of them).
// Keyed by path, size and mtime so a long-running server sees edits; the trees are kept alive.
const parsed = new Map<string, Promise<PyNode>>();

async function parseFile(file: string): Promise<PyNode> {
  const info = statSync(file);
  const key = `${file}:${info.size}:${info.mtimeMs}`;
  let p = parsed.get(key);
  if (!p) {
    p = readFile(file, 'utf8').then(async (text) => (await parsePython(text)).rootNode);
    p.catch(() => parsed.delete(key));
    parsed.set(key, p);
  }
  return p;
}

/** Folders that may hold the project's top-level packages: the start folder and its parents (and their src/). */
export function projectRoots(start: string): string[] {
  const roots: string[] = [];
  let dir = resolve(start);
  for (let i = 0; i < 8; i++) {
    roots.push(dir);
    if (existsSync(join(dir, 'src'))) roots.push(join(dir, 'src'));
    const up = dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  return roots;
}

/** The file of an absolute module under one of `roots`, or null. */
function moduleFile(roots: string[], module: string): { file: string; isPackage: boolean } | null {
  if (!module || SQLALCHEMY_MODULES.test(module) || THIRD_PARTY.test(module)) return null;
  const path = module.split('.').join(sep);
  for (const root of roots) {
    const asFile = join(root, `${path}.py`);
    if (existsSync(asFile)) return { file: asFile, isPackage: false };
    const asPkg = join(root, path, '__init__.py');
    if (existsSync(asPkg)) return { file: asPkg, isPackage: true };
  }
  return null;
}

/** Every project module reachable from the imports of a file, parsed. */
class Project {
  readonly modules = new Map<string, Module>();
  constructor(readonly roots: string[]) {}

  async load(module: string): Promise<void> {
    if (this.modules.has(module)) return;
    const found = moduleFile(this.roots, module);
    if (!found) return;
    const root = await parseFile(found.file);
    const mod = readModule(found.file, module, found.isPackage, root);
    this.modules.set(module, mod);
    await this.follow(mod);
  }

  /** Loads what `mod` imports: `from a.b import c` may name module a.b or module a.b.c. */
  async follow(mod: Module): Promise<void> {
    const parts = mod.name.split('.');
    for (let i = 1; i < parts.length; i++) await this.load(parts.slice(0, i).join('.'));
    for (const ref of mod.imports.values()) {
      const segments = ref.module.split('.');
      for (let i = 1; i <= segments.length; i++) await this.load(segments.slice(0, i).join('.'));
      if (ref.attr) await this.load(`${ref.module}.${ref.attr}`);
    }
    for (const d of mod.dotted) {
      const segments = d.split('.');
      for (let i = 2; i <= segments.length; i++) await this.load(segments.slice(0, i).join('.'));
    }
    for (const s of mod.stars) await this.load(s);
  }
}

type Target =
  | { kind: 'sqlalchemy'; name: string; module: string }
  | { kind: 'third-party'; name: string; module: string }
  | { kind: 'def'; mod: Module; name: string; node: PyNode }
  | { kind: 'module'; mod: Module }
  | { kind: 'external'; module: string; name: string };

/** A constructor call as SQLAlchemy sees it: `GUID(32, binary=True)`; a bare `GUID` is `GUID()`. */
interface Usage {
  args: PyValue[];
  kwargs: Map<string, PyValue>;
}

class Resolution {
  private depth = 0;
  constructor(readonly project: Project) {}

  /** What dotted `name` refers to inside `mod`. */
  refer(mod: Module, name: string): Target | null {
    const segments = name.split('.');
    const head = segments[0];
    const def = mod.defs.get(head);
    if (def && segments.length === 1) return { kind: 'def', mod, name: head, node: def };
    const ref = mod.imports.get(head);
    if (ref) return this.absolute([ref.module, ...(ref.attr ? [ref.attr] : []), ...segments.slice(1)].join('.'));
    for (const star of mod.stars) {
      const t = this.absolute(`${star}.${name}`);
      if (t && t.kind !== 'external') return t;
    }
    return null;
  }

  absolute(full: string, seen = 0): Target | null {
    const segments = full.split('.');
    const last = segments[segments.length - 1];
    if (SQLALCHEMY_MODULES.test(full)) return { kind: 'sqlalchemy', name: last, module: segments.slice(0, -1).join('.') };
    if (THIRD_PARTY.test(full)) return { kind: 'third-party', name: last, module: segments.slice(0, -1).join('.') };
    for (let i = segments.length; i >= 1; i--) {
      const mod = this.project.modules.get(segments.slice(0, i).join('.'));
      if (!mod) continue;
      const rest = segments.slice(i);
      if (rest.length === 0) return { kind: 'module', mod };
      if (seen > MAX_DEPTH) return null;
      const def = mod.defs.get(rest[0]);
      if (def && rest.length === 1) return { kind: 'def', mod, name: rest[0], node: def };
      // Re-exported: `from .types import GUID` in a package's __init__.py.
      if (mod.imports.has(rest[0])) {
        const ref = mod.imports.get(rest[0])!;
        return this.absolute([ref.module, ...(ref.attr ? [ref.attr] : []), ...rest.slice(1)].join('.'), seen + 1);
      }
      for (const star of mod.stars) {
        const t = this.absolute(`${star}.${rest.join('.')}`, seen + 1);
        if (t && t.kind !== 'external') return t;
      }
      return { kind: 'external', module: mod.name, name: rest.join('.') };
    }
    return { kind: 'external', module: segments.slice(0, -1).join('.'), name: last };
  }

  /** A type expression written in `mod`. null: SQLAlchemy's own type under its own name. */
  resolveIn(mod: Module, v: PyValue): TypeResolution | null {
    if (v.kind === 'call' && v.receiver) return null;
    const func = v.kind === 'name' ? v.name : v.kind === 'call' ? v.func : null;
    if (func === null) return null;
    const usage: Usage = v.kind === 'call' ? { args: v.args, kwargs: v.kwargs } : { args: [], kwargs: new Map() };
    const target = this.refer(mod, func);
    if (!target) return null;
    if (target.kind === 'sqlalchemy') {
      // Imported under another name (`UUID as PG_UUID`): render under SQLAlchemy's own name.
      if (target.name === func.slice(func.lastIndexOf('.') + 1)) return null;
      return this.builtin(mod, target.name, usage, v.node);
    }
    return this.ofTarget(mod, target, usage, v, func);
  }

  private builtin(mod: Module, name: string, usage: Usage, node: PyNode): TypeResolution {
    const call: PyValue = { kind: 'call', func: `sqlalchemy.${name}`, receiver: null, args: usage.args, kwargs: usage.kwargs, node };
    return this.render(mod, () => renderBuiltinType(call));
  }

  /** Runs a rendering with `mod` as the naming context of any nested type (ARRAY items, variants). */
  private render(mod: Module, fn: () => RenderedType): TypeResolution {
    try {
      return { kind: 'rendered', type: withTypeResolver(this.resolverFor(mod), fn) };
    } catch (e) {
      if (e instanceof NotUnderstood) return { kind: 'unresolved', reason: e.message };
      throw e;
    }
  }

  resolverFor(mod: Module): TypeResolver {
    return {
      resolve: (v) => {
        if (++this.depth > MAX_DEPTH) {
          this.depth--;
          return { kind: 'unresolved', reason: 'type definitions nest too deep (a cycle?)' };
        }
        try {
          return this.resolveIn(mod, v);
        } finally {
          this.depth--;
        }
      },
    };
  }

  private ofTarget(mod: Module, target: Target, usage: Usage, v: PyValue, written: string): TypeResolution {
    switch (target.kind) {
      case 'third-party': {
        const t = thirdPartyType(target.name, usage.args, usage.kwargs);
        return t ? { kind: 'rendered', type: t } : { kind: 'unresolved', reason: `type ${written} from ${target.module || 'sqlalchemy_utils'} is not in Driftboard's table of third-party types` };
      }
      case 'external':
        return { kind: 'unresolved', reason: `type ${written} from ${target.module || 'an unknown module'} could not be found in the project` };
      case 'module':
        return { kind: 'unresolved', reason: `${written} is a module, not a type` };
      case 'sqlalchemy':
        return this.builtin(mod, target.name, usage, v.node);
      case 'def':
        return this.ofDef(target.mod, target.name, target.node, usage, v);
    }
  }

  private ofDef(mod: Module, name: string, node: PyNode, usage: Usage, v: PyValue): TypeResolution {
    const where = `${name} in ${relative(process.cwd(), mod.file) || mod.file}`;
    if (node.type === 'class_definition') return this.ofClass(mod, node, usage, where);
    // A module-level alias: `Timestamp = sa.DateTime(timezone=True)` (an instance) or `Text = sa.UnicodeText` (a class).
    const value = evalPy(node);
    if (value.kind === 'call' && value.receiver) return this.render(mod, () => renderBuiltinType(value));
    if (value.kind === 'name') return this.typeIn(mod, { ...value, kind: 'call', func: value.name, receiver: null, args: usage.args, kwargs: usage.kwargs }, where);
    if (value.kind === 'call') return this.typeIn(mod, value, where);
    return { kind: 'unresolved', reason: `${where} is not a type expression` };
  }

  /** Renders a type expression in `mod`'s naming context. */
  private typeIn(mod: Module, v: PyValue, where: string): TypeResolution {
    const r = this.render(mod, () => {
      const inner = this.resolverFor(mod).resolve(v);
      if (inner?.kind === 'rendered') return inner.type;
      if (inner?.kind === 'unresolved') throw new NotUnderstood(inner.reason, v);
      return renderBuiltinType(v);
    });
    return r.kind === 'unresolved' && !r.reason.includes(where) ? { kind: 'unresolved', reason: `${where}: ${r.reason}` } : r;
  }

  private ofClass(mod: Module, cls: PyNode, usage: Usage, where: string): TypeResolution {
    // Walk up the project's own classes, keeping the nearest impl / load_dialect_impl / __init__ / get_col_spec.
    const members: { impl?: [Module, PyNode]; dialectImpl?: [Module, PyNode]; init?: [Module, PyNode]; colSpec?: [Module, PyNode] } = {};
    let current: [Module, PyNode] = [mod, cls];
    for (let hops = 0; hops < MAX_DEPTH; hops++) {
      const [m, c] = current;
      for (const s of named(c.childForFieldName('body')!)) {
        const a = s.type === 'expression_statement' ? named(s)[0] : null;
        if (a?.type === 'assignment' && a.childForFieldName('left')?.text === 'impl' && a.childForFieldName('right')) members.impl ??= [m, a.childForFieldName('right')!];
        const fn = s.type === 'decorated_definition' ? s.childForFieldName('definition') : s;
        if (fn?.type === 'function_definition') {
          const fname = fn.childForFieldName('name')!.text;
          if (fname === 'load_dialect_impl') members.dialectImpl ??= [m, fn];
          if (fname === '__init__') members.init ??= [m, fn];
          if (fname === 'get_col_spec') members.colSpec ??= [m, fn];
        }
      }
      const bases = named(c.childForFieldName('superclasses') ?? c).filter((b) => b.type === 'identifier' || b.type === 'attribute');
      let next: [Module, PyNode] | null = null;
      let terminal: Target | null = null;
      for (const b of bases) {
        const t = this.refer(m, b.text);
        if (t?.kind === 'def' && t.node.type === 'class_definition') {
          next = [t.mod, t.node];
          break;
        }
        if (t?.kind === 'sqlalchemy' || t?.kind === 'third-party') {
          terminal = t;
          break;
        }
      }
      if (next) {
        current = next;
        continue;
      }
      if (!terminal) return { kind: 'unresolved', reason: `${where}: no SQLAlchemy type among its base classes` };
      const ctor = members.init ? constructorArgs(members.init[1], usage) : usage;
      if (!ctor) return { kind: 'unresolved', reason: `${where}: __init__ does not pass literal arguments to super().__init__()` };
      return this.fromBase(terminal, members, ctor, where, cls);
    }
    return { kind: 'unresolved', reason: `${where}: class hierarchy too deep` };
  }

  private fromBase(
    base: Target & { kind: 'sqlalchemy' | 'third-party' },
    members: { impl?: [Module, PyNode]; dialectImpl?: [Module, PyNode]; colSpec?: [Module, PyNode] },
    ctor: Usage,
    where: string,
    cls: PyNode,
  ): TypeResolution {
    if (base.kind === 'third-party') {
      const t = thirdPartyType(base.name, ctor.args, ctor.kwargs);
      return t ? { kind: 'rendered', type: t } : { kind: 'unresolved', reason: `${where}: base ${base.name} is not a known third-party type` };
    }
    if (base.name === 'UserDefinedType' || base.name === 'TypeEngine') {
      const spec = members.colSpec ? returnedString(members.colSpec[1]) : null;
      if (spec === null) return { kind: 'unresolved', reason: `${where}: get_col_spec() does not return a string literal` };
      return { kind: 'rendered', type: builtinType(spec) };
    }
    const implOf = (): TypeResolution => {
      if (!members.impl) return { kind: 'unresolved', reason: `${where}: TypeDecorator without impl` };
      const [m, node] = members.impl;
      const value = evalPy(node);
      // `impl = CHAR` is a class TypeDecorator instantiates with the constructor's arguments; `impl = CHAR(32)` is used as is.
      const call: PyValue = value.kind === 'name' ? { kind: 'call', func: value.name, receiver: null, args: ctor.args, kwargs: ctor.kwargs, node } : value;
      return this.typeIn(m, call, where);
    };
    if (base.name !== 'TypeDecorator') {
      // A subclass of a concrete SQLAlchemy type (`class Money(sa.Numeric)`).
      return this.builtin(emptyModule, base.name, ctor, cls);
    }
    if (members.dialectImpl) {
      const [m, fn] = members.dialectImpl;
      const picked = postgresBranch(fn);
      if (picked.kind === 'unknown') return { kind: 'unresolved', reason: `${where}: load_dialect_impl() ${picked.reason}` };
      if (picked.kind === 'expr') return this.typeIn(m, picked.value, where);
    }
    return implOf();
  }
}

const emptyModule: Module = { file: '', name: '', isPackage: false, imports: new Map(), dotted: [], stars: [], defs: new Map() };

/**
 * `def __init__(self, length=32, *args, **kwargs): super().__init__(length, *args, **kwargs)`: the
 * arguments the base class receives for a given use. null when they are not literals or parameters.
 */
function constructorArgs(init: PyNode, usage: Usage): Usage | null {
  const scope: Scope = new Map();
  let varargs: string | null = null;
  let varkw: string | null = null;
  const positional = [...usage.args];
  const kwargs = new Map(usage.kwargs);
  const params = named(init.childForFieldName('parameters')!).slice(1); // without self
  for (const p of params) {
    if (p.type === 'list_splat_pattern') varargs = named(p)[0]?.text ?? null;
    else if (p.type === 'dictionary_splat_pattern') varkw = named(p)[0]?.text ?? null;
    else if (p.type === 'keyword_separator') continue;
    else {
      const name = p.type === 'identifier' ? p.text : (p.childForFieldName('name')?.text ?? named(p)[0]?.text);
      if (!name) return null;
      const def = p.childForFieldName('value');
      const given = !varargs && positional.length > 0 ? positional.shift()! : kwargs.get(name);
      kwargs.delete(name);
      if (given) scope.set(name, given);
      else if (def) scope.set(name, evalPy(def));
      else scope.set(name, { kind: 'none', node: p });
    }
  }
  for (const call of init.childForFieldName('body')!.descendantsOfType('call')) {
    const fn = call?.childForFieldName('function');
    if (!call || fn?.type !== 'attribute' || fn.childForFieldName('attribute')?.text !== '__init__') continue;
    const args: PyValue[] = [];
    const kw = new Map<string, PyValue>();
    const explicitSelf = fn.childForFieldName('object')?.type !== 'call'; // `TypeDecorator.__init__(self, ...)`
    for (const [i, a] of named(call.childForFieldName('arguments')!).entries()) {
      if (explicitSelf && i === 0) continue;
      if (a.type === 'list_splat') {
        if (named(a)[0]?.text !== varargs) return null;
        args.push(...positional);
      } else if (a.type === 'dictionary_splat') {
        if (named(a)[0]?.text !== varkw) return null;
        for (const [k, v] of kwargs) kw.set(k, v);
      } else if (a.type === 'keyword_argument') {
        kw.set(a.childForFieldName('name')!.text, evalPy(a.childForFieldName('value')!, scope));
      } else {
        args.push(evalPy(a, scope));
      }
    }
    return { args, kwargs: kw };
  }
  return null;
}

function returnedString(fn: PyNode): string | null {
  const ret = fn.childForFieldName('body')!.descendantsOfType('return_statement')[0];
  const e = ret ? named(ret)[0] : null;
  return e ? strOf(evalPy(e)) : null;
}

type Branch = { kind: 'expr'; value: PyValue } | { kind: 'impl' } | { kind: 'unknown'; reason: string };

/** What `load_dialect_impl(self, dialect)` returns when `dialect.name` is "postgresql". */
function postgresBranch(fn: PyNode): Branch {
  const dialectParam = named(fn.childForFieldName('parameters')!)[1]?.text ?? 'dialect';
  const scope: Scope = new Map();
  const returned = (node: PyNode): Branch => {
    const v = evalPy(node, scope);
    const isSelfImpl = (x: PyValue) => x.kind === 'name' && x.name === 'self.impl';
    if (isSelfImpl(v)) return { kind: 'impl' };
    if (v.kind === 'call' && v.func === '.load_dialect_impl') return { kind: 'impl' };
    if (v.kind === 'call' && v.func.endsWith('type_descriptor')) {
      const inner = v.args[0];
      if (!inner) return { kind: 'unknown', reason: 'calls type_descriptor() without a type' };
      return isSelfImpl(inner) ? { kind: 'impl' } : { kind: 'expr', value: inner };
    }
    if (v.kind === 'call' || v.kind === 'name') return { kind: 'expr', value: v };
    return { kind: 'unknown', reason: `returns ${node.text.split('\n')[0]}` };
  };
  const block = (b: PyNode): Branch | null => {
    for (const s of named(b)) {
      if (s.type === 'return_statement') {
        const e = named(s)[0];
        return e ? returned(e) : { kind: 'unknown', reason: 'returns nothing' };
      }
      if (s.type === 'if_statement') {
        const clauses: Array<[PyNode | null, PyNode]> = [[s.childForFieldName('condition'), s.childForFieldName('consequence')!]];
        for (const alt of s.childrenForFieldName('alternative')) {
          if (alt?.type === 'elif_clause') clauses.push([alt.childForFieldName('condition'), alt.childForFieldName('consequence')!]);
          else if (alt?.type === 'else_clause') clauses.push([null, alt.childForFieldName('body')!]);
        }
        for (const [cond, body] of clauses) {
          const truth = cond ? isPostgres(cond, dialectParam) : true;
          if (truth === null) return { kind: 'unknown', reason: `branches on ${cond!.text.split('\n')[0]}` };
          if (truth) {
            const r = block(body);
            if (r) return r;
            break;
          }
        }
        continue;
      }
      const a = s.type === 'expression_statement' ? named(s)[0] : null;
      if (a?.type === 'assignment' && a.childForFieldName('left')?.type === 'identifier') {
        scope.set(a.childForFieldName('left')!.text, evalPy(a.childForFieldName('right')!, scope));
      }
    }
    return null;
  };
  return block(fn.childForFieldName('body')!) ?? { kind: 'impl' };
}

/** Evaluates a dialect test (`dialect.name == "postgresql"`, `!=`, `in (...)`, `and`/`or`/`not`); null when it is something else. */
export function isPostgres(cond: PyNode, dialect = 'dialect'): boolean | null {
  const isName = (n: PyNode | undefined) => !!n && (n.text === `${dialect}.name` || n.text === `${dialect}.dialect.name`);
  switch (cond.type) {
    case 'parenthesized_expression':
      return named(cond)[0] ? isPostgres(named(cond)[0], dialect) : null;
    case 'not_operator': {
      const r = isPostgres(cond.childForFieldName('argument')!, dialect);
      return r === null ? null : !r;
    }
    case 'boolean_operator': {
      const l = isPostgres(cond.childForFieldName('left')!, dialect);
      const r = isPostgres(cond.childForFieldName('right')!, dialect);
      if (l === null || r === null) return null;
      return cond.childForFieldName('operator')?.text === 'and' ? l && r : l || r;
    }
    case 'comparison_operator': {
      const parts = named(cond);
      const ops = cond.children.filter((c) => c && !c.isNamed).map((c) => c!.text);
      if (parts.length !== 2 || ops.length < 1) return null;
      const [l, r] = parts;
      const other = isName(l) ? r : isName(r) ? l : null;
      if (!other) return null;
      const op = ops.join(' ');
      const v = evalPy(other);
      const values = v.kind === 'str' ? [v.value] : v.kind === 'seq' && v.items.every((i) => i.kind === 'str') ? v.items.map((i) => (i as { value: string }).value) : null;
      if (!values) return null;
      const pg = values.includes('postgresql');
      if (op === '==' || op === 'in') return pg;
      if (op === '!=' || op === 'not in') return !pg;
      return null;
    }
    case 'call': {
      // dialect.name.startswith("postgres")
      const fn = cond.childForFieldName('function');
      const arg = named(cond.childForFieldName('arguments')!)[0];
      if (fn?.type === 'attribute' && isName(fn.childForFieldName('object')!) && fn.childForFieldName('attribute')?.text === 'startswith' && arg) {
        const s = strOf(evalPy(arg));
        return s === null ? null : 'postgresql'.startsWith(s);
      }
      return null;
    }
    default:
      return null;
  }
}

/** The resolver for a file whose imports are already parsed (`root`), with the project found from `start`. */
async function buildResolver(file: string, root: PyNode, start: string): Promise<TypeResolver> {
  const project = new Project(projectRoots(start));
  const self = readModule(file, '', false, root);
  await project.follow(self);
  return new Resolution(project).resolverFor(self);
}

/** Builds the resolver for one migration file from its imports (`root` is the module's tree). */
export async function loadTypeResolver(file: string, root: PyNode, versionsDir: string): Promise<TypeResolver | null> {
  return buildResolver(file, root, versionsDir);
}

/**
 * The resolver for any Python file of a project (an ORM models module): its own classes and imports, with
 * the project's packages looked up from the file's folder upwards.
 */
export async function typeResolverForFile(file: string): Promise<{ resolver: TypeResolver; release: () => void }> {
  const tree = await parsePython(await readFile(file, 'utf8'));
  return { resolver: await buildResolver(file, tree.rootNode, dirname(file)), release: () => tree.delete() };
}

let current: TypeResolver | null = null;
let enums: Set<string> | null = null;

/** The resolver of the file being translated (translation is synchronous, one file at a time). */
export function currentTypeResolver(): TypeResolver | null {
  return current;
}

/**
 * Enum types create_table has created in the current translation (`schema.name`): Alembic's DDL runner
 * memoizes them for the whole run, so a second create_table using the same enum does not create it again.
 */
export function currentEnumMemo(): Set<string> | null {
  return enums;
}

/** Runs `fn` (a synchronous translation of one function body) with `resolver` as the current one and a fresh enum memo. */
export function withTypeResolver<T>(resolver: TypeResolver | null, fn: () => T): T {
  const previous = [current, enums] as const;
  current = resolver;
  enums = new Set();
  try {
    return fn();
  } finally {
    [current, enums] = previous;
  }
}
