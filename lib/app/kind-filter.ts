import type { ObjectKind } from '../model/diff';
import type { TableDrift } from './types';

// Pure and free of server imports: the pages' client-side kind filters use it.

/** How many changes of each kind the groups hold, sorted by kind: what a kind filter offers. */
export function kindCounts(groups: readonly TableDrift[]): Array<{ kind: ObjectKind; count: number }> {
  const counts = new Map<ObjectKind, number>();
  for (const g of groups) for (const c of g.changes) counts.set(c.kind, (counts.get(c.kind) ?? 0) + 1);
  return [...counts.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([kind, count]) => ({ kind, count }));
}

/** The groups with only the changes of `kinds` (all of them when `kinds` is empty); groups left empty are dropped. */
export function filterByKind<G extends TableDrift>(groups: readonly G[], kinds: ReadonlySet<ObjectKind>): G[] {
  if (kinds.size === 0) return [...groups];
  return groups.map((g) => ({ ...g, changes: g.changes.filter((c) => kinds.has(c.kind)) })).filter((g) => g.changes.length > 0);
}
