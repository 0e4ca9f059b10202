/** Renames: the migration works, but code deployed before it breaks the moment it commits. */
import type { Finding } from '../../model/risk';
import { rangeVarName } from '../../sql/parse';
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

export const renameRules = [renameTableOrColumn];
