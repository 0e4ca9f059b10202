import { z } from 'zod';
import { displayPath } from '../config';
import type { Migration, MigrationSet } from '../model/migration';
import type { Finding, RiskLevel } from '../model/risk';
import type { EnvironmentStatus, ReplayProblem } from '../model/status';
import { authoredDates, type AuthoredDate } from '../migrations/dates';
import { analyzeMigration, tableStatsIndex } from '../risk';
import { latestOfEach } from '../store/read-states';
import { keyOf } from '../model/config';
import { appliedIds } from '../versions';
import { getProjectContext } from './context';
import { NotFoundError } from './errors';
import { appInfo, latestStatusOf, requireEnvironment } from './info';
import { environmentName } from './params';
import { toPublic } from './sanitize';
import type { AppInfo, EnvironmentHealth } from './types';

export type MatrixCellState = 'applied' | 'pending' | 'applied-but-missing' | 'failed' | 'unknown';

export interface MatrixCell {
  environment: string;
  migration: string;
  state: MatrixCellState;
  /** The pending (or failed) migration's risk against this environment; null otherwise. */
  risk: RiskLevel | null;
  /** For applied-but-missing: the objects it creates that the environment lacks. */
  missing: string[];
  /** Why the state is what it is when that is not plain (unknown, failed, edited after applying); else null. */
  note: string | null;
}

export interface MatrixRow {
  id: string;
  description: string;
  /** The migration's file, relative to the working directory when inside it. */
  file: string;
  authoredAt: string | null;
  /** Why authoredAt is unknown or approximate (`date unknown: …`). */
  authoredNote: string | null;
  cells: MatrixCell[];
}

export interface MatrixColumn {
  environment: string;
  health: EnvironmentHealth;
  /** Unreachable / error reason (redacted). */
  error: string | null;
  version: string | null;
  checkedAt: string | null;
  /** Pending migrations, or null when the environment's version is not known. */
  behind: number | null;
  /** The oldest author date among the pending migrations (null when none or unknown). */
  oldestPendingAt: string | null;
  oldestPendingId: string | null;
  /** Whole days from oldestPendingAt to generatedAt; null when not behind or the date is unknown. */
  daysBehind: number | null;
  /** Some pending migrations have no date: daysBehind is a lower bound. */
  daysAtLeast: boolean;
  /** The "N behind, for D days" line, in words, saying what is unknown. */
  summary: string;
  /** The version table's odd states, verbatim. */
  problems: string[];
}

export interface MigrationMatrix {
  generatedAt: string;
  app: AppInfo;
  columns: MatrixColumn[];
  /** Newest first (reverse apply order). */
  rows: MatrixRow[];
}

export interface MatrixCellDetail {
  cell: MatrixCell;
  migration: Pick<MatrixRow, 'id' | 'description' | 'file' | 'authoredAt' | 'authoredNote'> & { reversible: boolean };
  column: MatrixColumn;
  /** Pending: rated against the environment's tables; otherwise the static rating against its last read sizes. */
  findings: Finding[];
  /** Statements of this migration the expected-schema replay could not run for this environment. */
  replayProblems: ReplayProblem[];
}

const DAY_MS = 86_400_000;

/** The migration × environment table from the store's latest states (never a live read). */
export async function getMigrationMatrix(now = new Date(), project?: string | null): Promise<MigrationMatrix> {
  const ctx = await getProjectContext(project);
  const [latest, dates] = await Promise.all([latestOfEach(ctx.store), authoredDates(ctx.migrations.migrations)]);
  // This project's environments only: another project may have one of the same name.
  const states = ctx.config.environments.flatMap((e) => latest.get(keyOf(e))?.status ?? []);
  const matrix = buildMigrationMatrix({
    set: ctx.migrations,
    environments: ctx.config.environments.map((e) => e.name),
    states,
    dates,
    now,
    app: appInfo(ctx),
  });
  return toPublic(matrix, ctx.secrets);
}

