import { describe, expect, it } from 'vitest';
import type { SchemaChange } from '../model/diff';
import { groupByTable, groupKey } from './schemas';
import { filterByKind, kindCounts } from './kind-filter';
import { valueParts } from '../../components/diff/values';

// Addresses as lib/model/diff.ts documents them for each kind (issue 8).
const change = (over: Partial<SchemaChange>): SchemaChange => ({
  kind: 'column', change: 'missing', schema: 'core', table: 'customers', name: 'x', expected: {}, actual: null, ...over,
});

const changes: SchemaChange[] = [
  change({ kind: 'column', name: 'email' }),
  change({ kind: 'index', name: 'customers_email_idx' }),
  change({ kind: 'trigger', name: 'audit', change: 'altered', expected: { enabled: 'O' }, actual: { enabled: 'D' } }),
  change({ kind: 'policy', name: 'tenant_isolation', change: 'unexpected', expected: null, actual: { using: '(tenant_id = 1)' } }),
  change({ kind: 'rule', name: 'no_delete' }),
  change({ kind: 'privilege', name: 'reporting', expected: { objectType: 'table', privileges: ['SELECT'] } }),
  change({ kind: 'privilege', name: 'ssn:reporting', expected: { objectType: 'column', column: 'ssn', privileges: ['SELECT'] } }),
  change({ kind: 'table', table: null, name: 'orders', change: 'unexpected' }),
  change({ kind: 'function', table: null, name: 'add(integer, integer)' }),
  // A function's grant: whole (names its object type) and altered (only the signature tells).
  change({ kind: 'privilege', table: 'add(integer, integer)', name: 'app', expected: { objectType: 'function', privileges: ['EXECUTE'] } }),
  change({ kind: 'privilege', table: 'add(integer, integer)', name: 'PUBLIC', change: 'altered', expected: { privileges: ['EXECUTE'] }, actual: { privileges: [] } }),
  change({ kind: 'privilege', table: null, name: 'app', expected: { objectType: 'schema', privileges: ['USAGE'] } }),
  change({ kind: 'domain', table: null, name: 'email_address' }),
  change({ kind: 'composite_type', table: null, name: 'address' }),
  change({ kind: 'range_type', table: null, name: 'floatrange' }),
  change({ kind: 'collation', table: null, name: 'german' }),
  change({ kind: 'statistics', table: null, name: 'customers_stats' }),
  change({ kind: 'default_privilege', table: null, name: 'owner:tables:reporting' }),
  change({ kind: 'default_privilege', schema: '', table: null, name: 'owner:functions:PUBLIC' }),
  change({ kind: 'event_trigger', schema: '', table: null, name: 'ddl_audit' }),
  change({ kind: 'role', schema: '', table: null, name: 'reporting' }),
  change({ kind: 'enum', table: null, name: 'status' }),
];

describe('groupByTable with the schema kinds', () => {
  it('puts a table\'s triggers, policies, rules and grants under the table, schema objects under the schema, database-wide ones under (database)', () => {
    const groups = groupByTable(changes);
    expect(groups.map((g) => [g.table, g.changes.map((c) => `${c.kind}:${c.name}`)])).toEqual([
      ['(database)', ['default_privilege:owner:functions:PUBLIC', 'event_trigger:ddl_audit', 'role:reporting']],
      ['core', [
        'function:add(integer, integer)',
        'privilege:app',
        'privilege:PUBLIC',
        'privilege:app',
        'domain:email_address',
        'composite_type:address',
        'range_type:floatrange',
        'collation:german',
        'statistics:customers_stats',
        'default_privilege:owner:tables:reporting',
      ]],
      ['core.customers', ['column:email', 'index:customers_email_idx', 'trigger:audit', 'policy:tenant_isolation', 'rule:no_delete', 'privilege:reporting', 'privilege:ssn:reporting']],
      ['core.orders', ['table:orders']],
      ['core.status', ['enum:status']],
    ]);
  });

  it('keeps a sequence\'s grant with the sequence', () => {
    expect(groupKey(change({ kind: 'privilege', table: 'orders_id_seq', name: 'app', expected: { objectType: 'sequence' } }))).toBe('core.orders_id_seq');
    expect(groupKey(change({ kind: 'sequence', table: null, name: 'orders_id_seq' }))).toBe('core.orders_id_seq');
  });
});

describe('kind filter', () => {
  const groups = groupByTable(changes);
  it('offers the kinds present with their counts, sorted', () => {
    const counts = kindCounts(groups);
    expect(counts.map((c) => c.kind)).toEqual([...counts.map((c) => c.kind)].sort());
    expect(counts.find((c) => c.kind === 'privilege')).toEqual({ kind: 'privilege', count: 5 });
    expect(counts.reduce((n, c) => n + c.count, 0)).toBe(changes.length);
  });

  it('keeps only the chosen kinds and drops groups left empty; no choice keeps everything', () => {
    const shown = filterByKind(groups, new Set(['trigger', 'event_trigger'] as const));
    expect(shown.map((g) => [g.table, g.changes.map((c) => c.name)])).toEqual([
      ['(database)', ['ddl_audit']],
      ['core.customers', ['audit']],
    ]);
    expect(filterByKind(groups, new Set())).toEqual(groups);
  });
});

describe('valueParts', () => {
  it('shows definitions as blocks with their whitespace, short attributes inline', () => {
    const body = 'CREATE OR REPLACE FUNCTION core.add(a integer, b integer)\n RETURNS integer\n LANGUAGE sql\nAS $function$ select a + b $function$';
    const parts = valueParts({ name: 'add', language: 'sql', volatility: 'i', definition: body, using: '(tenant_id = 1)', owner: null });
    expect(parts).toEqual([
      { key: 'language', text: 'sql', block: false },
      { key: 'volatility', text: 'i', block: false },
      { key: 'definition', text: body, block: true },
      { key: 'using', text: '(tenant_id = 1)', block: true },
    ]);
    expect(valueParts({ owner: null }, false)).toEqual([{ key: 'owner', text: 'null', block: false }]);
  });
});
