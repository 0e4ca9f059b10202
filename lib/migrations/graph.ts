import type { Diagnostic, Migration, MigrationSet, MigrationTool } from '../model/migration';
import { UserInputError } from '../model/errors';

/**
 * The revision graph shared by every migration tool. Linear tools pass `parents = [previous id]`;
 * Alembic passes its down_revision(s). Edges are parents and dependsOn (both must apply first).
 *
 * Lines for diagnostics come from `meta.idLine` (where the id is declared) and `meta.parentsLine`
 * (where the parents are declared) when the source knows them; otherwise line 1.
 */

function lineOf(m: Migration, key: 'idLine' | 'parentsLine'): number {
  const n = Number(m.meta[key] ?? m.meta.idLine);
  return Number.isFinite(n) && n > 0 ? n : 1;
}

function diag(level: Diagnostic['level'], code: string, message: string, m: Migration | null, key: 'idLine' | 'parentsLine' = 'idLine'): Diagnostic {
  return { level, code, message, file: m?.file ?? null, line: m ? lineOf(m, key) : null };
}

function edgesOf(m: Migration): string[] {
  return [...m.parents, ...m.dependsOn];
}

/** Inserts `id` into the sorted array `ready`, keeping it sorted by `rank`. */
function insertSorted(ready: string[], id: string, rank: Map<string, number>): void {
  const r = rank.get(id)!;
  let lo = 0;
  let hi = ready.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (rank.get(ready[mid])! < r) lo = mid + 1;
    else hi = mid;
  }
  ready.splice(lo, 0, id);
}

/**
 * One cycle among `remaining` (ids Kahn's algorithm could not order), as a closed path of ids.
 * Iterative depth-first search: a chain of 50,000 revisions must not overflow the stack.
 */
function findCycle(remaining: Set<string>, byId: Map<string, Migration>): string[] | null {
  const state = new Map<string, 'visiting' | 'done'>();
  const next = (id: string) => edgesOf(byId.get(id)!).filter((p) => remaining.has(p)).sort();
  for (const start of [...remaining].sort()) {
    if (state.has(start)) continue;
    const path: string[] = [start];
    const pending: string[][] = [next(start)];
    state.set(start, 'visiting');
    while (path.length > 0) {
      const todo = pending[pending.length - 1];
      const id = todo.shift();
      if (id === undefined) {
        state.set(path.pop()!, 'done');
        pending.pop();
        continue;
      }
      const s = state.get(id);
      if (s === 'visiting') return [...path.slice(path.indexOf(id)), id];
      if (!s) {
        state.set(id, 'visiting');
        path.push(id);
        pending.push(next(id));
      }
    }
  }
  return null;
}

/**
 * Orders migrations topologically (each after its parents and dependsOn; ties by id), finds the heads and
 * reports duplicate ids, dangling references, cycles (errors) and several heads (warning).
 */
