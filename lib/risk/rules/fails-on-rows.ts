/** Statements that error as soon as the table has a row. */
import type { Finding } from '../../model/risk';
import { stringList } from '../../sql/parse';
import type { RuleInput } from '../context';
import { findingFor } from '../finding';
import { levelFor } from '../size';
import { classifyDefault } from '../volatility';
import { alterTable, columnDefault, columnDefOf, constraintsOf, SERIAL_TYPES } from './util';

export function addColumnNotNullNoDefault(input: RuleInput): Finding[] {
  const at = alterTable(input, 'AT_AddColumn');
  if (!at) return [];
  const out: Finding[] = [];
  for (const cmd of at.cmds) {
    const col = columnDefOf(cmd);
    if (!col) continue;
    const cs = constraintsOf(col);
    const notNull = cs.some((c) => c.contype === 'CONSTR_NOTNULL' || c.contype === 'CONSTR_PRIMARY');
    if (!notNull) continue;
    const filled =
      classifyDefault(columnDefault(col)).volatility !== 'none' ||
      cs.some((c) => c.contype === 'CONSTR_IDENTITY' || c.contype === 'CONSTR_GENERATED') ||
      SERIAL_TYPES.has(stringList(col.typeName?.names).pop() ?? '');
    if (filled) continue;
    const level = levelFor('failsOnRows', at.table.size);
    out.push(
      findingFor(input, {
        rule: 'add-column-not-null-no-default',
        level,
        message:
          at.table.size === 'new' || at.table.size === 'empty'
            ? `Adding NOT NULL column ${col.colname} without a default to ${at.table.label} works only while the table has no rows.`
            : `Adding NOT NULL column ${col.colname} without a default to ${at.table.label} fails if the table has any row.`,
        suggestion:
          'Add it nullable (or with a constant DEFAULT: metadata-only since PostgreSQL 11), backfill in batches, then make it NOT NULL via CHECK … NOT VALID + VALIDATE + SET NOT NULL.',
        table: at.table.name,
        lock: 'ACCESS EXCLUSIVE',
      }),
    );
  }
  return out;
}

export const failsOnRowsRules = [addColumnNotNullNoDefault];
