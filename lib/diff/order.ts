import type { ObjectKind, SchemaChange } from '../model';

/** Within one owner (a table, an enum, …) the owner's own change comes first, then its parts. */
const KIND_RANK: Record<ObjectKind, number> = {
  schema: 0,
  extension: 1,
  enum: 2,
  enum_value: 3,
  sequence: 4,
  table: 5,
  column: 6,
  constraint: 7,
  index: 8,
  view: 9,
  domain: 10,
  composite_type: 11,
  range_type: 12,
  collation: 13,
  function: 14,
  trigger: 15,
  policy: 16,
  rule: 17,
  statistics: 18,
  privilege: 19,
  default_privilege: 20,
  event_trigger: 21,
  role: 22,
};

const CHANGE_RANK = { missing: 0, unexpected: 1, altered: 2 } as const;

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Schema, then owner (table / enum / view), then kind, then name: changes of one table stay together. */
export function compareChanges(a: SchemaChange, b: SchemaChange): number {
  return (
    compareText(a.schema, b.schema) ||
    compareText(ownerOf(a), ownerOf(b)) ||
    KIND_RANK[a.kind] - KIND_RANK[b.kind] ||
    compareText(a.name, b.name) ||
    CHANGE_RANK[a.change] - CHANGE_RANK[b.change]
  );
}

function ownerOf(c: SchemaChange): string {
  if (c.kind === 'schema') return '';
  return c.table ?? c.name;
}