/** One cell opened: the migration's findings for that environment, or the ghost's missing objects. */
export async function getMigrationCell(environment: string, migrationId: string, now = new Date(), project?: string | null): Promise<MatrixCellDetail> {
  const ctx = await getProjectContext(project, environment);
  requireEnvironment(ctx, environment);
  const migration = ctx.migrations.migrations.find((m) => m.id === migrationId);
  if (!migration) throw new NotFoundError(`no migration "${migrationId}" in ${displayPath(ctx.migrations.path)}`);
  const matrix = await getMigrationMatrix(now, ctx.project.name);
  const row = matrix.rows.find((r) => r.id === migrationId)!;
  const cell = row.cells.find((c) => c.environment === environment)!;
  const column = matrix.columns.find((c) => c.environment === environment)!;
  const status = (await latestStatusOf(ctx, environment)) ?? undefined;
  const findings = await findingsFor(migration, status);
  return toPublic(
    {
      cell,
      migration: { id: row.id, description: row.description, file: row.file, authoredAt: row.authoredAt, authoredNote: row.authoredNote, reversible: migration.reversible },
      column,
      findings,
      replayProblems: status?.drift?.replayProblems.filter((p) => p.migrationId === migrationId) ?? [],
    },
    ctx.secrets,
  );
}

async function findingsFor(migration: Migration, status: EnvironmentStatus | undefined): Promise<Finding[]> {
  const pending = status?.pending.find((p) => p.id === migration.id);
  if (pending) return pending.findings;
  const rated = await analyzeMigration(migration, {
    serverVersion: status?.serverVersion ?? undefined,
    tableStats: tableStatsIndex(status?.tableStats ?? []),
  });
  return rated.findings;
}

export interface MatrixInput {
  set: MigrationSet;
  environments: string[];
  states: EnvironmentStatus[];
  dates: Map<string, AuthoredDate>;
  now: Date;
  app: AppInfo;
}

/** Pure: the matrix from a migration set, the latest stored state of each environment and the author dates. */
export function buildMigrationMatrix(input: MatrixInput): MigrationMatrix {
  const { set, environments, dates, now } = input;
  const byName = new Map(input.states.map((s) => [s.name, s]));
  const cellsByEnv = new Map(environments.map((env) => [env, cellsOf(set, env, byName.get(env))]));
  const columns = environments.map((env) => columnOf(env, byName.get(env), dates, now));
  const rows = [...set.migrations].reverse().map((m): MatrixRow => {
    const date = dates.get(m.id);
    return {
      id: m.id,
      description: m.description,
      file: displayPath(m.file),
      authoredAt: date?.at ?? null,
      authoredNote: date ? date.note : 'date unknown',
      cells: environments.map((env) => cellsByEnv.get(env)!.get(m.id)!),
    };
  });
  return { generatedAt: now.toISOString(), app: input.app, columns, rows };
}

function cellsOf(set: MigrationSet, env: string, status: EnvironmentStatus | undefined): Map<string, MatrixCell> {
  const out = new Map<string, MatrixCell>();
  const put = (id: string, state: MatrixCellState, extra: Partial<MatrixCell> = {}) =>
    out.set(id, { environment: env, migration: id, state, risk: null, missing: [], note: null, ...extra });

  const vs = status?.versionState ?? null;
  if (!status || !vs) {
    const why = !status ? 'not checked yet' : status.error ? `${status.status}: ${status.error}` : `${status.status}: its version table was not read`;
    for (const m of set.migrations) put(m.id, 'unknown', { note: why });
    return out;
  }

  const applied = appliedIds(vs, set);
  const pending = new Map(status.pending.map((p) => [p.id, p]));
  const ghosts = new Map((status.drift?.ghostMigrations ?? []).map((g) => [g.id, g]));
  const failed = failedIds(set, vs);
  const edited = editedIds(set, vs.problems);
  const stale = status.status === 'ok' ? null : `${status.status} since; as of its last read`;
  for (const m of set.migrations) {
    const risk = pending.get(m.id)?.risk ?? null;
    if (failed.has(m.id)) put(m.id, 'failed', { risk, note: failed.get(m.id)! });
    else if (ghosts.has(m.id)) put(m.id, 'applied-but-missing', { missing: [...ghosts.get(m.id)!.missing].sort(), note: stale });
    else if (applied.has(m.id)) put(m.id, 'applied', { note: edited.get(m.id) ?? (status.drift ? stale : 'applied; its objects were not compared (no drift check)') });
    else if (pending.has(m.id)) put(m.id, 'pending', { risk, note: stale });
    else if (vs.state === 'unknown-version') put(m.id, 'unknown', { note: 'the version table names a version this checkout does not have: applied or not cannot be told' });
    else put(m.id, 'unknown', { note: 'neither recorded as applied nor on the way to a head' });
  }
  return out;
}

