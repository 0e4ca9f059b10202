import type { RiskContext } from '../model/risk';
import { UserInputError } from '../model/errors';
import { pendingMigrations, resolveRevision } from '../migrations/graph';
import { analyzeMigration, estimateBlockingSeconds, tableStatsIndex } from '../risk';
import { buildPlan } from '../plan';
import type { Plan } from '../plan';
import { getProjectContext, projectChoice, shownProject } from './context';
import { latestStatusOf } from './info';
import { toPublic } from './sanitize';

/**
 * The maintenance plan to bring `environment` to `target` (a revision, `head`, or a unique prefix), rated
 * against the environment's live table sizes and server version from its latest read.
 */
export async function getPlan(environment: string, target = 'head', project?: string | null): Promise<Plan> {
  const ctx = await getProjectContext(project, environment);
  const status = await latestStatusOf(ctx, environment);
  if (!status || status.versionState === null) {
    const why = status?.error ? `its last check failed: ${status.error}` : 'it has not been checked yet';
    throw new UserInputError(`cannot plan ${environment}: ${why}`);
  }
  const targets = resolveRevision(ctx.migrations, target);
  if (targets.length !== 1) throw new UserInputError(`target "${target}" must name one revision (it resolves to ${targets.length})`);
  const applied = status.versionState.applied.length ? status.versionState.applied : status.versionState.current;
  const migrations = pendingMigrations(ctx.migrations, applied, targets[0]);

  const riskContext: RiskContext = { serverVersion: status.serverVersion ?? undefined, tableStats: tableStatsIndex(status.tableStats) };
  const steps = await Promise.all(migrations.map(async (migration) => ({ migration, risk: await analyzeMigration(migration, riskContext) })));
  const warnings: string[] = [];
  if (status.status !== 'ok') warnings.push(`${environment} is ${status.status} (${status.error ?? 'no reason given'}): this plan uses its last known state.`);
  warnings.push(...status.versionState.problems);

  const plan = buildPlan({
    environment,
    project: shownProject(ctx),
    from: status.version,
    target: targets[0],
    steps,
    tableStats: status.tableStats,
    estimateBlockingSeconds: (finding) => estimateBlockingSeconds(finding, riskContext),
    warnings,
    driftCount: status.drift?.changes.length ?? 0,
    ghostMigrations: status.drift?.ghostMigrations.map((g) => g.id) ?? [],
    replayProblems: status.drift?.replayProblems ?? [],
    uncheckedAttributes: status.drift?.unverified?.length ?? 0,
  });
  return toPublic(plan, ctx.secrets);
}

/** What the plan form offers: environments and the versions to aim at (newest first). */
export async function getPlanChoices(
  project?: string | null,
): Promise<{ project: string | null; projects: string[]; environments: string[]; versions: Array<{ id: string; description: string }> }> {
  const ctx = await getProjectContext(project);
  return toPublic(
    {
      ...projectChoice(ctx),
      environments: ctx.config.environments.map((e) => e.name),
      versions: [...ctx.migrations.migrations].reverse().map((m) => ({ id: m.id, description: m.description })),
    },
    ctx.secrets,
  );
}
