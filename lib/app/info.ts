import { displayPath } from '../config';
import type { EnvironmentStatus } from '../model/status';
import type { EnvironmentConfig } from '../model/config';
import { maxRisk } from '../risk/levels';
import type { StoredPoll } from '../store/types';
import type { AppContext } from './context';
import type { AppInfo, OverviewRow } from './types';
import { NotFoundError } from './errors';

export function appInfo(ctx: AppContext): AppInfo {
  const { heads } = ctx.migrations;
  return {
    demo: ctx.demo,
    configFile: ctx.config.file ? displayPath(ctx.config.file) : null,
    tool: ctx.migrations.tool,
    head: heads.length ? heads.join(',') : null,
    environments: ctx.config.environments.map((e) => e.name),
  };
}

/** The configured environment called `name`, or a 404 naming the ones that exist. */
export function requireEnvironment(ctx: AppContext, name: string): EnvironmentConfig {
  const env = ctx.config.environments.find((e) => e.name === name);
  if (!env) {
    const known = ctx.config.environments.map((e) => e.name).join(', ');
    throw new NotFoundError(`no environment named "${name}" (configured: ${known || 'none'})`);
  }
  return env;
}

/** One environment's row: its latest full status plus its latest poll (which may be newer, e.g. a failure). */
export function overviewRow(env: EnvironmentConfig, status: EnvironmentStatus | undefined, poll: StoredPoll | undefined): OverviewRow {
  return {
    name: env.name,
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
