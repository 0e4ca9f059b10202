/**
 * Changes that cannot be undone. Irreversibility is its own flag (MigrationRisk.reversible), not a
 * risk level: the level says what the deploy does to the running system. So these findings are `low`
 * unless the statement itself also hurts the deploy (ADD VALUE inside a transaction before PG 12 fails).
 */
import type { Finding } from '../../model/risk';
import type { Migration } from '../../model/migration';
import { stringList } from '../../sql/parse';
import type { RuleInput } from '../context';
import { findingFor } from '../finding';

/** Rules whose finding means no later migration or downgrade can take the statement back. */
export const IRREVERSIBLE_STATEMENT_RULES: ReadonlySet<string> = new Set(['enum-add-value']);

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
      level: fails ? 'critical' : 'low',
      message: fails
        ? `ALTER TYPE ${type} ADD VALUE '${node.newVal}' cannot run inside a transaction block before PostgreSQL 12: this migration fails (and the value can never be removed).`
        : `ALTER TYPE ${type} ADD VALUE '${node.newVal}' cannot be undone: PostgreSQL cannot drop an enum value${old ? '' : ', and the value is unusable until the transaction commits'}. Running code is not affected.`,
      suggestion: fails
        ? `Run it outside a transaction block (${outsideTransaction(input)}), and accept that it cannot be removed.`
        : 'Make sure the value is final: no downgrade or later migration can remove it (only recreating the type can). Use it in a later migration, not the same transaction.',
      table: null,
      lock: null,
      nonTransactional: old,
    }),
  ];
}

export const irreversibleRules = [enumAddValue];

function outsideTransaction(input: RuleInput): string {
  if (input.source.origin) return 'Alembic: with op.get_context().autocommit_block()';
  return 'dbmate: -- migrate:up transaction:false; golang-migrate, Flyway, Prisma: a migration of this one statement';
}

/**
 * A migration whose way down is missing its content: an empty or `pass`/raising Alembic downgrade(),
 * an empty golang-migrate `.down.sql`, dbmate `-- migrate:down` section or Flyway undo file, or one that
 * does not parse (`meta.downError`). Reported only where a way down is expected: always for Alembic;
 * for SQL tools when a down file/section exists. Prisma has no down migrations by design
 * (`downStatements === null`): its `reversible` is about data loss, and not a finding here.
 */
export function irreversibleMigration(m: Migration): Finding[] {
  if (m.reversible) return [];
  const broken = m.meta.downError;
  if (m.tool !== 'alembic' && m.downStatements === null && !broken) return [];
  const where = downName(m);
  const line = Number(m.meta.downErrorLine);
  return [
    {
      rule: 'irreversible-migration',
      level: 'low',
      message: broken
        ? `Migration ${m.id} cannot be rolled back: its ${where} does not parse (${broken}).`
        : `Migration ${m.id} cannot be rolled back: its ${where} ${m.tool === 'alembic' ? 'is empty, `pass`, or raises' : 'is empty'}.`,
      suggestion: broken
        ? `Fix the ${where} (run it against a scratch database); the way up is rated as usual.`
        : `Write a ${where} that undoes the upgrade (or document why it cannot, and plan a forward fix instead).`,
      statement: '',
      table: null,
      lock: null,
      rewrite: false,
      nonTransactional: false,
      file: broken ? (m.meta.downErrorFile ?? m.file) : m.file,
      line: broken && Number.isFinite(line) && line > 0 ? line : null,
    },
  ];
}

function downName(m: Migration): string {
  if (m.tool === 'alembic') return 'downgrade()';
  switch (m.meta.scheme) {
    case 'golang-migrate':
      return '.down.sql file';
    case 'dbmate':
      return '-- migrate:down section';
    case 'flyway':
      return 'undo migration (U file)';
    default:
      return 'down migration';
  }
}
