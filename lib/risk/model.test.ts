import { describe, expect, it } from 'vitest';
import type { Finding } from '../model/risk';
import { alterTypeVerdict, sqlalchemyTypeToPg } from './coercion';
import { tableStatsIndex } from './context';
import { estimateBlockingSeconds } from './estimate';
import { compareRisk, maxRisk } from './levels';
import { classifyTable } from './size';
import { contextWith, stats } from './fixtures';
import { classifyDefault } from './volatility';
import { parseStatement } from '../sql/parse';

describe('levels', () => {
  it('maxRisk is the highest level, low when none', () => {
    expect(maxRisk([])).toBe('low');
    expect(maxRisk(['medium', 'critical', 'high'])).toBe('critical');
    expect(['high', 'low', 'critical', 'medium'].sort((a, b) => compareRisk(a as never, b as never))).toEqual(['low', 'medium', 'high', 'critical']);
  });
});

describe('classifyTable', () => {
  it('uses the documented thresholds', () => {
    expect(classifyTable(undefined)).toBe('unknown');
    expect(classifyTable(stats('t', 0, 0))).toBe('empty');
    expect(classifyTable(stats('t', 9_999, 1024 * 1024))).toBe('small');
    expect(classifyTable(stats('t', 10_000, 1024 * 1024))).toBe('medium');
    expect(classifyTable(stats('t', 100, 11 * 1024 * 1024))).toBe('medium');
    expect(classifyTable(stats('t', 1_000_001, 1))).toBe('large');
    expect(classifyTable(stats('t', 5, 2 * 1024 ** 3))).toBe('large');
    // never analyzed: judged by pages, unknown when there are none
    expect(classifyTable({ schema: 'public', table: 't', rows: 0, bytes: 0, analyzed: false })).toBe('unknown');
    expect(classifyTable({ schema: 'public', table: 't', rows: 0, bytes: 8192, analyzed: false })).toBe('small');
  });
});

describe('tableStatsIndex', () => {
  it('keys by schema.table and bare table, preferring public for a bare name', () => {
    const idx = tableStatsIndex([stats('users', 5, 1, 'app'), stats('users', 7, 1, 'public'), stats('orders', 3, 1, 'app')]);
    expect(idx.get('app.users')?.rows).toBe(5);
    expect(idx.get('public.users')?.rows).toBe(7);
    expect(idx.get('users')?.rows).toBe(7);
    expect(idx.get('orders')?.schema).toBe('app');
  });
  it('without a public table, a bare name maps to the largest', () => {
    const idx = tableStatsIndex([stats('t', 5, 100, 'a'), stats('t', 9, 900, 'b'), stats('t', 1, 10, 'c')]);
    expect(idx.get('t')?.schema).toBe('b');
  });
});

describe('estimateBlockingSeconds', () => {
  const f = (rule: string, table: string | null): Finding => ({
    rule, level: 'high', message: '', suggestion: '', statement: '', table, lock: 'ACCESS EXCLUSIVE',
    rewrite: false, nonTransactional: false, file: null, line: null,
  });
  const ctx = contextWith([stats('big', 10_000_000, 1024 ** 3)]);
  it('divides table bytes by the throughput of the kind of work', () => {
    expect(estimateBlockingSeconds(f('alter-column-type', 'big'), ctx)).toBeCloseTo(1024 / 50, 1);
    expect(estimateBlockingSeconds(f('create-index-not-concurrently', 'big'), ctx)).toBeCloseTo(1024 / 30, 1);
    expect(estimateBlockingSeconds(f('set-not-null', 'public.big'), ctx)).toBeCloseTo(1024 / 200, 1);
    expect(estimateBlockingSeconds(f('drop-table', 'big'), ctx)).toBe(0);
  });
  it('is null without stats, without a table, or for rules with no modelled work', () => {
    expect(estimateBlockingSeconds(f('alter-column-type', 'big'))).toBeNull();
    expect(estimateBlockingSeconds(f('alter-column-type', 'other'), ctx)).toBeNull();
    expect(estimateBlockingSeconds(f('alter-column-type', null), ctx)).toBeNull();
    expect(estimateBlockingSeconds(f('unanalyzed', 'big'), ctx)).toBeNull();
  });
});

describe('type changes', () => {
  it.each([
    ['varchar(100)', 'varchar(50)', 'no-rewrite'],
    ['varchar(50)', 'varchar(50)', 'no-rewrite'],
    ['text', 'varchar(50)', 'no-rewrite'],
    ['varchar', 'varchar(50)', 'no-rewrite'],
    ['numeric(12,2)', 'numeric(10,2)', 'no-rewrite'],
    ['numeric', 'numeric(10,2)', 'no-rewrite'],
    ['inet', 'cidr', 'no-rewrite'],
    ['varchar(10)', 'varchar(50)', 'rewrite'],
    ['varchar(10)', 'text', 'rewrite'],
    ['numeric(12,3)', 'numeric(10,2)', 'rewrite'],
    ['int8', 'int4', 'rewrite'],
    ['text', 'int4', 'rewrite'],
  ])('%s from %s: %s', (to, from, verdict) => {
    expect(alterTypeVerdict(to, from, false)).toBe(verdict);
  });
  it('without the old type: widening-looking targets are possible rewrites, others rewrites', () => {
    expect(alterTypeVerdict('varchar(10)', null, false)).toBe('possible-rewrite');
    expect(alterTypeVerdict('text', null, false)).toBe('possible-rewrite');
    expect(alterTypeVerdict('int8', null, false)).toBe('rewrite');
    expect(alterTypeVerdict('text', null, true)).toBe('rewrite');
  });
  it('maps SQLAlchemy spellings', () => {
    expect(sqlalchemyTypeToPg('sa.String(length=50)')).toBe('varchar(50)');
    expect(sqlalchemyTypeToPg('sa.Text()')).toBe('text');
    expect(sqlalchemyTypeToPg('postgresql.CIDR()')).toBe('cidr');
    expect(sqlalchemyTypeToPg('sa.NUMERIC(precision=10, scale=2)')).toBe('numeric(10,2)');
    expect(sqlalchemyTypeToPg('sa.DateTime(timezone=True)')).toBe('timestamptz');
    expect(sqlalchemyTypeToPg('MyCustomType()')).toBeNull();
  });
});

describe('classifyDefault', () => {
  async function def(expr: string) {
    const [s] = await parseStatement(`SELECT ${expr}`);
    const target = (s.node.targetList as { ResTarget: { val: unknown } }[])[0].ResTarget.val;
    return classifyDefault(target).volatility;
  }
  it('tells constants, stable and volatile expressions apart', async () => {
    expect(await def('0')).toBe('constant');
    expect(await def("'x'::text")).toBe('constant');
    expect(await def('NULL')).toBe('none');
    expect(await def('now()')).toBe('stable');
    expect(await def('CURRENT_TIMESTAMP')).toBe('stable');
    expect(await def("nextval('s'::regclass)")).toBe('volatile');
    expect(await def('random() * 10')).toBe('volatile');
    expect(await def('my_function()')).toBe('volatile');
  });
});
