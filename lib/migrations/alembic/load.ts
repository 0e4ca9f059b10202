import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import type { Diagnostic, Migration, MigrationSet } from '../../model/migration';
import { UserInputError } from '../../model/errors';
import { buildMigrationSet } from '../graph';
import { hasEffect, translateBody } from './body';
import { firstSyntaxError, parsePython, type PyNode } from './python-parser';
import { evalPy, lineOf, type PyValue, type Scope, strList } from './py-value';
import { loadTypeResolver, withTypeResolver } from './project-types';

/** Reads an Alembic versions directory into a MigrationSet (revision graph + SQL of every migration). */

const HEADER = ['revision', 'down_revision', 'branch_labels', 'depends_on'] as const;
type HeaderKey = (typeof HEADER)[number];

function named(node: PyNode): PyNode[] {
  return node.namedChildren.filter((c): c is PyNode => c !== null && c.type !== 'comment');
}

function docstringFirstLine(root: PyNode): string | null {
  const first = named(root)[0];
  const expr = first?.type === 'expression_statement' ? named(first)[0] : null;
  if (!expr || (expr.type !== 'string' && expr.type !== 'concatenated_string')) return null;
  const v = evalPy(expr);
  if (v.kind !== 'str') return null;
  return v.value.split('\n').map((l) => l.trim()).find((l) => l.length > 0) ?? null;
}

function findFunction(root: PyNode, name: string): PyNode | null {
  for (const s of named(root)) {
    const def = s.type === 'decorated_definition' ? s.childForFieldName('definition') : s;
    if (def?.type === 'function_definition' && def.childForFieldName('name')?.text === name) return def;
  }
  return null;
}

/** Parses one migration file; null when it declares no `revision` (not a migration). */
export async function parseAlembicFile(file: string, source: Buffer | string, versionsDir: string = dirname(file)): Promise<Migration | null> {
  const text = typeof source === 'string' ? source : source.toString('utf8');
  const tree = await parsePython(text);
  try {
    const root = tree.rootNode;
    const bad = firstSyntaxError(root);
    if (bad) {
      const near = bad.isMissing ? `missing "${bad.type}"` : `near "${bad.text.split('\n')[0].slice(0, 40)}"`;
      throw new UserInputError(`${file}:${lineOf(bad)}: Python syntax error ${near}`);
    }

    // Module-level simple assignments: the header, and names the functions may use (shared Enums, ...).
    const scope: Scope = new Map();
    const header = new Map<HeaderKey, { value: PyValue; line: number }>();
    for (const s of named(root)) {
      const a = s.type === 'expression_statement' ? named(s)[0] : null;
      if (a?.type !== 'assignment') continue;
      const left = a.childForFieldName('left');
      const right = a.childForFieldName('right');
      if (left?.type !== 'identifier' || !right) continue;
      const value = evalPy(right, scope);
      scope.set(left.text, value);
      if ((HEADER as readonly string[]).includes(left.text)) header.set(left.text as HeaderKey, { value, line: lineOf(a) });
    }

    const rev = header.get('revision');
    if (!rev) return null;
    const literal = (key: HeaderKey): string[] => {
      const h = header.get(key);
      if (!h) return [];
      const list = strList(h.value);
      if (list === null) throw new UserInputError(`${file}:${h.line}: ${key} must be a string literal, None or a tuple of strings`);
      return list;
    };
    const [id] = literal('revision');
    if (!id || rev.value.kind !== 'str') throw new UserInputError(`${file}:${rev.line}: revision must be a string literal`);

    const up = findFunction(root, 'upgrade');
    const down = findFunction(root, 'downgrade');
    const types = await loadTypeResolver(file, root, versionsDir);
    const upResult = up
      ? withTypeResolver(types, () => translateBody(file, up.childForFieldName('body')!, scope))
      : { statements: [], unanalyzed: [{ file, line: 1, code: basename(file), reason: 'no upgrade() function' }], unverified: [] };
    const downBody = down?.childForFieldName('body') ?? null;
    const downResult = downBody ? withTypeResolver(types, () => translateBody(file, downBody, scope, 'downgrade(): ')) : null;

    return {
      id,
      description: docstringFirstLine(root) ?? basename(file, '.py'),
      tool: 'alembic',
      file,
      parents: literal('down_revision'),
      dependsOn: literal('depends_on'),
      branchLabels: literal('branch_labels'),
      statements: upResult.statements,
      downStatements: downResult ? downResult.statements : null,
      reversible: downBody !== null && hasEffect(downBody),
      unanalyzed: [...upResult.unanalyzed, ...(downResult?.unanalyzed ?? [])],
      unverified: upResult.unverified,
      checksum: createHash('sha256').update(source).digest('hex'),
      meta: { idLine: String(rev.line), parentsLine: String(header.get('down_revision')?.line ?? rev.line) },
    };
  } finally {
    tree.delete();
  }
}

/** depends_on may name a branch label or a unique id prefix: resolve them to full ids. */
function resolveDependsOn(migrations: Migration[]): Migration[] {
  const ids = migrations.map((m) => m.id);
  const resolveRef = (ref: string): string => {
    if (ids.includes(ref)) return ref;
    const labelled = migrations.find((m) => m.branchLabels.includes(ref));
    if (labelled) return labelled.id;
    const matches = ids.filter((i) => i.startsWith(ref));
    return matches.length === 1 ? matches[0] : ref;
  };
  return migrations.map((m) => (m.dependsOn.length ? { ...m, dependsOn: m.dependsOn.map(resolveRef) } : m));
}

/**
 * Loads every `*.py` of an Alembic versions directory. Throws UserInputError (naming file:line) for a missing
 * directory, malformed Python or a non-literal revision header; graph problems are diagnostics.
 */
export async function loadAlembicMigrations(dir: string): Promise<MigrationSet> {
  const path = resolve(dir);
  const info = await stat(path).catch(() => null);
  if (!info?.isDirectory()) throw new UserInputError(`${dir}: Alembic versions directory not found`);
  const files = (await readdir(path)).filter((f) => f.endsWith('.py') && f !== '__init__.py' && !f.startsWith('.#')).sort();
  const migrations: Migration[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const name of files) {
    const file = join(path, name);
    const m = await parseAlembicFile(file, await readFile(file), path);
    if (m) migrations.push(m);
    else diagnostics.push({ level: 'warning', code: 'no-revision', message: `${name} declares no revision; ignored`, file, line: 1 });
  }
  return buildMigrationSet('alembic', path, resolveDependsOn(migrations), diagnostics);
}
