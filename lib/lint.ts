/** `driftboard lint`: rate every migration of a set with no database (sizes unknown). */
import type { MigrationRisk, RiskContext } from './model/risk';
import type { Diagnostic, MigrationSet } from './model/migration';
import { analyzeMigrationDetailed } from './risk';
import type { AnalysisResult } from './risk';

export interface LintResult {
  migrations: MigrationRisk[];
  /** The set's own diagnostics (graph, loading) followed by SQL parse errors. */
  diagnostics: Diagnostic[];
}

/**
 * Each migration is rated on its own: lint looks at the whole history, and a table created by an old
 * migration has long been filled in every real environment, so it must not count as empty for later
 * ones (unlike a pending list, see analyzeMigrations).
 */
export async function lintMigrations(set: MigrationSet, ctx?: RiskContext): Promise<LintResult> {
  const results: AnalysisResult[] = [];
  for (const m of set.migrations) results.push(await analyzeMigrationDetailed(m, ctx));
  return {
    migrations: results.map((r) => r.risk),
    diagnostics: [...set.diagnostics, ...results.flatMap((r) => r.diagnostics)],
  };
}
