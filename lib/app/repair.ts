import { expectedSchemaAt } from '../expected';
import { UserInputError } from '../model/errors';
import type { RepairReport } from '../model/repair';
import type { SchemaModel, Snapshot } from '../model/schema';
import type { UncheckedAttribute } from '../model/diff';
import { loadModelSchema, modelsAsExpected } from '../models';
import { buildRepair } from '../repair';
import { getSchemaByHash, latestStates } from '../store';
import { appliedIds } from '../versions';
import { getAppContext, type AppContext } from './context';
import { requireEnvironment } from './info';
import { toPublic } from './sanitize';

/**
 * The repair of `environment` towards `to` (`expected`, or another environment's name), built from the
 * history store's latest read: opening the page never connects to the environment, let alone changes it.
 */
export async function getRepair(environment: string, to = 'expected', includeUnexpected = false): Promise<RepairReport> {
  const ctx = await getAppContext();
  const env = requireEnvironment(ctx, environment);
  const live = await latestSnapshot(ctx, environment);
  let target: SchemaModel;
  let unverified: UncheckedAttribute[] = [];
  if (to === 'expected') {
    const state = live.versionState;
    if (!state || state.state === 'unknown-version') throw new UserInputError(`cannot repair ${environment}: what its version promises is not known (${state ? 'unknown version' : 'never read'})`);
    const expected = await expectedSchemaAt(ctx.migrations, appliedIds(state, ctx.migrations), { shadowUrl: ctx.config.shadowUrl, schemas: env.schemas });
    target = expected.model;
    unverified = expected.unverified;
  } else if (to === 'models') {
    if (!ctx.config.models) throw new UserInputError('cannot repair towards the models: the config sets no "models"');
    const models = await loadModelSchema(ctx.config.models);
    target = modelsAsExpected(models, live.snapshot.schema, env.schemas);
    unverified = models.unverified.map((u) => ({ ...u, table: u.table ?? null }));
  } else {
    requireEnvironment(ctx, to);
    target = (await latestSnapshot(ctx, to)).snapshot.schema;
  }
  const report = await buildRepair({
    environment,
    targetLabel: to,
    target,
    unverified,
    live: live.snapshot,
    shadowUrl: ctx.config.shadowUrl,
    includeUnexpected,
    verify: true,
  });
  return toPublic(report, ctx.secrets);
}

async function latestSnapshot(ctx: AppContext, name: string): Promise<{ snapshot: Snapshot; versionState: import('../model/migration').VersionState | null }> {
  const status = (await latestStates(ctx.store)).find((s) => s.name === name);
  const schema = status?.schemaHash ? await getSchemaByHash(ctx.store, status.schemaHash) : null;
  if (!status || !schema) throw new UserInputError(`cannot repair with ${name}: it has not been read successfully yet`);
  return {
    snapshot: { schema, hash: status.schemaHash!, stats: status.tableStats, serverVersion: status.serverVersion ?? 150000, takenAt: status.checkedAt },
    versionState: status.versionState,
  };
}
