import { loadMigrationSet } from '../migrations/load';
import type { DriftboardConfig, EnvironmentConfig } from '../model/config';
import type { MigrationSet } from '../model/migration';
import { UserInputError } from '../model/errors';
import type { StatusReport } from '../model/status';
import { displayPath } from '../config/load';
import { blankStatus, checkEnvironment, type CheckOptions } from './check';

export interface StatusReportOptions {
  /** Only this environment (its name); an unknown name is a UserInputError. */
  env?: string;
  timeoutMs?: number;
  /** The project's migrations when the caller already loaded them. */
  set?: MigrationSet;
}

/**
 * Checks every environment (or one) concurrently. Each outcome is independent: one environment that is
 * down is reported as such and never hides the others. Throws only for bad input (unknown environment,
 * broken migration files).
 */
export async function getStatusReport(config: DriftboardConfig, options: StatusReportOptions = {}): Promise<StatusReport> {
  const envs = options.env === undefined ? config.environments : [findEnvironment(config, options.env)];
  const set = options.set ?? (await loadMigrationSet(config.migrations));
  const checkOptions: CheckOptions = { set, timeoutMs: options.timeoutMs };
  const settled = await Promise.allSettled(envs.map((env) => checkEnvironment(config, env, checkOptions)));
  return {
    environments: settled.map((r, i) => {
      if (r.status === 'fulfilled') return r.value.status;
      // checkEnvironment reports environment problems itself; this is a bug, still shown per environment.
      const reason = r.reason instanceof Error ? r.reason.message : String(r.reason);
      return blankStatus(envs[i], set, { status: 'error', error: reason.split('\n')[0] });
    }),
  };
}

/** The environment called `name`, or a UserInputError naming the config file and the known names. */
export function findEnvironment(config: DriftboardConfig, name: string): EnvironmentConfig {
  const env = config.environments.find((e) => e.name === name);
  if (env) return env;
  const where = config.file ? `${displayPath(config.file)}: ` : '';
  const known = config.environments.map((e) => e.name).join(', ') || 'none';
  throw new UserInputError(`${where}unknown environment "${name}" (known: ${known})`);
}
