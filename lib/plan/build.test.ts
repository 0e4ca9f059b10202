import { describe, expect, it } from 'vitest';
import type { Migration } from '../model/migration';
import type { Finding, MigrationRisk } from '../model/risk';
import { buildPlan } from './build';
import { planToMarkdown } from './markdown';

function migration(id: string, sql: string[], opts: Partial<Migration> = {}): Migration {
  return {
    id, description: `migration ${id}`, tool: 'alembic', file: `/p/versions/${id}.py`, parents: [], dependsOn: [],
    branchLabels: [], statements: sql.map((s, i) => ({ sql: s, line: 10 + i, origin: null, inTransaction: !/CONCURRENTLY/.test(s) })),
    downStatements: [], reversible: true, unanalyzed: [], checksum: 'x', meta: {}, ...opts,
  };
}

function finding(over: Partial<Finding>): Finding {
  return {
    rule: 'create-index-not-concurrently', level: 'high', message: 'm', suggestion: 's', statement: 'CREATE INDEX …',
    table: 'public.orders', lock: 'SHARE', rewrite: false, nonTransactional: false, file: null, line: null, ...over,
  };
}

const stats = [{ schema: 'public', table: 'orders', rows: 5_000_000, bytes: 2_000_000_000, analyzed: true }];

describe('buildPlan', () => {
  const a = migration('a1', ['CREATE INDEX ix ON orders (created_at)']);
  const b = migration('b2', ['ALTER TABLE orders DROP COLUMN note'], { reversible: false });
  const c = migration('c3', ['CREATE INDEX CONCURRENTLY iy ON orders (x)']);
  const risks: Record<string, MigrationRisk> = {
    a1: { id: 'a1', description: '', risk: 'high', reversible: true, findings: [finding({})] },
    b2: {
      id: 'b2', description: '', risk: 'high', reversible: false,
      findings: [finding({ rule: 'drop-column', lock: 'ACCESS EXCLUSIVE', statement: 'ALTER TABLE orders DROP COLUMN note' })],
    },
    c3: {
      id: 'c3', description: '', risk: 'low', reversible: true,
      findings: [finding({ level: 'low', lock: 'SHARE UPDATE EXCLUSIVE', nonTransactional: true, statement: 'CREATE INDEX CONCURRENTLY iy ON orders (x)' })],
    },
  };
  const plan = buildPlan({
    environment: 'production', from: 'z0', target: 'c3',
    steps: [a, b, c].map((m) => ({ migration: m, risk: risks[m.id] })),
    tableStats: stats,
    estimateBlockingSeconds: (f) => (f.lock === 'SHARE' ? 90 : 2),
    driftCount: 2,
    now: new Date('2025-01-01T00:00:00Z'),
  });

  it('keeps apply order and takes the highest risk', () => {
    expect(plan.steps.map((s) => [s.order, s.id])).toEqual([[1, 'a1'], [2, 'b2'], [3, 'c3']]);
    expect(plan.risk).toBe('high');
  });

  it('uses live table sizes and only counts locks that block', () => {
    expect(plan.steps[0].locks[0]).toMatchObject({ table: 'public.orders', rows: 5_000_000, bytes: 2_000_000_000, estimatedBlockingSeconds: 90 });
    expect(plan.steps[2].estimatedBlockingSeconds).toBe(0);
    expect(plan.estimatedBlockingSeconds).toBe(92);
  });

  it('names irreversible and non-transactional steps, and rolls back in reverse with restores for lost data', () => {
    expect(plan.irreversible).toEqual(['b2']);
    expect(plan.steps[2].nonTransactional).toEqual(['CREATE INDEX CONCURRENTLY iy ON orders (x)']);
    expect(plan.rollback.map((r) => [r.id, r.kind])).toEqual([['c3', 'downgrade'], ['b2', 'restore'], ['a1', 'downgrade']]);
  });

  it('asks for a backup, a window, a lock_timeout and drift resolution first', () => {
    const text = plan.checklist.join('\n');
    expect(text).toMatch(/backup/i);
    expect(text).toMatch(/low-traffic window: a1, b2/);
    expect(text).toMatch(/lock_timeout/);
    expect(text).toMatch(/2 drift change/);
  });

  it('offers "repair drift first" as step 0 when the environment has drift, in the page data and the Markdown', () => {
    expect(plan.repairFirst).toEqual({ driftChanges: 2, ghostMigrations: [], href: '/repair?env=production' });
    expect(planToMarkdown(plan)).toMatch(/## Step 0: repair drift first\n\nproduction has 2 drift change\(s\): .*driftboard repair --env production/);
    const clean = buildPlan({ environment: 'staging', from: 'a', target: 'b', steps: [], tableStats: [], estimateBlockingSeconds: () => 0 });
    expect(clean.repairFirst).toBeNull();
  });

  it('treats a table the environment does not have yet as empty, and unknown stats as unknown time', () => {
    const created = buildPlan({
      environment: 'e', from: null, target: 'a1', steps: [{ migration: a, risk: { ...risks.a1, findings: [finding({ table: 'public.new_table' })] } }],
      tableStats: stats, estimateBlockingSeconds: () => 999,
    });
    expect(created.estimatedBlockingSeconds).toBe(0);
    const blind = buildPlan({ environment: 'e', from: null, target: 'a1', steps: [{ migration: a, risk: risks.a1 }], tableStats: [], estimateBlockingSeconds: () => 5 });
    expect(blind.estimatedBlockingSeconds).toBeNull();
    expect(blind.warnings.join()).toMatch(/blocking times are unknown/);
  });

  it('exports Markdown with the checklist, steps and rollback', () => {
    const md = planToMarkdown(plan);
    expect(md).toContain('# Migration plan: production → c3');
    expect(md).toContain('- [ ] ');
    expect(md).toContain('### 2. `b2`');
    expect(md).toContain('| public.orders | SHARE | no | 5,000,000 | 1.9 GB | ~90 s |');
    expect(md).toContain('Must run outside a transaction:');
    expect(md.indexOf('## Rollback')).toBeGreaterThan(md.indexOf('## Steps'));
  });

  it('says there is nothing to do at the target', () => {
    const empty = buildPlan({ environment: 'e', from: 'c3', target: 'c3', steps: [], tableStats: stats, estimateBlockingSeconds: () => 1 });
    expect(empty.checklist).toEqual(['Nothing to apply: e is already at c3.']);
    expect(planToMarkdown(empty)).toContain('Nothing to apply.');
  });

  it('carries the replay problems and unchecked attributes of the environment into the plan and its Markdown', () => {
    const problem = { migrationId: 'a0', file: 'versions/a0_grants.py', line: 14, statement: 'GRANT SELECT ON users TO reporting', error: 'role "reporting" does not exist' };
    const p = buildPlan({
      environment: 'e', from: 'a0', target: 'a1', steps: [{ migration: a, risk: risks.a1 }], tableStats: stats,
      estimateBlockingSeconds: () => 1, replayProblems: [problem], uncheckedAttributes: 3,
    });
    expect(p.replayProblems).toEqual([problem]);
    expect(p.uncheckedAttributes).toBe(3);
    expect(p.warnings).toEqual(expect.arrayContaining([expect.stringMatching(/^1 statement of the applied migrations could not be replayed/), '3 attributes of e could not be checked for drift.']));
    const md = planToMarkdown(p);
    expect(md).toContain('## Replay problems');
    expect(md).toContain('- `versions/a0_grants.py:14` (a0): role "reporting" does not exist — `GRANT SELECT ON users TO reporting`');
    expect(plan.replayProblems).toEqual([]);
    expect(planToMarkdown(plan)).not.toContain('Replay problems');
  });
});
