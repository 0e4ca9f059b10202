/** `driftboard lint`: rate every migration of a set with no database (sizes unknown). */
import type { MigrationRisk, RiskContext } from './model/risk';
import type { Diagnostic, MigrationSet } from './model/migration';
import { analyzeMigrationsDetailed } from './risk';

export interface LintResult {
  migrations: MigrationRisk[];
  /** The set's own diagnostics (graph, loading) followed by SQL parse errors. */
  diagnostics: Diagnostic[];
}

/**
 * The whole set in apply order, with shared knowledge of the schema: the column types earlier
 * migrations leave tell whether a later ALTER COLUMN … TYPE rewrites. But a table created by an old
 * migration has long been filled in every real environment, so it does not count as empty for later
 * ones (unlike a pending list, see analyzeMigrations).
 */
export async function lintMigrations(set: MigrationSet, ctx?: RiskContext): Promise<LintResult> {
  const results = await analyzeMigrationsDetailed(set.migrations, ctx, { history: true });
  return {
    migrations: results.map((r) => r.risk),
    diagnostics: [...set.diagnostics, ...results.flatMap((r) => r.diagnostics)],
  };
}