/**
 * The migrations the version table records as failed. golang-migrate's dirty flag marks the current version;
 * Flyway and Prisma name failed rows only in their problem sentences (`migration X … failed`).
 */
function failedIds(set: MigrationSet, vs: NonNullable<EnvironmentStatus['versionState']>): Map<string, string> {
  const out = new Map<string, string>();
  if (vs.state === 'dirty') {
    const problem = vs.problems.find((p) => p.includes('dirty')) ?? 'the migration failed halfway (dirty)';
    for (const id of vs.current) for (const m of set.migrations) if (sameVersion(m.id, id)) out.set(m.id, problem);
  }
  if (vs.state === 'failed') {
    for (const problem of vs.problems) {
      const named = /^migration (\S+) .*\bfailed\b/.exec(problem)?.[1];
      if (!named) continue;
      for (const m of set.migrations) if (sameVersion(m.id, named)) out.set(m.id, problem);
    }
  }
  return out;
}

function editedIds(set: MigrationSet, problems: string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const problem of problems) {
    const named = /^migration (\S+) was edited after it was applied/.exec(problem)?.[1];
    if (!named) continue;
    for (const m of set.migrations) if (sameVersion(m.id, named)) out.set(m.id, problem);
  }
  return out;
}

/** `1.1` = `1_1`, `007` = `7`: version tables and file names spell versions differently. */
function sameVersion(a: string, b: string): boolean {
  if (a === b) return true;
  const norm = (s: string) => s.replace(/_/g, '.').split('.').map((part) => (/^\d+$/.test(part) ? String(BigInt(part)) : part)).join('.');
  return norm(a) === norm(b);
}

function columnOf(env: string, status: EnvironmentStatus | undefined, dates: Map<string, AuthoredDate>, now: Date): MatrixColumn {
  const base = {
    environment: env,
    health: (status?.status ?? 'pending') as EnvironmentHealth,
    error: status?.error ?? null,
    version: status?.version ?? null,
    checkedAt: status?.checkedAt ?? null,
    problems: status?.versionState?.problems ?? [],
  };
  const behind = status?.versionState ? status.behind : null;
  if (!status || behind === null || behind === undefined) {
    const why = !status ? 'not checked yet' : status.versionState?.state === 'unknown-version' ? 'its version is not in this checkout' : status.status;
    return { ...base, behind: null, oldestPendingAt: null, oldestPendingId: null, daysBehind: null, daysAtLeast: false, summary: `behind: unknown (${why})` };
  }
  if (behind === 0) return { ...base, behind, oldestPendingAt: null, oldestPendingId: null, daysBehind: null, daysAtLeast: false, summary: 'up to date' };

  const dated = status.pending
    .map((p) => ({ id: p.id, at: dates.get(p.id)?.at ?? null }))
    .filter((p): p is { id: string; at: string } => p.at !== null)
    .sort((a, b) => a.at.localeCompare(b.at) || a.id.localeCompare(b.id));
  const oldest = dated[0] ?? null;
  const daysAtLeast = oldest !== null && dated.length < status.pending.length;
  const daysBehind = oldest ? Math.max(0, Math.floor((now.getTime() - Date.parse(oldest.at)) / DAY_MS)) : null;
  const count = `${behind} behind`;
  const summary =
    daysBehind === null
      ? `${count}, for an unknown time (date unknown for the pending migrations)`
      : `${count}, for ${daysAtLeast ? 'at least ' : ''}${daysBehind} day${daysBehind === 1 ? '' : 's'}`;
  return { ...base, behind, oldestPendingAt: oldest?.at ?? null, oldestPendingId: oldest?.id ?? null, daysBehind, daysAtLeast, summary };
}

/** `?env=NAME&migration=ID` opens one cell; both or neither. */
export const migrationCellQuery = z
  .object({
    env: environmentName.optional(),
    migration: z.string().trim().min(1, 'is required').max(200, 'is too long').optional(),
  })
  .refine((q) => (q.env === undefined) === (q.migration === undefined), { message: 'give env and migration together, or neither' });
