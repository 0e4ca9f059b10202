/** Statements that destroy data for good. */
import type { Finding } from '../../model/risk';
import { formatQualified, nameListQualified, rangeVarName } from '../../sql/parse';
import type { RangeVar } from '../../sql/parse';
import type { RuleInput } from '../context';
import { findingFor } from '../finding';
import { levelFor } from '../size';
import { maxRisk } from '../levels';
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
        // Every table of the schema, whatever their sizes: nothing in a migration destroys more.
        level: 'critical',
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

/**
 * UPDATE / DELETE on an existing table. Without WHERE every row is overwritten or deleted; with one
 * (or a FROM join) it is a backfill whose cost grows with the table: one transaction locking every
 * matched row until commit. Either is worse when an earlier statement of the same transaction already
 * holds ACCESS EXCLUSIVE on the table: then nothing can read or write it until the backfill commits.
 */
export function updateOrDelete(input: RuleInput): Finding[] {
  const { kind, node } = input.stmt;
  if (kind !== 'UpdateStmt' && kind !== 'DeleteStmt') return [];
  const q = rangeVarName(node.relation as RangeVar);
  if (!q) return [];
  const table = input.table(q);
  const update = kind === 'UpdateStmt';
  const filtered = Boolean(node.whereClause);
  if (filtered && table.size === 'new') return [];
  const lockedAt = input.source.inTransaction ? input.state.exclusiveLocks.get(table.name) : undefined;
  const underLock = lockedAt === undefined ? '' : ` — and the ACCESS EXCLUSIVE lock taken at line ${lockedAt} is held until it commits, so nothing can read or write ${table.name} meanwhile`;
  const base = filtered ? levelFor('backfill', table.size) : levelFor('destroysData', table.size);
  const level = lockedAt === undefined ? base : maxRisk([base, levelFor('rewrite', table.size)]);
  const rule = filtered ? (update ? 'backfill-update' : 'backfill-delete') : update ? 'update-without-where' : 'delete-without-where';
  const batches = 'backfill large tables in batches (by primary-key ranges, one transaction each) outside the schema migration';
  let message: string;
  if (!filtered) {
    message = update
      ? `UPDATE ${table.label} without WHERE overwrites every row and holds a row lock on each until commit${underLock}.`
      : `DELETE FROM ${table.label} without WHERE deletes every row${underLock}.`;
  } else {
    message = `${update ? 'UPDATE' : 'DELETE FROM'} ${table.label} ${node.fromClause || node.usingClause ? 'with a join ' : ''}runs as one transaction that locks every matched row until commit (writers to those rows wait; vacuum is held back)${underLock}.`;
  }
  return [
    findingFor(input, {
      rule,
      level,
      message,
      suggestion: filtered
        ? `On a large table, ${batches}${lockedAt === undefined ? '' : '; at least move it out of the transaction that altered the table'}.`
        : update
          ? `Add a WHERE clause; ${batches}.`
          : `Add a WHERE clause, or delete in batches. ${BACKUP}`,
      table: formatQualified(q),
      lock: lockedAt === undefined ? 'ROW EXCLUSIVE' : 'ACCESS EXCLUSIVE',
    }),
  ];
}

/** DROP DATABASE: every schema and table of a database, gone (and it cannot run inside a transaction). */
export function dropDatabase(input: RuleInput): Finding[] {
  if (input.stmt.kind !== 'DropdbStmt') return [];
  const name = String((input.stmt.node as { dbname?: unknown }).dbname ?? '?');
  return [
    findingFor(input, {
      rule: 'drop-database',
      level: 'critical',
      message: `DROP DATABASE ${name} deletes the whole database: every schema, table and row in it.`,
      suggestion: `A schema migration should never drop a database; do it by hand, deliberately, after a backup. ${BACKUP}`,
      table: null,
      lock: 'ACCESS EXCLUSIVE',
    }),
  ];
}

export const destructiveRules = [dropTable, dropColumn, truncate, updateOrDelete, dropDatabase];
