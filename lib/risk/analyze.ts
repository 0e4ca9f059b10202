/** Rates migrations: parse each statement once, run every rule, weigh by table size. */
import type { Finding, MigrationRisk, RiskContext } from '../model/risk';
import type { Diagnostic, Migration, MigrationStatement } from '../model/migration';
import { parseStatementCached, SqlParseError } from '../sql/parse';
import type { ParsedStmt } from '../sql/parse';
import { DEFAULT_SERVER_VERSION, lookupTable, newAnalysisState } from './context';
import type { AnalysisState, RuleInput } from './context';
import { maxRisk } from './levels';
import { irreversibleMigration, STATEMENT_RULES } from './rules';
import { trackStatement } from './track';

export interface AnalysisResult {
  risk: MigrationRisk;
  /** Parse errors, as diagnostics for `lint` (they are findings too). */
  diagnostics: Diagnostic[];
}

/** Rates one migration on its own (tables it creates itself count as empty). */
export async function analyzeMigration(m: Migration, ctx?: RiskContext): Promise<MigrationRisk> {
  return (await analyzeWithState(m, ctx, newAnalysisState())).risk;
}

/**
 * Rates migrations in the order they apply. Tables created by an earlier migration of the list count
 * as empty for the later ones (pass the pending list, in order).
 */
export async function analyzeMigrations(ms: Migration[], ctx?: RiskContext): Promise<MigrationRisk[]> {
  return (await analyzeMigrationsDetailed(ms, ctx)).map((r) => r.risk);
}

/** analyzeMigration, plus parse errors as diagnostics. */
export async function analyzeMigrationDetailed(m: Migration, ctx?: RiskContext): Promise<AnalysisResult> {
  return analyzeWithState(m, ctx, newAnalysisState());
}

export async function analyzeMigrationsDetailed(ms: Migration[], ctx?: RiskContext): Promise<AnalysisResult[]> {
  const state = newAnalysisState();
  const out: AnalysisResult[] = [];
  for (const m of ms) out.push(await analyzeWithState(m, ctx, state));
  return out;
}

async function analyzeWithState(m: Migration, ctx: RiskContext | undefined, state: AnalysisState): Promise<AnalysisResult> {
  const findings: Finding[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const source of m.statements) {
    let stmts: ParsedStmt[];
    try {
      stmts = await parseStatementCached(source.sql);
    } catch (err) {
      const f = parseErrorFinding(m, source, err);
      findings.push(f);
      diagnostics.push({ level: 'error', code: 'parse-error', message: f.message, file: f.file, line: f.line });
      continue;
    }
    for (const stmt of stmts) {
      const input: RuleInput = {
        stmt,
        source,
        file: m.file,
        serverVersion: ctx?.serverVersion ?? DEFAULT_SERVER_VERSION,
        table: (ref) => lookupTable(ref, ctx, state),
        state,
      };
      for (const rule of STATEMENT_RULES) findings.push(...rule(input));
      trackStatement(stmt, state);
    }
  }
  findings.push(...m.unanalyzed.map((u) => unanalyzedFinding(u)));
  findings.push(...irreversibleMigration(m));
  // Stable sort by line: statement order, with unanalyzed entries in place; file-level findings last.
  const ordered = findings
    .map((f, i) => ({ f, i }))
    .sort((a, b) => (a.f.line ?? Infinity) - (b.f.line ?? Infinity) || a.i - b.i)
    .map(({ f }) => f);
  return {
    risk: {
      id: m.id,
      description: m.description,
      risk: maxRisk(ordered.map((f) => f.level)),
      reversible: m.reversible,
      findings: ordered,
    },
    diagnostics,
  };
}

function parseErrorFinding(m: Migration, source: MigrationStatement, err: unknown): Finding {
  const offset = err instanceof SqlParseError ? err.lineOffset : 0;
  const line = source.line + offset;
  const reason = err instanceof Error ? err.message : String(err);
  return {
    rule: 'parse-error',
    level: 'high',
    message: `${m.file}:${line}: SQL does not parse (${reason}); PostgreSQL will likely reject it, and Driftboard cannot rate it.`,
    suggestion: 'Fix the SQL (run it against a scratch database), or split statements that Driftboard misread.',
    statement: source.sql.trim(),
    table: null,
    lock: null,
    rewrite: false,
    nonTransactional: false,
    file: m.file,
    line,
  };
}

function unanalyzedFinding(u: Migration['unanalyzed'][number]): Finding {
  return {
    rule: 'unanalyzed',
    level: 'medium',
    message: `${u.file}:${u.line}: not analyzed (${u.reason}): ${u.code}`,
    suggestion: 'Review it by hand, or write it as plain SQL (op.execute("…")) that Driftboard can rate.',
    statement: u.code,
    table: null,
    lock: null,
    rewrite: false,
    nonTransactional: false,
    file: u.file,
    line: u.line,
  };
}
