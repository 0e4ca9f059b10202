import { loadConfig, DEFAULT_CONFIG_FILE, displayPath } from '../lib/config';
import { loadMigrationSet } from '../lib/migrations/load';
import type { DriftboardConfig } from '../lib/model/config';
import { UserInputError } from '../lib/model/errors';
import type { Diagnostic, MigrationSet } from '../lib/model/migration';
import type { Io } from './io';

export async function loadProject(configFile: string | undefined): Promise<{ config: DriftboardConfig; set: MigrationSet }> {
  const config = await loadConfig(configFile ?? DEFAULT_CONFIG_FILE);
  const set = await loadMigrationSet(config.migrations);
  failOnErrors(set.diagnostics);
  return { config, set };
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
