/** Index work that blocks the table: CREATE / DROP / REINDEX without CONCURRENTLY. */
import type { Finding } from '../../model/risk';
import { formatQualified, nameListQualified, nodeOf, rangeVarName } from '../../sql/parse';
import type { RangeVar } from '../../sql/parse';
import type { RuleInput } from '../context';
import { findingFor } from '../finding';
import { levelFor } from '../size';

export function createIndex(input: RuleInput): Finding[] {
  if (input.stmt.kind !== 'IndexStmt') return [];
  const node = input.stmt.node as { relation?: RangeVar; concurrent?: boolean; idxname?: string; unique?: boolean };
  if (node.concurrent) return [];
  const ref = rangeVarName(node.relation);
  if (!ref) return [];
  const table = input.table(ref);
  const idx = node.idxname ? ` ${node.idxname}` : '';
  return [
    findingFor(input, {
      rule: 'create-index-not-concurrently',
      level: levelFor('scanUnderLock', table.size),
      message: `CREATE${node.unique ? ' UNIQUE' : ''} INDEX${idx} on ${table.label} blocks all writes (SHARE lock) for the whole build.`,
      suggestion:
        table.size === 'new'
          ? 'Fine on a table created in the same run.'
          : 'Use CREATE INDEX CONCURRENTLY, outside a transaction block (Alembic: op.get_context().autocommit_block(); postgresql_concurrently=True).',
      table: table.name,
      lock: 'SHARE',
    }),
  ];
}

export function dropIndex(input: RuleInput): Finding[] {
  if (input.stmt.kind !== 'DropStmt') return [];
  const node = input.stmt.node as { removeType?: string; concurrent?: boolean; objects?: unknown[] };
  if (node.removeType !== 'OBJECT_INDEX' || node.concurrent) return [];
  return (node.objects ?? []).map((o) => {
    const q = nameListQualified(o);
    const name = q ? formatQualified(q) : '?';
    const created = q !== null && input.state.createdIndexes.has(name);
    return findingFor(input, {
      rule: 'drop-index-not-concurrently',
      level: levelFor('briefExclusive', created ? 'new' : 'unknown'),
      message: `DROP INDEX ${name} takes ACCESS EXCLUSIVE on its table: it waits behind running queries and blocks everything queued after it.`,
      suggestion: 'Use DROP INDEX CONCURRENTLY, outside a transaction block.',
      table: null,
      lock: 'ACCESS EXCLUSIVE',
    });
  });
}

export function reindex(input: RuleInput): Finding[] {
  if (input.stmt.kind !== 'ReindexStmt') return [];
  const node = input.stmt.node as { kind?: string; relation?: RangeVar; params?: unknown[] };
  const params = (node.params ?? []).map((p) => nodeOf<{ defname?: string }>(p, 'DefElem')?.defname);
  if (params.includes('concurrently')) return [];
  const ref = node.kind === 'REINDEX_OBJECT_TABLE' ? rangeVarName(node.relation) : null;
  const table = ref ? input.table(ref) : null;
  return [
    findingFor(input, {
      rule: 'reindex-not-concurrently',
      level: levelFor('scanUnderLock', table?.size ?? 'unknown'),
      message: `REINDEX ${table ? table.label : 'without CONCURRENTLY'} blocks writes to the table and reads that use the index for the whole rebuild.`,
      suggestion: 'Use REINDEX … CONCURRENTLY (PostgreSQL 12+), outside a transaction block.',
      table: table?.name ?? null,
      lock: 'SHARE',
    }),
  ];
}

export const indexRules = [createIndex, dropIndex, reindex];
