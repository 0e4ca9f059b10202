import { createHash } from 'node:crypto';
import { readdir, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import type { Diagnostic, Migration, MigrationSet } from '../../model/migration';
import { UserInputError } from '../../model/errors';
import { buildMigrationSet } from '../graph';
import { applyEnumMemo } from './enum-memo';
import { readMigrationFile, regularFiles } from '../read-file';
import { type BodyResult, hasEffect, translateBody } from './body';
import { firstSyntaxError, parsePython, type PyNode, type PyTree } from './python-parser';
import { invalidUtf8Line, lexicalProblem, normalizeNewlines, PYTHON2_STATEMENTS } from './python-checks';
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

type Part = 'upgrade' | 'downgrade';

/** Lines [start, end) (0-based) of the top-level `def <name>(...)` and its body, found in the text. */
function functionLines(lines: string[], name: Part): [number, number] | null {
  const start = lines.findIndex((l) => new RegExp(`^(async\\s+)?def\\s+${name}\\s*\\(`).test(l));
  if (start < 0) return null;
  // The body ends at the next line that starts a top-level statement (not a comment, not a closing bracket).
  const next = lines.findIndex((l, i) => i > start && /^(@|def\s|async\s+def\s|class\s|if\s+__name__|[A-Za-z_]\w*\s*(:[^=\n]*)?=[^=])/.test(l));
  return [start, next < 0 ? lines.length : next];
}

/** The text with the named functions replaced by `def name(): pass`, keeping every other line where it was. */
function stubbed(lines: string[], ranges: Array<[Part, [number, number]]>): string {
  const out = [...lines];
  for (const [name, [a, b]] of ranges) {
    for (let i = a; i < b; i++) out[i] = '';
    out[a] = `def ${name}(): pass`;
  }
  return out.join('\n');
}

function syntaxMessage(file: string, bad: PyNode): string {
  const python2 = PYTHON2_STATEMENTS[bad.type];
  if (python2) return `${file}:${lineOf(bad)}: Python syntax error: ${python2}`;
  const near = bad.isMissing ? `missing "${bad.type}"` : `near "${bad.text.split('\n')[0].slice(0, 40)}"`;
  return `${file}:${lineOf(bad)}: Python syntax error ${near}`;
}

/** The first node Python 3 would reject (ERROR, MISSING, a Python 2 statement) within rows [from, to), searched without recursion. */
function firstRejected(root: PyNode, from = 0, to = Infinity): PyNode | null {
  const stack: PyNode[] = [root];
  while (stack.length > 0) {
    const n = stack.pop()!;
    const rejected = n.isError || n.isMissing || PYTHON2_STATEMENTS[n.type] !== undefined;
    if (rejected && n.startPosition.row >= from && n.startPosition.row < to) return n;
    if (n.endPosition.row < from || n.startPosition.row >= to) continue;
    const children = n.children;
    for (let i = children.length - 1; i >= 0; i--) {
      const c = children[i];
      if (c) stack.push(c);
    }
  }
  return null;
}

function rejects(tree: PyTree): boolean {
  return tree.rootNode.hasError || firstRejected(tree.rootNode) !== null;
}

interface Parsed {
  tree: PyTree;
  /** Functions whose text does not parse, with the syntax error (file:line: message). */
  broken: Map<Part | 'module', string>;
}

/**
 * Parses the file; a syntax error inside upgrade() or downgrade() is confined to that function (it is
 * replaced by `pass` and reported), so the header and the other function are still read.
 */
async function parseConfined(file: string, text: string): Promise<Parsed> {
  const lines = text.split('\n');
  const ranges = (['downgrade', 'upgrade'] as const).flatMap((n) => {
    const r = functionLines(lines, n);
    return r ? [[n, r] as [Part, [number, number]]] : [];
  });
  // Too deep for any tree walk (or a TabError): found lexically, before tree-sitter sees the text.
  const lexical = lexicalProblem(text);
  if (lexical) {
    const message = `${file}:${lexical.line}: Python syntax error: ${lexical.message}`;
    const holder = ranges.find(([, [a, b]]) => lexical.line - 1 >= a && lexical.line - 1 < b);
    if (!holder) throw new UserInputError(message);
    const rest = await parseConfined(file, stubbed(lines, [holder]));
    rest.broken.set(holder[0], message);
    return rest;
  }
  const tree = await parsePython(text);
  const bad = firstSyntaxError(tree.rootNode) ?? firstRejected(tree.rootNode);
  if (!bad) return { tree, broken: new Map() };
  // The first rejected node inside the function's lines, for its file:line.
  const errorIn = ([from, to]: [number, number]): string => syntaxMessage(file, firstRejected(tree.rootNode, from, to) ?? bad);
  // Smallest change first: one function, then both.
  const tries: Array<Array<[Part, [number, number]]>> = [...ranges.map((r) => [r]), ...(ranges.length === 2 ? [ranges] : [])];
  for (const t of tries) {
    const candidate = await parsePython(stubbed(lines, t));
    if (!rejects(candidate)) {
      const broken = new Map<Part | 'module', string>(t.map(([n, r]) => [n, errorIn(r)]));
      tree.delete();
      return { tree: candidate, broken };
    }
    candidate.delete();
  }
  return { tree, broken: new Map([['module', syntaxMessage(file, bad)]]) };
}

/**
 * A body too deep for the reader's recursion (a 100,000-term expression) is not analyzed, named at its
 * `def` line, instead of overflowing the stack; the rest of the file is still read.
 */
function bounded(file: string, def: PyNode, where: string, read: () => BodyResult): BodyResult {
  try {
    return read();
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    return {
      statements: [],
      unanalyzed: [{ file, line: lineOf(def), code: def.text.split('\n')[0].trim(), reason: `${where}nested too deeply to read: not analyzed` }],
      unverified: [],
      uncertain: true,
      raised: false,
    };
  }
}

/** Module-level functions other than upgrade/downgrade: helpers the bodies may call. */
function moduleFunctions(root: PyNode): Map<string, PyNode> {
  const out = new Map<string, PyNode>();
  for (const s of named(root)) {
    const def = s.type === 'decorated_definition' ? s.childForFieldName('definition') : s;
    const name = def?.type === 'function_definition' ? def.childForFieldName('name')?.text : undefined;
    if (def && name && name !== 'upgrade' && name !== 'downgrade' && !def.hasError) out.set(name, def);
  }
  return out;
}

/**
 * Parses one migration file; null when it declares no `revision` (not a migration). Throws UserInputError
 * (file:line) only when the revision header cannot be read; a broken function body is a finding.
 */
export async function parseAlembicFile(file: string, source: Buffer | string, versionsDir: string = dirname(file)): Promise<Migration | null> {
  if (typeof source !== 'string') {
    const bad = invalidUtf8Line(source);
    if (bad !== null) throw new UserInputError(`${file}:${bad}: not valid UTF-8 (Python 3 cannot read the file)`);
  }
  const text = normalizeNewlines(typeof source === 'string' ? source : source.toString('utf8'));
  try {
    return await readParsed(file, text, source, versionsDir);
  } catch (error) {
    // A shape the bounded checks did not foresee (a 100,000-term expression) still names the file.
    if (error instanceof RangeError) throw new UserInputError(`${file}: nested too deeply to read`);
    throw error;
  }
}

async function readParsed(file: string, text: string, source: Buffer | string, versionsDir: string): Promise<Migration | null> {
  const { tree, broken } = await parseConfined(file, text);
  try {
    const root = tree.rootNode;

    // Module-level simple assignments: the header, and names the functions may use (shared Enums, ...).
    const scope: Scope = new Map();
    const header = new Map<HeaderKey, { value: PyValue; line: number }>();
    for (const s of named(root)) {
      if (s.hasError) continue;
      const a = s.type === 'expression_statement' ? named(s)[0] : null;
      if (a?.type !== 'assignment') continue;
      const left = a.childForFieldName('left');
      const right = a.childForFieldName('right');
      if (left?.type !== 'identifier' || !right) continue;
      const value = evalPy(right, scope);
      scope.set(left.text, value);
      if ((HEADER as readonly string[]).includes(left.text)) header.set(left.text as HeaderKey, { value, line: lineOf(a) });
    }

    const moduleError = broken.get('module');
    const rev = header.get('revision');
    if (moduleError && (!rev || !header.has('down_revision'))) throw new UserInputError(moduleError);
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

    const functions = moduleError ? new Map<string, PyNode>() : moduleFunctions(root);
    const up = moduleError ? null : findFunction(root, 'upgrade');
    const down = moduleError ? null : findFunction(root, 'downgrade');
    const types = await loadTypeResolver(file, root, versionsDir);
    const upError = broken.get('upgrade') ?? moduleError;
    const downError = broken.get('downgrade') ?? moduleError;
    const unreadable = (message: string, where: string) => ({
      file,
      line: Number(/:(\d+):/.exec(message.slice(file.length))?.[1] ?? 1),
      code: text.split('\n')[Number(/:(\d+):/.exec(message.slice(file.length))?.[1] ?? 1) - 1]?.trim() || basename(file),
      reason: `${where}${message.slice(message.indexOf(': ', file.length) + 2)}: not analyzed`,
    });
    const upResult = upError
      ? { statements: [], unanalyzed: [unreadable(upError, moduleError ? '' : 'upgrade(): ')], unverified: [] }
      : up
        ? bounded(file, up, 'upgrade(): ', () => withTypeResolver(types, () => translateBody(file, up.childForFieldName('body')!, scope, { functions })))
        : { statements: [], unanalyzed: [{ file, line: 1, code: basename(file), reason: 'no upgrade() function' }], unverified: [] };
    const downBody = downError ? null : (down?.childForFieldName('body') ?? null);
    const downResult = downBody
      ? bounded(file, down!, 'downgrade(): ', () => withTypeResolver(types, () => translateBody(file, downBody, scope, { where: 'downgrade(): ', functions })))
      : null;
    const downUnanalyzed = downError && !moduleError ? [unreadable(downError, 'downgrade(): ')] : (downResult?.unanalyzed ?? []);

    const meta: Record<string, string> = { idLine: String(rev.line), parentsLine: String(header.get('down_revision')?.line ?? rev.line) };
    // Why the migration counts as irreversible when the downgrade is not simply empty (for messages).
    if (downError) meta.downgradeProblem = 'syntax-error';
    else if (downResult?.raised) meta.downgradeProblem = 'raises';
    else if (downResult?.uncertain) meta.downgradeProblem = 'not-analyzed';

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
      reversible: downBody !== null && hasEffect(downBody) && !downResult?.raised && !downResult?.uncertain,
      unanalyzed: [...upResult.unanalyzed, ...downUnanalyzed],
      unverified: upResult.unverified,
      checksum: createHash('sha256').update(source).digest('hex'),
      meta,
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
 * Loads every `*.py` of an Alembic versions directory. Throws UserInputError for a missing directory, or one
 * naming file:line for every file whose revision header cannot be read; graph problems are diagnostics.
 */
export async function loadAlembicMigrations(dir: string): Promise<MigrationSet> {
  const path = resolve(dir);
  const info = await stat(path).catch(() => null);
  if (!info?.isDirectory()) throw new UserInputError(`${dir}: Alembic versions directory not found`);
  const migrations: Migration[] = [];
  const diagnostics: Diagnostic[] = [];
  // A directory named x.py, a FIFO or a link to /dev/zero is named (a warning), never read.
  const files = await regularFiles(
    path,
    await readdir(path, { withFileTypes: true }),
    (f) => f.endsWith('.py') && f !== '__init__.py' && !f.startsWith('.#'),
    diagnostics,
  );
  // Every unreadable file of the run is reported at once, one `file:line: message` line each.
  const errors: string[] = [];
  for (const name of files) {
    const file = join(path, name);
    const m = await readMigrationFile(file, diagnostics)
      .then((bytes) => (bytes ? parseAlembicFile(file, bytes, path) : undefined))
      .catch((e: unknown) => {
        if (!(e instanceof UserInputError)) throw e;
        errors.push(e.message);
        return undefined;
      });
    if (m) migrations.push(m);
    else if (m === null) diagnostics.push({ level: 'warning', code: 'no-revision', message: `${name} declares no revision; ignored`, file, line: 1 });
  }
  if (errors.length) throw new UserInputError(errors.join('\n'));
  return applyEnumMemo(buildMigrationSet('alembic', path, resolveDependsOn(migrations), diagnostics));
}
