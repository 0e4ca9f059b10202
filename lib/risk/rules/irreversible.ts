/** Changes that cannot be undone by a downgrade. */
import type { Finding } from '../../model/risk';
import type { Migration } from '../../model/migration';
import { stringList } from '../../sql/parse';
import type { RuleInput } from '../context';
import { findingFor } from '../finding';

export function enumAddValue(input: RuleInput): Finding[] {
  if (input.stmt.kind !== 'AlterEnumStmt') return [];
  const node = input.stmt.node as { typeName?: unknown[]; newVal?: string; oldVal?: string };
  if (!node.newVal || node.oldVal) return [];
  const type = stringList(node.typeName).join('.');
  const old = input.serverVersion < 120000;
  const fails = old && input.source.inTransaction;
  return [
    findingFor(input, {
      rule: 'enum-add-value',
      level: fails ? 'critical' : 'medium',
      message: fails
        ? `ALTER TYPE ${type} ADD VALUE '${node.newVal}' cannot run inside a transaction block before PostgreSQL 12: this migration fails (and the value can never be removed).`
        : `ALTER TYPE ${type} ADD VALUE '${node.newVal}' cannot be undone: PostgreSQL cannot drop an enum value${old ? '' : ', and the value is unusable until the transaction commits'}.`,
      suggestion: fails
        ? 'Run it outside a transaction block (Alembic autocommit_block), and accept that the downgrade cannot remove it.'
        : 'Make sure the value is final; the downgrade cannot remove it (only recreating the type can). Use it in a later migration, not the same transaction.',
      table: null,
      lock: null,
      nonTransactional: old,
    }),
  ];
}

export const irreversibleRules = [enumAddValue];

/**
 * A migration whose downgrade is empty, `pass`, or raises. Only reported where a downgrade is
 * expected: always for Alembic, and for SQL tools when the file has a down section (dbmate
 * `-- migrate:down`, a golang-migrate .down.sql) that is empty. Prisma and Flyway have no down
 * migrations by design (`downStatements === null`): not a finding.
 */
export function irreversibleMigration(m: Migration): Finding[] {
  if (m.reversible) return [];
  if (m.tool !== 'alembic' && m.downStatements === null) return [];
  return [
    {
      rule: 'irreversible-migration',
      level: 'medium',
      message: `Migration ${m.id} cannot be rolled back: its downgrade is empty, \`pass\`, or raises.`,
      suggestion: 'Write a downgrade that undoes the upgrade (or document why it cannot, and plan a forward fix instead).',
      statement: '',
      table: null,
      lock: null,
      rewrite: false,
      nonTransactional: false,
      file: m.file,
      line: null,
    },
  ];
}
