import { UnreachableError } from '../db';
import { diffSchemas } from '../diff';
import { memoExpectedSchema } from '../status/memo';
import { loadMigrationSet } from '../migrations/load';
import type { DriftboardConfig, EnvironmentConfig } from '../model/config';
import { UserInputError } from '../model/errors';
import type { Migration, MigrationSet, VersionState } from '../model/migration';
import type { RepairReport, RepairStatement, RepairTarget } from '../model/repair';
import type { SchemaModel, Snapshot } from '../model/schema';
import type { UncheckedAttribute } from '../model/diff';
import { loadModelSchema, modelsAsExpected } from '../models';
import { analyzeMigration, maxRisk, tableStatsIndex } from '../risk';
import { checkEnvironment, findEnvironment, resolveSchemaRef } from '../status';
import { appliedIds, VERSION_TABLE_NAMES } from '../versions';
import { planRepair } from './plan';
import { renderScript } from './script';
import { verifyRepair } from './verify';

export { planRepair } from './plan';
export type { RepairPlan, RepairPlanOptions } from './plan';
export { renderScript } from './script';
export { verifyRepair } from './verify';
export { repairAsMigration } from './as-migration';
export type { RepairMigration } from './as-migration';

export interface RepairOptions {
  to?: RepairTarget;
  includeUnexpected?: boolean;
  timeoutMs?: number;
  /** The project's migrations when the caller already loaded them. */
  set?: MigrationSet;
  /** Skip the shadow verification (the bench times it apart). */
  verify?: boolean;
}

/**
 * The SQL that turns environment `envName`'s live schema into the target (by default the schema its own
 * version promises), risk-rated and verified on a shadow copy. Only reads the environment: read-only
 * sessions, catalogs and statistics; the script is printed, never run there.
 */
export async function repairEnvironment(config: DriftboardConfig, envName: string, options: RepairOptions = {}): Promise<RepairReport> {
  const env = findEnvironment(config, envName);
  const set = options.set ?? (await loadMigrationSet(config.migrations));
  const to = options.to ?? { kind: 'expected' };
  const { status, snapshot } = await checkEnvironment(config, env, { set, timeoutMs: options.timeoutMs });
  if (!snapshot) throw new UnreachableError(`${env.name}: ${status.error ?? 'cannot be read'}`);
  const { target, unverified } = await targetSchema(config, set, to, status.versionState, snapshot.schema, env, options.timeoutMs);
  return buildRepair({
    environment: env.name,
    targetLabel: to.kind === 'environment' ? to.name : to.kind,
    target,
    unverified,
    live: snapshot,
    shadowUrl: config.shadowUrl,
    includeUnexpected: options.includeUnexpected ?? false,
    verify: options.verify ?? true,
  });
}

/** The schema to repair towards, with the attributes its source could not determine (never "repaired"). */
async function targetSchema(
  config: DriftboardConfig,
  set: MigrationSet,
  to: RepairTarget,
  state: Awaited<ReturnType<typeof checkEnvironment>>['status']['versionState'],
  live: SchemaModel,
  env: EnvironmentConfig,
  timeoutMs: number | undefined,
): Promise<RepairTargetSchema> {
  if (to.kind === 'environment') return { target: (await resolveSchemaRef(config, to.name, { timeoutMs })).snapshot.schema, unverified: [] };
  if (to.kind === 'models') return modelsTarget(config, live, env.schemas);
  if (!state || state.state === 'unknown-version') {
    throw new UserInputError(`${env.name}: its version table names a version the migrations do not have, so what it should look like is not known (use --to ENV)`);
  }
  return expectedTarget(config, set, state, env.schemas);
}

/** A repair target with the attributes its source could not determine (never compared, so never "repaired"). */
export interface RepairTargetSchema {
  target: SchemaModel;
  unverified: UncheckedAttribute[];
}

/** What the environment's version promises: the migrations replayed up to its applied set. */
export async function expectedTarget(config: DriftboardConfig, set: MigrationSet, state: VersionState, schemas: string[] | null): Promise<RepairTargetSchema> {
  const expected = await memoExpectedSchema(set, new Set(appliedIds(state, set)), { shadowUrl: config.shadowUrl, schemas, attribution: 'deferred' });
  return { target: expected.model, unverified: expected.unverified };
}

