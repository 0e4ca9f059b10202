/**
 * CREATE / DROP TRIGGER: catalog-only, but the lock queues behind every running query on the table
 * and everything queued after it waits too. CREATE takes SHARE ROW EXCLUSIVE (blocks writes); DROP
 * takes ACCESS EXCLUSIVE (blocks reads too; checked against PostgreSQL 15 in triggers.pg.test.ts).
 */
import type { Finding } from '../../model/risk';
import { formatQualified, nodeOf, rangeVarName, stringList } from '../../sql/parse';
import type { RangeVar } from '../../sql/parse';
import type { RuleInput } from '../context';
import { findingFor } from '../finding';
import { levelFor } from '../size';

const LOCK_TIMEOUT = "Run it with a short lock_timeout (e.g. SET lock_timeout = '2s') and retry, at a quiet time, so it cannot queue traffic behind it.";

export function createTrigger(input: RuleInput): Finding[] {
  if (input.stmt.kind !== 'CreateTrigStmt') return [];
  const node = input.stmt.node as { trigname?: string; relation?: RangeVar; funcname?: unknown[] };
  const ref = rangeVarName(node.relation);
  if (!ref) return [];
  const table = input.table(ref);
  return [
    findingFor(input, {
      rule: 'create-trigger-lock',
      level: levelFor('briefExclusive', table.size),
      message: `CREATE TRIGGER ${node.trigname ?? '?'} on ${table.label} takes SHARE ROW EXCLUSIVE: it waits behind running queries and blocks every write queued after it; from then on every matching write runs ${stringList(node.funcname).join('.') || 'its function'}.`,
      suggestion: table.size === 'new' ? 'Fine on a table created in the same run.' : LOCK_TIMEOUT,
      table: table.name,
      lock: 'SHARE ROW EXCLUSIVE',
    }),
  ];
}

export function dropTrigger(input: RuleInput): Finding[] {
  if (input.stmt.kind !== 'DropStmt') return [];
  const node = input.stmt.node as { removeType?: string; objects?: unknown[] };
  if (node.removeType !== 'OBJECT_TRIGGER') return [];
  return (node.objects ?? []).flatMap((o) => {
    // [schema,] table, trigger
    const parts = stringList(nodeOf<{ items?: unknown[] }>(o, 'List')?.items);
    if (parts.length < 2) return [];
    const trigger = parts[parts.length - 1];
    const ref = { schema: parts.length > 2 ? parts[parts.length - 3] : null, name: parts[parts.length - 2] };
    const table = input.table(ref);
    return [
      findingFor(input, {
        rule: 'drop-trigger-lock',
        level: levelFor('briefExclusive', table.size),
        message: `DROP TRIGGER ${trigger} on ${table.label} takes ACCESS EXCLUSIVE: it waits behind running queries and blocks every read and write queued after it; code that relies on what the trigger did stops getting it.`,
        suggestion: table.size === 'new' ? 'Fine on a table created in the same run.' : LOCK_TIMEOUT,
        table: formatQualified(ref),
        lock: 'ACCESS EXCLUSIVE',
      }),
    ];
  });
}

export const triggerLockRules = [createTrigger, dropTrigger];
