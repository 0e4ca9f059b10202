import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { displayPath } from '../../config/load';
import { UserInputError } from '../../model/errors';
import { evalPy, lineOf, type PyValue, type Scope } from '../../migrations/alembic/py-value';
import { firstSyntaxError, parsePython, type PyNode, type PyTree } from '../../migrations/alembic/python-parser';

/** The Python files of a project, parsed (never executed): classes, module-level names and imports. */

export interface PyModule {
  /** Absolute path. */
  file: string;
  /** Shown in findings. */
  shown: string;
  /** Dotted module name relative to the models root (`app.models.user`). */
  dotted: string;
  root: PyNode;
  tree: PyTree;
  classes: Map<string, PyClass>;
  /** Module-level `name = <expr>` (last one wins), as expression nodes. */
  assigned: Map<string, PyNode>;
  /** `from x import a as b` → b → { module: 'x' (absolute dotted), name: 'a' }. */
  imports: Map<string, { module: string; name: string }>;
  scope: Scope;
}

export interface PyClass {
  name: string;
  module: PyModule;
  line: number;
  node: PyNode;
  /** Base class expressions (positional superclasses). */
  bases: PyNode[];
  /** Class keywords: `table=True`, `metaclass=…`. */
  keywords: Map<string, PyNode>;
  /** Body statements in order: assignments (with optional annotation) and decorated functions. */
  members: ClassMember[];
}

export type ClassMember =
  | { kind: 'assign'; name: string; annotation: PyNode | null; value: PyNode | null; line: number; node: PyNode }
  | { kind: 'declared_attr'; name: string; returns: PyNode | null; line: number; node: PyNode };

const SKIP_DIRS = new Set(['__pycache__', 'node_modules', 'venv', '.venv', 'env', 'site-packages', 'dist', 'build']);

async function pythonFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (d: string) => {
    const entries = await readdir(d, { withFileTypes: true });
    for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (e.name.startsWith('.')) continue;
      const full = path.join(d, e.name);
      if (e.isDirectory()) {
        if (!SKIP_DIRS.has(e.name)) await walk(full);
      } else if (e.name.endsWith('.py')) out.push(full);
    }
  };
  await walk(dir);
  return out;
}

function dottedOf(root: string, file: string): string {
  const rel = path.relative(root, file).replace(/\.py$/, '').split(path.sep);
  if (rel[rel.length - 1] === '__init__') rel.pop();
  return rel.join('.');
}

function named(node: PyNode): PyNode[] {
  return node.namedChildren.filter((c): c is PyNode => c !== null && c.type !== 'comment');
}

/** `from .models import X` inside `app/db.py` (package `app`) → `app.models`. */
function absoluteModule(dotted: string, isPackage: boolean, spec: string): string {
  const dots = /^\.*/.exec(spec)![0].length;
  if (dots === 0) return spec;
  const parts = dotted.split('.').filter(Boolean);
  if (!isPackage) parts.pop();
  for (let i = 1; i < dots; i++) parts.pop();
  const rest = spec.slice(dots);
  return [...parts, ...(rest ? [rest] : [])].join('.');
}

function readImports(mod: PyModule, isPackage: boolean): void {
  for (const st of named(mod.root)) {
    if (st.type !== 'import_from_statement') continue;
    const moduleNode = st.childForFieldName('module_name');
    if (!moduleNode) continue;
    const from = absoluteModule(mod.dotted, isPackage, moduleNode.text);
    for (const n of st.childrenForFieldName('name')) {
      if (!n) continue;
      if (n.type === 'aliased_import') {
        const orig = n.childForFieldName('name')?.text;
        const alias = n.childForFieldName('alias')?.text;
        if (orig && alias) mod.imports.set(alias, { module: from, name: orig });
      } else mod.imports.set(n.text, { module: from, name: n.text });
    }
  }
}

function decoratorNames(decorated: PyNode): string[] {
  return named(decorated)
    .filter((d) => d.type === 'decorator')
    .map((d) => named(d)[0]?.text ?? '');
}

