/** `driftboard lint`: rate every migration of a set with no database (sizes unknown). */
import type { MigrationRisk, RiskContext } from './model/risk';
import type { Diagnostic, MigrationSet } from './model/migration';
import { analyzeMigrationsDetailed } from './risk';

export interface LintResult {
  migrations: MigrationRisk[];
  /** The set's own diagnostics (graph, loading) followed by SQL parse errors. */
  diagnostics: Diagnostic[];
}

export async function lintMigrations(set: MigrationSet, ctx?: RiskContext): Promise<LintResult> {
  const results = await analyzeMigrationsDetailed(set.migrations, ctx);
  return {
    migrations: results.map((r) => r.risk),
    diagnostics: [...set.diagnostics, ...results.flatMap((r) => r.diagnostics)],
  };
}
