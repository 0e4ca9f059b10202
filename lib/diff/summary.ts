import type { ChangeType, ObjectKind, SchemaChange } from '../model';

export interface ChangeSummary {
  total: number;
  /** Totals per change type, all kinds together. */
  byChange: Record<ChangeType, number>;
  /** Counts per object kind and change type; every kind is present (zeros included). */
  byKind: Record<ObjectKind, Record<ChangeType, number>>;
}

export const OBJECT_KINDS: readonly ObjectKind[] = [
  'schema',
  'extension',
  'table',
  'column',
  'index',
  'constraint',
  'enum',
  'enum_value',
  'sequence',
  'view',
  'function',
  'trigger',
  'event_trigger',
  'policy',
  'privilege',
  'default_privilege',
  'domain',
  'composite_type',
  'range_type',
  'collation',
  'statistics',
  'rule',
  'role',
];

const zero = (): Record<ChangeType, number> => ({ missing: 0, unexpected: 0, altered: 0 });

/** Counts of a change list, for badges and summaries. */
export function summarizeChanges(changes: readonly SchemaChange[]): ChangeSummary {
  const byKind = Object.fromEntries(OBJECT_KINDS.map((k) => [k, zero()])) as ChangeSummary['byKind'];
  const byChange = zero();
  for (const c of changes) {
    byKind[c.kind][c.change]++;
    byChange[c.change]++;
  }
  return { total: changes.length, byChange, byKind };
}
