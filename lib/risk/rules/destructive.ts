/** Statements that destroy data for good. */
import type { Finding } from '../../model/risk';
import { formatQualified, nameListQualified, rangeVarName } from '../../sql/parse';
import type { RangeVar } from '../../sql/parse';
import type { RuleInput } from '../context';
import { findingFor } from '../finding';
import { levelFor } from '../size';
import { alterTable } from './util';

const BACKUP = 'Take a backup (or copy the data aside) first, and ship the code that stops using it in an earlier deploy.';

export function dropTable(input: RuleInput): Finding[] {
  if (input.stmt.kind !== 'DropStmt') return [];
  const node = input.stmt.node as { removeType?: string; objects?: unknown[]; behavior?: string };
  if (node.removeType === 'OBJECT_SCHEMA' && node.behavior === 'DROP_CASCADE') {
    return (node.objects ?? []).map((o) => {
      const name = nameListQualified(o)?.name ?? '?';
      return findingFor(input, {
        rule: 'drop-schema-cascade',
        level: levelFor('destroysData', 'unknown'),
        message: `DROP SCHEMA ${name} CASCADE drops every table in it, with its data.`,
        suggestion: `Drop the schema's objects explicitly (so the migration shows what goes). ${BACKUP}`,
        table: null,
        lock: 'ACCESS EXCLUSIVE',
      });
    });
  }
  if (node.removeType !== 'OBJECT_TABLE') return [];
  return (node.objects ?? []).flatMap((o) => {
    const q = nameListQualified(o);
    if (!q) return [];
    const table = input.table(q);
    return [
      findingFor(input, {
        rule: 'drop-table',
        level: levelFor('destroysData', table.size),
        message: `DROP TABLE ${table.label} deletes the table and all its data.`,
        suggestion: `Rename it aside (or stop writing to it) and drop it in a later release once nothing reads it. ${BACKUP}`,
        table: table.name,
        lock: 'ACCESS EXCLUSIVE',
      }),
    ];
  });
}

export function dropColumn(input: RuleInput): Finding[] {
  const at = alterTable(input);
  if (!at) return [];
  return at.cmds
    .filter((c) => c.subtype === 'AT_DropColumn')
    .map((c) =>
      findingFor(input, {
        rule: 'drop-column',
        level: levelFor('destroysData', at.table.size),
        message: `Dropping column ${c.name} of ${at.table.label} deletes its data, and running code that still reads or writes it fails.`,
        suggestion: `Deploy code that no longer uses the column first (ORM: mark it ignored), then drop it in a later migration. ${BACKUP}`,
        table: at.table.name,
        lock: 'ACCESS EXCLUSIVE',
      }),
    );
}

export function truncate(input: RuleInput): Finding[] {
  if (input.stmt.kind !== 'TruncateStmt') return [];
  const rels = ((input.stmt.node.relations as unknown[]) ?? []).map((r) => (r as { RangeVar?: RangeVar }).RangeVar);
  return rels.flatMap((rv) => {
    const q = rangeVarName(rv);
    if (!q) return [];
    const table = input.table(q);
    return [
      findingFor(input, {
        rule: 'truncate',
        level: levelFor('destroysData', table.size),
        message: `TRUNCATE ${table.label} deletes every row.`,
        suggestion: `Make sure this is meant for every environment; delete only the rows you mean to, in batches. ${BACKUP}`,
        table: table.name,
        lock: 'ACCESS EXCLUSIVE',
      }),
    ];
  });
}

export function updateOrDeleteWithoutWhere(input: RuleInput): Finding[] {
  const { kind, node } = input.stmt;
  if (kind !== 'UpdateStmt' && kind !== 'DeleteStmt') return [];
  if (node.whereClause) return [];
  const q = rangeVarName(node.relation as RangeVar);
  if (!q) return [];
  const table = input.table(q);
  const update = kind === 'UpdateStmt';
  return [
    findingFor(input, {
      rule: update ? 'update-without-where' : 'delete-without-where',
      level: levelFor('destroysData', table.size),
      message: update
        ? `UPDATE ${table.label} without WHERE overwrites every row and holds a row lock on each until commit.`
        : `DELETE FROM ${table.label} without WHERE deletes every row.`,
      suggestion: update
        ? 'Add a WHERE clause; backfill large tables in batches (by primary-key ranges) outside the schema migration.'
        : `Add a WHERE clause, or delete in batches. ${BACKUP}`,
      table: formatQualified(q),
      lock: 'ROW EXCLUSIVE',
    }),
  ];
}

export const destructiveRules = [dropTable, dropColumn, truncate, updateOrDeleteWithoutWhere];