/** What the ORM models promise, beside the live schema's extensions and views (which models cannot declare). */
export async function modelsTarget(config: DriftboardConfig, live: SchemaModel, schemas: string[] | null): Promise<RepairTargetSchema> {
  if (!config.models) throw new UserInputError('repairing towards the models needs "models" in the config, which this project does not set');
  const models = await loadModelSchema(config.models);
  return { target: modelsAsExpected(models, live, schemas), unverified: models.unverified.map((u) => ({ ...u, table: u.table ?? null })) };
}

export interface BuildRepairInput {
  environment: string;
  targetLabel: string;
  target: SchemaModel;
  /** Attributes of the target its source could not determine: not compared, so not repaired; named in the notes. */
  unverified?: UncheckedAttribute[];
  live: Snapshot;
  shadowUrl: string | null;
  includeUnexpected: boolean;
  verify: boolean;
}

/** Plan, rate, verify and render: the pure part of a repair once both schemas are known. */
export async function buildRepair(input: BuildRepairInput): Promise<RepairReport> {
  const ignoreTables = [...VERSION_TABLE_NAMES];
  const unverified = input.unverified ?? [];
  const changes = diffSchemas(input.target, input.live.schema, { ignoreTables, unverified });
  const liveRows = new Map(input.live.stats.filter((s) => s.analyzed).map((s) => [`${s.schema}.${s.table}`, s.rows]));
  // An extension version nobody promises is not a note: the extension is created unpinned.
  const unpinned = (u: UncheckedAttribute) => u.kind === 'extension' && u.attribute === 'version';
  const unpinnedExtensions = new Set(unverified.filter(unpinned).map((u) => u.name));
  const plan = planRepair(changes, input.target, input.live.schema, { includeUnexpected: input.includeUnexpected, liveRows, unpinnedExtensions });
  const rating = await analyzeMigration(asMigration(plan.statements), {
    serverVersion: input.live.serverVersion,
    tableStats: tableStatsIndex(input.live.stats),
  });
  const leftAlone = input.includeUnexpected ? changes.filter((c) => c.change === 'unexpected' && c.kind === 'enum_value') : changes.filter((c) => c.change === 'unexpected');
  const verification = input.verify
    ? await verifyRepair(input.live.schema, input.target, plan.statements, { shadowUrl: input.shadowUrl, ignoreTables, leftAlone, unverified }).catch(
        (err: unknown) => ({ verified: false, remaining: [], error: `verification failed: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}` }),
      )
    : { verified: false, remaining: [], error: 'not verified (skipped)' };
  const notes = [
    ...plan.notes,
    ...unverified
      .filter((u) => !unpinned(u))
      .map((u) => `not repaired, could not be determined: ${u.attribute} of ${[u.schema, u.table, u.name].filter(Boolean).join('.')} (${u.reason})`),
  ];
  const script = renderScript(plan.statements, {
    environment: input.environment,
    target: input.targetLabel,
    generatedAt: new Date().toISOString(),
    verification: verification.verified
      ? 'verified: applied to a shadow copy of the environment, it leaves no difference with the target'
      : `NOT verified: ${verification.error ?? `${verification.remaining.length} difference(s) remain on the shadow copy`}`,
    notes,
  });
  return {
    environment: input.environment,
    target: input.targetLabel,
    verified: verification.verified,
    verificationError: verification.error,
    remaining: verification.remaining,
    risk: plan.statements.some((s) => !s.commented) ? rating.risk : maxRisk([]),
    findings: rating.findings,
    statements: plan.statements,
    notes,
    script,
  };
}

/** The statements that run, as a migration the risk engine rates (a DO block is rated by the statement it guards). */
function asMigration(statements: readonly RepairStatement[]): Migration {
  const run = statements.filter((s) => !s.commented);
  return {
    id: 'repair',
    description: 'repair script',
    tool: 'sql',
    file: 'repair.sql',
    parents: [],
    dependsOn: [],
    branchLabels: [],
    statements: run.map((s, i) => ({ sql: guardedStatement(s.sql), line: i + 1, origin: null, inTransaction: s.transactional })),
    downStatements: null,
    reversible: true,
    unanalyzed: [],
    checksum: '',
    meta: { scheme: 'repair' },
  };
}

function guardedStatement(sql: string): string {
  const m = /^DO \$driftboard\$\nBEGIN\n {2}IF NOT EXISTS \([\s\S]*?\) THEN\n {4}([\s\S]*?);\n {2}END IF;\nEND\n\$driftboard\$$/.exec(sql);
  return m ? m[1] : sql;
}
