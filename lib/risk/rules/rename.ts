/** Renames: the migration works, but code deployed before it breaks the moment it commits. */
import type { Finding } from '../../model/risk';
import { nameListQualified, nodeOf, rangeVarName, stringList } from '../../sql/parse';
import type { RangeVar } from '../../sql/parse';
import type { RuleInput } from '../context';
import { findingFor } from '../finding';
import { levelFor } from '../size';

export function renameTableOrColumn(input: RuleInput): Finding[] {
  if (input.stmt.kind !== 'RenameStmt') return [];
  const node = input.stmt.node as {
    renameType?: string;
    relationType?: string;
    relation?: RangeVar;
    subname?: string;
    newname?: string;
  };
  const q = rangeVarName(node.relation);
  if (!q) return [];
  const table = input.table(q);
  if (node.renameType === 'OBJECT_TABLE') {
    return [
      findingFor(input, {
        rule: 'rename-table',
        level: levelFor('breaksRunningCode', table.size),
        message: `Renaming ${table.label} to ${node.newname} breaks every running query that still uses the old name.`,
        suggestion: `Rename and, in the same transaction, CREATE VIEW ${q.name} AS SELECT * FROM ${node.newname} (auto-updatable) until all code uses ${node.newname}; drop the view later.`,
        table: table.name,
        lock: 'ACCESS EXCLUSIVE',
      }),
    ];
  }
  if (node.renameType === 'OBJECT_COLUMN' && node.relationType === 'OBJECT_TABLE') {
    return [
      findingFor(input, {
        rule: 'rename-column',
        level: levelFor('breaksRunningCode', table.size),
        message: `Renaming column ${node.subname} of ${table.label} to ${node.newname} breaks running code that still uses ${node.subname}.`,
        suggestion: 'Expand/contract: add the new column, write both, backfill, move reads, then drop the old column in a later release.',
        table: table.name,
        lock: 'ACCESS EXCLUSIVE',
      }),
    ];
  }
  return [];
}

/** Whether `names` is a type created earlier in this run (then no deployed code knows it yet). */
function typeInfo(input: RuleInput, names: string[]): { name: string; created: boolean } {
  const name = names.join('.');
  return { name, created: names.length > 0 && input.state.createdTypes.has(name) };
}

/**
 * ALTER TYPE … RENAME TO, ALTER TYPE … RENAME VALUE, DROP TYPE: like a table rename, code deployed
 * before the migration (casts, enum literals, ORM enum mappings) breaks as soon as it commits.
 */
export function renameOrDropType(input: RuleInput): Finding[] {
  const { kind } = input.stmt;
  if (kind === 'RenameStmt') {
    const node = input.stmt.node as { renameType?: string; object?: unknown; newname?: string };
    if (node.renameType !== 'OBJECT_TYPE' && node.renameType !== 'OBJECT_DOMAIN') return [];
    const q = nameListQualified(node.object);
    const t = typeInfo(input, q ? [q.schema, q.name].filter((x): x is string => !!x) : []);
    return [
      findingFor(input, {
        rule: 'rename-type',
        level: levelFor('breaksRunningCode', t.created ? 'new' : 'unknown'),
        message: `Renaming type ${t.name} to ${node.newname} breaks running code that names the old type (casts like ::${q?.name ?? t.name}, functions, ORM type mappings).`,
        suggestion: `Keep the old name until every deployed version uses ${node.newname} (or create the new type and migrate columns to it in steps).`,
        table: null,
        lock: 'ACCESS EXCLUSIVE',
      }),
    ];
  }
  if (kind === 'AlterEnumStmt') {
    const node = input.stmt.node as { typeName?: unknown[]; newVal?: string; oldVal?: string };
    if (!node.oldVal || !node.newVal) return [];
    const t = typeInfo(input, stringList(node.typeName));
    return [
      findingFor(input, {
        rule: 'rename-enum-value',
        level: levelFor('breaksRunningCode', t.created ? 'new' : 'unknown'),
        message: `Renaming value '${node.oldVal}' of enum ${t.name} to '${node.newVal}' breaks running code that writes '${node.oldVal}' (invalid input value) or expects it when reading.`,
        suggestion: `Add '${node.newVal}' first, deploy code that accepts both, move the rows over in batches, and stop using '${node.oldVal}' (an enum value cannot be dropped).`,
        table: null,
        lock: 'ACCESS EXCLUSIVE',
      }),
    ];
  }
  if (kind === 'DropStmt') {
    const node = input.stmt.node as { removeType?: string; objects?: unknown[]; behavior?: string };
    if (node.removeType !== 'OBJECT_TYPE' && node.removeType !== 'OBJECT_DOMAIN') return [];
    const cascade = node.behavior === 'DROP_CASCADE';
    return (node.objects ?? []).map((o) => {
      const t = typeInfo(input, stringList(nodeOf<{ names?: unknown[] }>(o, 'TypeName')?.names));
      return findingFor(input, {
        rule: 'drop-type',
        level: levelFor(cascade ? 'destroysData' : 'breaksRunningCode', t.created ? 'new' : 'unknown'),
        message: cascade
          ? `DROP TYPE ${t.name} CASCADE also drops every column (with its data), function and default that uses the type, and breaks running code that uses it.`
          : `DROP TYPE ${t.name} breaks running code that still uses the type (and fails while a column uses it).`,
        suggestion: 'Deploy code that no longer uses the type first, move columns off it, then drop it in a later release.',
        table: null,
        lock: 'ACCESS EXCLUSIVE',
      });
    });
  }
  return [];
}

export const renameRules = [renameTableOrColumn, renameOrDropType];
