import { projectChoice } from './context';
import { displayPath } from '../config';
import type { EnvironmentStatus } from '../model/status';
import { keyOf, type EnvironmentConfig } from '../model/config';
import { maxRisk } from '../risk/levels';
import type { StoredPoll } from '../store/types';
import type { AppContext } from './context';
import type { AppInfo, OverviewRow } from './types';
import { NotFoundError } from './errors';
import { latestOfEach, type LatestOfEach } from '../store/read-states';
import type { Store } from '../store/types';

export function appInfo(ctx: AppContext): AppInfo {
  const { heads } = ctx.migrations;
  return {
    demo: ctx.demo,
    configFile: ctx.config.file ? displayPath(ctx.config.file) : null,
    tool: ctx.migrations.tool,
    head: heads.length ? heads.join(',') : null,
    environments: ctx.config.environments.map((e) => e.name),
    ...projectChoice(ctx),
  };
}

/** The configured environment called `name`, or a 404 naming the ones that exist. */
export function requireEnvironment(ctx: AppContext, name: string): EnvironmentConfig {
  const env = ctx.config.environments.find((e) => e.name === name);
  if (!env) {
    const known = ctx.config.environments.map((e) => e.name).join(', ');
    const where = ctx.multiProject ? ` in project "${ctx.project.name}"` : '';
    throw new NotFoundError(`no environment named "${name}"${where} (configured: ${known || 'none'})`);
  }
  return env;
}

/** One environment's row: its latest full status plus its latest poll (which may be newer, e.g. a failure). */
export function overviewRow(
  env: EnvironmentConfig,
  status: EnvironmentStatus | undefined,
  poll: StoredPoll | undefined,
  /** The environment's project in a `projects` config; null in a one-project config. */
  project: string | null = null,
): OverviewRow {
  return {
    name: env.name,
    project,
    key: keyOf(env),
    status: status?.status ?? poll?.status ?? 'pending',
    error: status?.error ?? null,
    version: status?.version ?? null,
    head: status?.head ?? null,
    behind: status?.behind ?? null,
    pendingCount: status ? status.pending.length : null,
    highestRisk: status?.pending.length ? maxRisk(status.pending.map((p) => p.risk)) : null,
    driftCount: status?.drift ? status.drift.changes.length : null,
    modelDriftCount: status?.modelDrift && status.modelDrift.error === null ? status.modelDrift.changes.length : null,
    ghostCount: status?.drift?.ghostMigrations.length ?? 0,
    lastPollAt: poll?.startedAt ?? status?.checkedAt ?? null,
    lastPollStatus: poll?.status ?? status?.status ?? null,
    lastPollError: poll?.error ?? null,
    lastPollDurationMs: poll?.durationMs ?? status?.durationMs ?? null,
    pollIntervalSeconds: env.pollIntervalSeconds,
    schemaHash: status?.schemaHash ?? null,
  };
}

/** The latest stored status of the project's environment `name` (null before its first complete check); 404 for an unknown name. */
export async function latestStatusOf(ctx: AppContext, name: string): Promise<EnvironmentStatus | null> {
  return (await latestOf(ctx.store, keyOf(requireEnvironment(ctx, name)))).status;
}

/** The latest status and poll of one environment, by store key (read through latestOfEach's per-request cache). */
export async function latestOf(store: Store, key: string): Promise<LatestOfEach> {
  return (await latestOfEach(store)).get(key) ?? { status: null, poll: null };
}
