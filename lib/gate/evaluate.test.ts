import { describe, expect, it } from 'vitest';
import type { EnvironmentStatus, PendingMigration } from '../model/status';
import type { VersionState } from '../model/migration';
import { evaluateGate } from '.';

function status(over: Partial<EnvironmentStatus> = {}): EnvironmentStatus {
  const versionState: VersionState = { tool: 'alembic', table: 'public.alembic_version', state: 'ok', current: ['a1'], applied: ['a1'], problems: [] };
  return {
    name: 'production',
    status: 'ok',
    error: null,
    tool: 'alembic',
    version: 'a1',
    head: 'a1',
    behind: 0,
    pending: [],
    drift: { changes: [], ghostMigrations: [], unverified: [], replayProblems: [] },
    versionState,
    schemaHash: 'h',
    serverVersion: 150000,
    tableStats: [],
    checkedAt: '2024-01-01T00:00:00.000Z',
    durationMs: 1,
    ...over,
  };
}

const pending = (id: string, risk: PendingMigration['risk']): PendingMigration => ({ id, description: id, risk, reversible: true, findings: [] });

describe('evaluateGate', () => {
  it('passes an up-to-date, drift-free environment under every flag', () => {
    expect(evaluateGate(status(), { maxRisk: 'low', failOnDrift: true, failOnPending: true })).toEqual({ pass: true, reasons: [] });
  });

  it('fails an unreachable or errored environment whatever the flags', () => {
    const down = evaluateGate(status({ status: 'unreachable', error: 'connection refused', drift: null, behind: null }));
    expect(down.pass).toBe(false);
    expect(down.reasons[0]).toBe('production is unreachable: connection refused');
    expect(evaluateGate(status({ status: 'error', error: 'permission denied' })).pass).toBe(false);
  });

  it('fails pending migrations only with --fail-on-pending, and risk only above --max-risk', () => {
    const behind = status({ behind: 2, pending: [pending('b2', 'medium'), pending('c3', 'high')] });
    expect(evaluateGate(behind).pass).toBe(true);
    expect(evaluateGate(behind, { failOnPending: true }).reasons).toEqual(['2 pending migrations: b2, c3']);
    expect(evaluateGate(behind, { maxRisk: 'high' }).pass).toBe(true);
    expect(evaluateGate(behind, { maxRisk: 'medium' }).reasons).toEqual(['pending migration c3 is high risk (max medium)']);
  });

  it('fails drift and ghost migrations only with --fail-on-drift', () => {
    const drifted = status({
      drift: {
        changes: [{ kind: 'column', change: 'missing', schema: 'public', table: 'users', name: 'nickname', expected: {}, actual: null }],
        ghostMigrations: [{ id: 'd4', missing: ['public.users.nickname'] }],
        unverified: [],
        replayProblems: [],
      },
    });
    expect(evaluateGate(drifted).pass).toBe(true);
    expect(evaluateGate(drifted, { failOnDrift: true }).reasons).toEqual([
      '1 schema change against the expected schema',
      'migration d4 is applied but missing public.users.nickname',
    ]);
    expect(evaluateGate(status({ drift: null }), { failOnDrift: true }).pass).toBe(false);
  });

  it('fails a dirty, failed or unknown version table', () => {
    const vs = (state: VersionState['state']): VersionState => ({ tool: 'sql', table: 'public.schema_migrations', state, current: ['3'], applied: [], problems: ['version 3 is dirty'] });
    expect(evaluateGate(status({ versionState: vs('dirty') })).reasons).toEqual(['version table is dirty: version 3 is dirty']);
    expect(evaluateGate(status({ versionState: vs('unknown-version') })).pass).toBe(false);
    expect(evaluateGate(status({ versionState: vs('multiple-rows') })).pass).toBe(true);
  });
});