export function buildMigrationSet(
  tool: MigrationTool,
  path: string,
  migrations: Migration[],
  diagnostics: Diagnostic[] = [],
): MigrationSet {
  const diags = [...diagnostics];
  const byId = new Map<string, Migration>();
  for (const m of migrations) {
    const first = byId.get(m.id);
    if (first) {
      diags.push(diag('error', 'duplicate-revision', `duplicate revision "${m.id}" (also in ${first.file}:${lineOf(first, 'idLine')})`, m));
      continue;
    }
    byId.set(m.id, m);
  }

  // Drop dangling references from the graph (reported) so the rest can still be ordered.
  const unique = [...byId.values()].map((m) => {
    const missingParents = m.parents.filter((p) => !byId.has(p));
    const missingDeps = m.dependsOn.filter((p) => !byId.has(p));
    for (const p of missingParents) {
      diags.push(diag('error', 'dangling-down-revision', `${m.id}: parent revision "${p}" does not exist`, m, 'parentsLine'));
    }
    for (const p of missingDeps) {
      diags.push(diag('error', 'dangling-depends-on', `${m.id}: depends_on "${p}" does not exist`, m, 'parentsLine'));
    }
    if (missingParents.length === 0 && missingDeps.length === 0) return m;
    return { ...m, parents: m.parents.filter((p) => byId.has(p)), dependsOn: m.dependsOn.filter((p) => byId.has(p)) };
  });
  for (const m of unique) byId.set(m.id, m);

  // Kahn's algorithm; ties broken by id.
  const rank = new Map([...byId.keys()].sort().map((id, i) => [id, i] as const));
  const waiting = new Map<string, number>();
  const children = new Map<string, string[]>();
  for (const m of unique) {
    const deps = [...new Set(edgesOf(m))];
    waiting.set(m.id, deps.length);
    for (const d of deps) {
      const list = children.get(d);
      if (list) list.push(m.id);
      else children.set(d, [m.id]);
    }
  }
  const ready: string[] = [];
  for (const m of unique) if (waiting.get(m.id) === 0) insertSorted(ready, m.id, rank);
  const ordered: Migration[] = [];
  while (ready.length > 0) {
    const id = ready.shift()!;
    ordered.push(byId.get(id)!);
    for (const c of children.get(id) ?? []) {
      const left = waiting.get(c)! - 1;
      waiting.set(c, left);
      if (left === 0) insertSorted(ready, c, rank);
    }
  }

  if (ordered.length < unique.length) {
    const done = new Set(ordered.map((m) => m.id));
    const remaining = new Set(unique.filter((m) => !done.has(m.id)).map((m) => m.id));
    const cycle = findCycle(remaining, byId);
    if (cycle) {
      const first = byId.get(cycle[0])!;
      diags.push(diag('error', 'cycle', `revision cycle: ${cycle.join(' -> ')}`, first, 'parentsLine'));
    }
    // Keep every migration visible: the unorderable ones go last, by id.
    ordered.push(...[...remaining].sort().map((id) => byId.get(id)!));
  }

  const hasChild = new Set(unique.flatMap((m) => m.parents));
  const heads = ordered.filter((m) => !hasChild.has(m.id)).map((m) => m.id);
  if (heads.length > 1) {
    const where = heads.map((h) => `${h} (${byId.get(h)!.file}:${lineOf(byId.get(h)!, 'idLine')})`).join(', ');
    diags.push({ level: 'warning', code: 'multiple-heads', message: `${heads.length} heads: ${where}`, file: byId.get(heads[1])!.file, line: lineOf(byId.get(heads[1])!, 'idLine') });
  }

  return { tool, path, migrations: ordered, heads, diagnostics: diags };
}

/** `ids` and everything they build on (parents and dependsOn, transitively). Unknown ids are ignored. */
export function ancestorsOf(set: MigrationSet, ids: Iterable<string>): Set<string> {
  const byId = new Map(set.migrations.map((m) => [m.id, m]));
  const seen = new Set<string>();
  const todo = [...ids].filter((id) => byId.has(id));
  while (todo.length > 0) {
    const id = todo.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    for (const p of edgesOf(byId.get(id)!)) if (byId.has(p) && !seen.has(p)) todo.push(p);
  }
  return seen;
}

/**
 * The migrations an environment still needs to reach `target` (default: every head), in apply order.
 * For Alembic the version table holds only the current heads, so everything below an applied id counts as
 * applied; linear tools list every applied id, so only those exact ids count (gaps stay pending).
 */
export function pendingMigrations(set: MigrationSet, appliedIds: Iterable<string>, target?: string): Migration[] {
  const targets = target === undefined ? set.heads : resolveRevision(set, target);
  const wanted = ancestorsOf(set, targets);
  const applied = set.tool === 'alembic' ? ancestorsOf(set, appliedIds) : new Set(appliedIds);
  return set.migrations.filter((m) => wanted.has(m.id) && !applied.has(m.id));
}

/**
 * Resolves an Alembic-style revision reference to ids: an exact id, `head`, `heads`, `base`, a branch label,
 * `label@head`, or a unique id prefix. Throws UserInputError when unknown or ambiguous.
 */
export function resolveRevision(set: MigrationSet, ref: string): string[] {
  const ids = set.migrations.map((m) => m.id);
  if (ids.includes(ref)) return [ref];
  if (ref === 'heads') return [...set.heads];
  if (ref === 'base') return [];
  if (ref === 'head') {
    if (set.heads.length > 1) throw new UserInputError(`"head" is ambiguous: ${set.heads.length} heads (${set.heads.join(', ')}); use "heads" or a revision`);
    return [...set.heads];
  }
  const [label, suffix] = ref.split('@');
  const labelled = set.migrations.find((m) => m.branchLabels.includes(label));
  if (labelled) {
    if (suffix === undefined) return [labelled.id];
    if (suffix === 'head') {
      // The head of the branch: the head that descends from the labelled revision.
      const heads = set.heads.filter((h) => ancestorsOf(set, [h]).has(labelled.id));
      if (heads.length === 1) return heads;
      throw new UserInputError(`"${ref}" matches ${heads.length} heads`);
    }
  }
  const matches = ids.filter((id) => id.startsWith(ref));
  if (matches.length === 1) return matches;
  if (matches.length > 1) throw new UserInputError(`revision "${ref}" is ambiguous: ${matches.join(', ')}`);
  throw new UserInputError(`unknown revision "${ref}" in ${set.path}`);
}