function readClass(mod: PyModule, node: PyNode): PyClass {
  const name = node.childForFieldName('name')!.text;
  const bases: PyNode[] = [];
  const keywords = new Map<string, PyNode>();
  const sup = node.childForFieldName('superclasses');
  for (const a of sup ? named(sup) : []) {
    if (a.type === 'keyword_argument') {
      const k = a.childForFieldName('name');
      const v = a.childForFieldName('value');
      if (k && v) keywords.set(k.text, v);
    } else bases.push(a);
  }
  const members: ClassMember[] = [];
  const body = node.childForFieldName('body');
  for (const st of body ? named(body) : []) {
    if (st.type === 'expression_statement') {
      const a = named(st)[0];
      if (a?.type !== 'assignment') continue;
      const left = a.childForFieldName('left');
      if (left?.type !== 'identifier') continue;
      members.push({ kind: 'assign', name: left.text, annotation: a.childForFieldName('type'), value: a.childForFieldName('right'), line: lineOf(a), node: a });
    } else if (st.type === 'decorated_definition') {
      const def = st.childForFieldName('definition');
      if (def?.type !== 'function_definition') continue;
      if (!decoratorNames(st).some((d) => /(^|\.)declared_attr(\.|$)/.test(d))) continue;
      const fbody = def.childForFieldName('body');
      const ret = fbody ? named(fbody).find((s) => s.type === 'return_statement') : undefined;
      const onlyReturn = fbody ? named(fbody).length === 1 : false;
      members.push({
        kind: 'declared_attr',
        name: def.childForFieldName('name')!.text,
        returns: ret && onlyReturn ? (named(ret)[0] ?? null) : null,
        line: lineOf(def),
        node: def,
      });
    }
  }
  return { name, module: mod, line: lineOf(node), node, bases, keywords, members };
}

/** Parses every `.py` file under `dir`; a syntax error is a UserInputError naming file:line. */
export async function scanPython(dir: string): Promise<PyModule[]> {
  const modules: PyModule[] = [];
  for (const file of await pythonFiles(dir)) {
    const source = await readFile(file, 'utf8');
    const tree = await parsePython(source);
    const bad = firstSyntaxError(tree.rootNode);
    const shown = displayPath(file);
    if (bad) {
      tree.delete();
      for (const m of modules) m.tree.delete();
      throw new UserInputError(`${shown}:${lineOf(bad)}: Python syntax error (models are read statically and must parse)`);
    }
    const mod: PyModule = {
      file,
      shown,
      dotted: dottedOf(dir, file),
      root: tree.rootNode,
      tree,
      classes: new Map(),
      assigned: new Map(),
      imports: new Map(),
      scope: new Map(),
    };
    readImports(mod, path.basename(file) === '__init__.py');
    for (const st of named(tree.rootNode)) {
      const node = st.type === 'decorated_definition' ? st.childForFieldName('definition') : st;
      if (node?.type === 'class_definition') {
        const c = readClass(mod, node);
        mod.classes.set(c.name, c);
      } else if (node?.type === 'expression_statement') {
        const a = named(node)[0];
        const left = a?.type === 'assignment' ? a.childForFieldName('left') : null;
        const right = a?.childForFieldName('right');
        if (left?.type === 'identifier' && right) mod.assigned.set(left.text, right);
      }
    }
    // Simple module-level aliases (`JSONType = JSONB`, `Money = Numeric(12, 2)`) resolve where used.
    for (const [name, node] of mod.assigned) {
      const v: PyValue = evalPy(node, mod.scope);
      if (isTypeAlias(v)) mod.scope.set(name, v);
    }
    modules.push(mod);
  }
  return modules;
}

const NOT_TYPES = new Set(['SQLAlchemy', 'MetaData', 'Table', 'TypeVar', 'Annotated']);

/** Only type-looking values become aliases: `db = SQLAlchemy()` must stay a name for `db.Column(...)`. */
function isTypeAlias(v: PyValue): boolean {
  const fn = v.kind === 'call' && !v.receiver ? v.func : v.kind === 'name' ? v.name : null;
  if (fn === null) return false;
  const last = fn.slice(fn.lastIndexOf('.') + 1);
  return /^[A-Z]/.test(last) && !NOT_TYPES.has(last);
}

export function disposeModules(modules: PyModule[]): void {
  for (const m of modules) m.tree.delete();
}
