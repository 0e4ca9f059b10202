/**
 * The cell states the demo does not reach (failed, dirty, a version this checkout lacks, never read), from
 * a real golang-migrate folder and the version states lib/versions reports for such tables.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { EnvironmentStatus, VersionState } from '../model';
import { loadSqlMigrations } from '../migrations/sql';
import { authoredDates } from '../migrations/dates';
import { fixtureDirs } from '../testing/fixture-dir';
import { buildMigrationMatrix } from './migrations-matrix';

const fixtures = fixtureDirs('matrix-');
afterAll(fixtures.cleanup);

const up = (t: string) => `CREATE TABLE ${t} (id int);\n`;
const dir = await fixtures.write({
  '20240101000000_a.up.sql': up('a'),
  '20240201000000_b.up.sql': up('b'),
  '20240301000000_c.up.sql': up('c'),
});
const set = await loadSqlMigrations(dir);
const dates = await authoredDates(set.migrations);
const [A, B, C] = set.migrations.map((m) => m.id);

function status(name: string, vs: VersionState | null, pending: string[], extra: Partial<EnvironmentStatus> = {}): EnvironmentStatus {
  return {
    name,
    status: 'ok',
    error: null,
    tool: 'sql',
    version: vs?.current.join(',') ?? null,
    head: C,
    behind: vs && vs.state !== 'unknown-version' ? pending.length : null,
    pending: pending.map((id) => ({ id, description: id, risk: 'low', reversible: false, findings: [] })),
    drift: { changes: [], ghostMigrations: [], unverified: [], replayProblems: [] },
    versionState: vs,
    schemaHash: null,
    serverVersion: 150000,
    tableStats: [],
    checkedAt: '2024-03-10T00:00:00.000Z',
    durationMs: 1,
    ...extra,
  };
}

const vs = (state: VersionState['state'], current: string[], applied: string[], problems: string[] = []): VersionState => ({
  tool: 'sql',
  table: 'public.schema_migrations',
  state,
  current,
  applied,
  problems,
});

const matrix = buildMigrationMatrix({
  set,
  environments: ['dirty', 'ahead', 'down', 'never'],
  dates,
  now: new Date('2024-03-11T12:00:00Z'),
  app: { demo: false, configFile: null, tool: 'sql', head: C, environments: [], project: null, projects: [] },
  states: [
    // golang-migrate dirty at C: A and B applied, C failed halfway.
    status('dirty', vs('dirty', [C], [A, B], [`public.schema_migrations is dirty at version ${C}: that migration failed halfway`]), [C]),
    // The table names a version the checkout does not have.
    status('ahead', vs('unknown-version', ['20990101000000'], [A]), []),
    status('down', null, [], { status: 'unreachable', error: 'connection refused', drift: null }),
  ],
});

const states = (env: string) => matrix.rows.map((r) => r.cells.find((c) => c.environment === env)!.state);

describe('cell states beyond the demo', () => {
  it('dirty marks the current version failed, keeping its risk; the rest is applied', () => {
    expect(matrix.rows.map((r) => r.id)).toEqual([C, B, A]);
    expect(states('dirty')).toEqual(['failed', 'applied', 'applied']);
    const failed = matrix.rows[0].cells[0];
    expect(failed.risk).toBe('low');
    expect(failed.note).toMatch(/dirty at version/);
  });

  it('a version this checkout lacks: applied where the table says so, unknown elsewhere, behind unknown', () => {
    expect(states('ahead')).toEqual(['unknown', 'unknown', 'applied']);
    const column = matrix.columns.find((c) => c.environment === 'ahead')!;
    expect(column.behind).toBeNull();
    expect(column.summary).toBe('behind: unknown (its version is not in this checkout)');
  });

  it('unreachable and never read: every cell unknown, with why', () => {
    expect(states('down')).toEqual(['unknown', 'unknown', 'unknown']);
    expect(matrix.rows[0].cells.find((c) => c.environment === 'down')!.note).toBe('unreachable: connection refused');
    expect(states('never')).toEqual(['unknown', 'unknown', 'unknown']);
    expect(matrix.columns.find((c) => c.environment === 'never')!.summary).toBe('behind: unknown (not checked yet)');
  });

  it('days behind count from the oldest pending date, whole days', () => {
    const dirty = matrix.columns.find((c) => c.environment === 'dirty')!;
    expect(dirty.oldestPendingAt).toBe('2024-03-01T00:00:00.000Z');
    expect(dirty.summary).toBe('1 behind, for 10 days');
    expect(matrix.rows.map((r) => r.authoredAt)).toEqual(['2024-03-01T00:00:00.000Z', '2024-02-01T00:00:00.000Z', '2024-01-01T00:00:00.000Z']);
  });
});
