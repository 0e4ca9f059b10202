import type { SyncCell } from './types';

/** Up to this many environments the matrix lists every ordered pair as a cell; above, it is grouped. */
export const MATRIX_CELLS_UP_TO = 12;

export interface MatrixGroup {
  /** The name pattern: the part of the names before the first `-` or `.` (or the whole name). */
  name: string;
  environments: string[];
}

/**
 * Which environments have the same schema, in a size that does not grow with the pairs of environments:
 * environments point into a list of distinct schemas (`schemaOf`), and `changes` holds the change counts
 * between distinct schemas (`changes[i][j]`: from schema i to j; 0 on the diagonal; null when unknown).
 */
export interface OverviewMatrix {
  environments: string[];
  /** Every ordered pair, up to MATRIX_CELLS_UP_TO environments; empty above (use schemaOf/changes). */
  cells: SyncCell[];
  /** Environment → index of its schema in `changes`, or null when it has no stored schema yet. */
  schemaOf: Record<string, number | null>;
  changes: Array<Array<number | null>>;
  /** Environments grouped by name pattern, groups and members sorted by name; one group per pattern. */
  groups: MatrixGroup[];
  /** True when there are more than MATRIX_CELLS_UP_TO environments: the page shows groups. */
  grouped: boolean;
}

/** The name pattern of an environment: `eu-prod` and `eu.staging` are both in `eu`; `prod` alone in `prod`. */
export function groupNameOf(environment: string): string {
  const cut = environment.search(/[-.]/);
  return cut > 0 ? environment.slice(0, cut) : environment;
}

export function groupByNamePattern(environments: readonly string[]): MatrixGroup[] {
  const groups = new Map<string, string[]>();
  for (const e of environments) {
    const g = groupNameOf(e);
    groups.set(g, [...(groups.get(g) ?? []), e]);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, list]) => ({ name, environments: [...list].sort((a, b) => a.localeCompare(b)) }));
}

/**
 * The matrix from each environment's schema hash (null: none stored) and the counts between distinct
 * hashes (`count(a, b)`, null when unknown). Equal hashes are "same" without any count.
 */
export function buildMatrix(
  environments: ReadonlyArray<{ name: string; schemaHash: string | null }>,
  count: (leftHash: string, rightHash: string) => number | null,
): OverviewMatrix {
  const hashes: string[] = [];
  const index = new Map<string, number>();
  const schemaOf: Record<string, number | null> = {};
  for (const e of environments) {
    if (e.schemaHash === null) {
      schemaOf[e.name] = null;
      continue;
    }
    if (!index.has(e.schemaHash)) {
      index.set(e.schemaHash, hashes.length);
      hashes.push(e.schemaHash);
    }
    schemaOf[e.name] = index.get(e.schemaHash)!;
  }
  const changes = hashes.map((l) => hashes.map((r) => (l === r ? 0 : count(l, r))));
  const names = environments.map((e) => e.name);
  const grouped = names.length > MATRIX_CELLS_UP_TO;
  const cells: SyncCell[] = [];
  if (!grouped) {
    for (const a of names) {
      for (const b of names) {
        if (a !== b) cells.push(cellBetween(a, b, schemaOf, changes));
      }
    }
  }
  return { environments: names, cells, schemaOf, changes, groups: groupByNamePattern(names), grouped };
}

/** One cell, from the compact form: what the page computes for any pair when cells are not listed. */
export function cellBetween(left: string, right: string, schemaOf: OverviewMatrix['schemaOf'], changes: OverviewMatrix['changes']): SyncCell {
  const i = schemaOf[left];
  const j = schemaOf[right];
  if (i === null || j === null || i === undefined || j === undefined) return { left, right, state: 'unknown', changes: null };
  if (i === j) return { left, right, state: 'same', changes: 0 };
  const n = changes[i]?.[j] ?? null;
  return { left, right, state: n === null ? 'unknown' : n === 0 ? 'same' : 'differs', changes: n };
}
