/** Statements that cannot run inside a transaction block: inside one, the migration FAILS. */
import type { Finding } from '../../model/risk';
import { nodeOf } from '../../sql/parse';
import type { RuleInput } from '../context';
import { findingFor } from '../finding';

const OUTSIDE =
  'Run it outside the transaction: Alembic `with op.get_context().autocommit_block():`, dbmate `-- migrate:up transaction:false`, a separate golang-migrate/Flyway migration with no other statements (Flyway: executeInTransaction=false).';

function concurrentKind(input: RuleInput): string | null {
  const { kind, node } = input.stmt;
  if (kind === 'IndexStmt' && node.concurrent) return 'CREATE INDEX CONCURRENTLY';
  if (kind === 'DropStmt' && node.concurrent) return 'DROP INDEX CONCURRENTLY';
  if (kind === 'ReindexStmt') {
    const params = ((node.params as unknown[]) ?? []).map((p) => nodeOf<{ defname?: string }>(p, 'DefElem')?.defname);
    if (params.includes('concurrently')) return 'REINDEX CONCURRENTLY';
  }
  return null;
}

export function concurrentlyInTransaction(input: RuleInput): Finding[] {
  const what = concurrentKind(input);
  if (!what) return [];
  if (!input.source.inTransaction) return [];
  const table = (input.stmt.node.relation as { relname?: string; schemaname?: string } | undefined)?.relname;
  const schema = (input.stmt.node.relation as { schemaname?: string } | undefined)?.schemaname;
  return [
    findingFor(input, {
      rule: 'concurrently-in-transaction',
      level: 'critical',
      message: `${what}${table ? ` on ${schema ? `${schema}.` : ''}${table}` : ''} cannot run inside a transaction block: this migration fails.`,
      suggestion: OUTSIDE,
      table: table ? (schema ? `${schema}.${table}` : table) : null,
      lock: 'SHARE UPDATE EXCLUSIVE',
      nonTransactional: true,
    }),
  ];
}

export function vacuumInTransaction(input: RuleInput): Finding[] {
  if (input.stmt.kind !== 'VacuumStmt' || !input.source.inTransaction) return [];
  const verb = input.stmt.node.is_vacuumcmd === false ? 'ANALYZE' : 'VACUUM';
  if (verb === 'ANALYZE') return []; // ANALYZE may run in a transaction
  return [
    findingFor(input, {
      rule: 'vacuum-in-transaction',
      level: 'critical',
      message: 'VACUUM cannot run inside a transaction block: this migration fails.',
      suggestion: `${OUTSIDE} Or leave vacuuming to autovacuum.`,
      table: null,
      lock: null,
      nonTransactional: true,
    }),
  ];
}

export const transactionRules = [concurrentlyInTransaction, vacuumInTransaction];
