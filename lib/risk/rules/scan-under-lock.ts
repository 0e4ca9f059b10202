/** A lock that blocks writes (or everything) held while PostgreSQL scans or indexes the whole table. */
import type { Finding } from '../../model/risk';
import { formatQualified, rangeVarName, stringList } from '../../sql/parse';
import type { RuleInput } from '../context';
import { findingFor } from '../finding';
import { levelFor } from '../size';
import { alterTable, columnDefOf, constraintOf, constraintsOf, isPg12OrLater } from './util';

export function setNotNull(input: RuleInput): Finding[] {
  const at = alterTable(input, 'AT_SetNotNull');
  if (!at) return [];
  const out: Finding[] = [];
  for (const cmd of at.cmds) {
    if (!cmd.name) continue;
    // PG >= 12 skips the scan when a validated CHECK (col IS NOT NULL) already proves it.
    if (isPg12OrLater(input) && input.state.provenNotNull.has(`${at.table.name}|${cmd.name}`)) continue;
    out.push(
      findingFor(input, {
        rule: 'set-not-null',
        level: levelFor('scanUnderLock', at.table.size),
        message: `SET NOT NULL on ${at.table.label} column ${cmd.name} scans the whole table under ACCESS EXCLUSIVE.`,
        suggestion: isPg12OrLater(input)
          ? `ADD CONSTRAINT ${cmd.name}_not_null CHECK (${cmd.name} IS NOT NULL) NOT VALID; then VALIDATE CONSTRAINT (no write block); then SET NOT NULL (no scan) and drop the check.`
          : 'Before PostgreSQL 12 SET NOT NULL always scans: use a CHECK (col IS NOT NULL) NOT VALID constraint + VALIDATE CONSTRAINT instead, or a maintenance window.',
        table: at.table.name,
        lock: 'ACCESS EXCLUSIVE',
      }),
    );
  }
  return out;
}

export function addConstraintValidated(input: RuleInput): Finding[] {
  const at = alterTable(input, 'AT_AddConstraint');
  if (!at) return [];
  const out: Finding[] = [];
  for (const cmd of at.cmds) {
    const c = constraintOf(cmd);
    if (!c) continue;
    const name = c.conname ?? 'the constraint';
    if ((c.contype === 'CONSTR_CHECK' || c.contype === 'CONSTR_FOREIGN') && !c.skip_validation) {
      const fk = c.contype === 'CONSTR_FOREIGN';
      const ref = fk ? rangeVarName(c.pktable) : null;
      out.push(
        findingFor(input, {
          rule: fk ? 'add-foreign-key-validated' : 'add-check-validated',
          level: levelFor('scanUnderLock', at.table.size),
          message: fk
            ? `Adding FOREIGN KEY ${name} on ${at.table.label}${ref ? ` → ${formatQualified(ref)}` : ''} scans the whole table while both tables are locked SHARE ROW EXCLUSIVE (writes blocked).`
            : `Adding CHECK ${name} on ${at.table.label} scans the whole table under ACCESS EXCLUSIVE.`,
          suggestion: `Add it with NOT VALID (instant), then ALTER TABLE … VALIDATE CONSTRAINT ${name} in a separate statement (SHARE UPDATE EXCLUSIVE: reads and writes go on).`,
          table: at.table.name,
          lock: fk ? 'SHARE ROW EXCLUSIVE' : 'ACCESS EXCLUSIVE',
        }),
      );
    } else if ((c.contype === 'CONSTR_UNIQUE' || c.contype === 'CONSTR_PRIMARY') && !c.indexname) {
      out.push(uniqueBuild(input, at.table, c.contype === 'CONSTR_PRIMARY' ? 'PRIMARY KEY' : 'UNIQUE', stringList(c.keys)));
    } else if (c.contype === 'CONSTR_EXCLUSION') {
      out.push(
        findingFor(input, {
          rule: 'add-exclusion-constraint',
          level: levelFor('scanUnderLock', at.table.size),
          message: `Adding EXCLUDE constraint ${name} on ${at.table.label} builds its index under ACCESS EXCLUSIVE.`,
          suggestion: 'Run it in a maintenance window; exclusion constraints cannot be built concurrently.',
          table: at.table.name,
          lock: 'ACCESS EXCLUSIVE',
        }),
      );
    }
  }
  return out;
}

/** ADD COLUMN … UNIQUE / PRIMARY KEY builds an index over the whole table too. */
export function addColumnUnique(input: RuleInput): Finding[] {
  const at = alterTable(input, 'AT_AddColumn');
  if (!at) return [];
  const out: Finding[] = [];
  for (const cmd of at.cmds) {
    const col = columnDefOf(cmd);
    const c = col && constraintsOf(col).find((k) => k.contype === 'CONSTR_UNIQUE' || k.contype === 'CONSTR_PRIMARY');
    if (!col || !c) continue;
    out.push(uniqueBuild(input, at.table, c.contype === 'CONSTR_PRIMARY' ? 'PRIMARY KEY' : 'UNIQUE', [col.colname ?? '?']));
  }
  return out;
}

function uniqueBuild(input: RuleInput, table: ReturnType<RuleInput['table']>, kind: string, cols: string[]): Finding {
  const list = cols.join(', ') || '…';
  return findingFor(input, {
    rule: kind === 'PRIMARY KEY' ? 'add-primary-key-without-index' : 'add-unique-without-index',
    level: levelFor('scanUnderLock', table.size),
    message: `Adding ${kind} (${list}) on ${table.label} builds a unique index over the whole table under ACCESS EXCLUSIVE.`,
    suggestion: `CREATE UNIQUE INDEX CONCURRENTLY first, then ALTER TABLE … ADD CONSTRAINT … ${kind} USING INDEX (instant).`,
    table: table.name,
    lock: 'ACCESS EXCLUSIVE',
  });
}

export const scanUnderLockRules = [setNotNull, addConstraintValidated, addColumnUnique];
