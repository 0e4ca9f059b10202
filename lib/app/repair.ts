import { UserInputError } from '../model/errors';
import type { RepairReport } from '../model/repair';
import type { Snapshot } from '../model/schema';
import { buildRepair, expectedTarget, modelsTarget, type RepairTargetSchema } from '../repair';
import { getSchemaByHash } from '../store';
import { getProjectContext, type AppContext } from './context';
import { latestStatusOf, requireEnvironment } from './info';
import { toPublic } from './sanitize';

/**
 * The repair of `environment` towards `to` (`expected`, or another environment's name), built from the
 * history store's latest read: opening the page never connects to the environment, let alone changes it.
 */
export async function getRepair(environment: string, to = 'expected', includeUnexpected = false, project?: string | null): Promise<RepairReport> {
  const ctx = await getProjectContext(project, environment);
  const env = requireEnvironment(ctx, environment);
  const live = await latestSnapshot(ctx, environment);
  let source: RepairTargetSchema;
  if (to === 'expected') {
    const state = live.versionState;
    if (!state || state.state === 'unknown-version') throw new UserInputError(`cannot repair ${environment}: what its version promises is not known (${state ? 'unknown version' : 'never read'})`);
    source = await expectedTarget(ctx.config, ctx.migrations, state, env.schemas);
  } else if (to === 'models') {
    source = await modelsTarget(ctx.config, live.snapshot.schema, env.schemas);
  } else {
    requireEnvironment(ctx, to);
    source = { target: (await latestSnapshot(ctx, to)).snapshot.schema, unverified: [] };
  }
  const report = await buildRepair({
    environment,
    targetLabel: to,
    target: source.target,
    unverified: source.unverified,
    live: live.snapshot,
    shadowUrl: ctx.config.shadowUrl,
    includeUnexpected,
    verify: true,
  });
  return toPublic(report, ctx.secrets);
}

async function latestSnapshot(ctx: AppContext, name: string): Promise<{ snapshot: Snapshot; versionState: import('../model/migration').VersionState | null }> {
  const status = await latestStatusOf(ctx, name);
  const schema = status?.schemaHash ? await getSchemaByHash(ctx.store, status.schemaHash) : null;
  if (!status || !schema) throw new UserInputError(`cannot repair with ${name}: it has not been read successfully yet`);
  return {
    snapshot: { schema, hash: status.schemaHash!, stats: status.tableStats, serverVersion: status.serverVersion ?? 150000, takenAt: status.checkedAt },
    versionState: status.versionState,
  };
}
