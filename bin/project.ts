import { chooseProjects, loadSetup, selectProject, DEFAULT_CONFIG_FILE, displayPath } from '../lib/config';
import { loadMigrationSet } from '../lib/migrations/load';
import type { DriftboardConfig } from '../lib/model/config';
import { UserInputError } from '../lib/model/errors';
import type { Diagnostic, MigrationSet } from '../lib/model/migration';
import type { Io } from './io';

/**
 * One project of the config and its migrations: `--project NAME`, else the only project, else the one
 * project holding `--env` (several projects and neither: an error listing them).
 */
export async function loadProject(configFile: string | undefined, project?: string, env?: string): Promise<{ config: DriftboardConfig; set: MigrationSet }> {
  const config = await loadProjectConfig(configFile, project, env);
  return { config, set: await loadSet(config) };
}

/** loadProject's choice of project, without reading its migrations. */
export async function loadProjectConfig(configFile: string | undefined, project?: string, env?: string): Promise<DriftboardConfig> {
  const setup = await loadSetup(configFile ?? DEFAULT_CONFIG_FILE);
  const holding = project ? [] : chooseProjects(setup, null, env);
  return env && holding.length === 1 ? holding[0] : selectProject(setup, project);
}

/**
 * `--project NAME`'s project; else the projects that have `--env` (the first project when none does, so the
 * unknown name is reported); else every project — each with its migrations, read only for those.
 */
export async function loadProjects(
  configFile: string | undefined,
  project?: string,
  env?: string,
): Promise<{ config: DriftboardConfig; set: MigrationSet; multiProject: boolean }[]> {
  const setup = await loadSetup(configFile ?? DEFAULT_CONFIG_FILE);
  const picked = chooseProjects(setup, project, env);
  const chosen = picked.length ? picked : setup.projects.slice(0, 1);
  const out = [];
  for (const config of chosen) out.push({ config, set: await loadSet(config), multiProject: setup.multiProject });
  return out;
}

async function loadSet(config: DriftboardConfig): Promise<MigrationSet> {
  const set = await loadMigrationSet(config.migrations);
  failOnErrors(set.diagnostics);
  return set;
}

export function describeDiagnostic(d: Diagnostic): string {
  const where = d.file ? `${displayPath(d.file)}${d.line ? `:${d.line}` : ''}: ` : '';
  return `${where}${d.message}`;
}

/** Error diagnostics (cycle, duplicate or dangling revision, unparsable SQL) stop the command: exit 2. */
export function failOnErrors(diagnostics: readonly Diagnostic[]): void {
  const errors = diagnostics.filter((d) => d.level === 'error');
  if (errors.length === 0) return;
  const more = errors.length > 1 ? ` (and ${errors.length - 1} more error${errors.length > 2 ? 's' : ''})` : '';
  throw new UserInputError(`${describeDiagnostic(errors[0])}${more}`);
}

export function printWarnings(io: Io, diagnostics: readonly Diagnostic[]): void {
  for (const d of diagnostics) if (d.level === 'warning') io.err(`warning: ${describeDiagnostic(d)}`);
}
