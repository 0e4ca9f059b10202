/** Rates migrations: parse each statement once, run every rule, weigh by table size. */
import type { Finding, MigrationRisk, RiskContext } from '../model/risk';
import type { Diagnostic, Migration, MigrationStatement } from '../model/migration';
import { parseStatementCached, SqlParseError } from '../sql/parse';
import type { ParsedStmt } from '../sql/parse';
import { beginMigration, DEFAULT_SERVER_VERSION, knownColumn, lookupTable, newAnalysisState } from './context';
import type { AnalysisState, RuleInput } from './context';
import { maxRisk } from './levels';
import { IRREVERSIBLE_STATEMENT_RULES, irreversibleMigration, STATEMENT_RULES } from './rules';
import { trackStatement } from './track';

export interface AnalysisResult {
  risk: MigrationRisk;
  /** Parse errors, as diagnostics for `lint` (they are findings too). */
  diagnostics: Diagnostic[];
}

export interface AnalyzeOptions {
  /**
   * The list is the whole history (lint), not what is about to run: a table created by an earlier
   * migration of the list is not counted as empty. Column types still carry over.
   */
  history?: boolean;
}

/** Rates one migration on its own (tables it creates itself count as empty). */
export async function analyzeMigration(m: Migration, ctx?: RiskContext): Promise<MigrationRisk> {
  return (await analyzeMigrationDetailed(m, ctx)).risk;
}

/**
 * Rates migrations in the order they apply, each against the schema the ones before it leave (seeded
 * from `ctx.schema` when given). Tables created by an earlier migration of the list count as empty for
 * the later ones (pass the pending list, in order) unless `history` is set.
 */
export async function analyzeMigrations(ms: Migration[], ctx?: RiskContext, o: AnalyzeOptions = {}): Promise<MigrationRisk[]> {
  return (await analyzeMigrationsDetailed(ms, ctx, o)).map((r) => r.risk);
}

/** analyzeMigration, plus parse errors as diagnostics. */
export async function analyzeMigrationDetailed(m: Migration, ctx?: RiskContext): Promise<AnalysisResult> {
  return (await analyzeMigrationsDetailed([m], ctx))[0];
}

export async function analyzeMigrationsDetailed(ms: Migration[], ctx?: RiskContext, o: AnalyzeOptions = {}): Promise<AnalysisResult[]> {
  const state = newAnalysisState(ctx);
  const out: AnalysisResult[] = [];
  for (const m of ms) {
    beginMigration(state, m.id, o.history ?? false);
    out.push(await analyzeWithState(m, ctx, state));
  }
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
      // The diagnostic carries file and line as fields; its message must not repeat them (`F:12: F:12: …`).
      const message = f.message.startsWith(`${f.file}:${f.line}: `) ? f.message.slice(`${f.file}:${f.line}: `.length) : f.message;
      diagnostics.push({ level: 'error', code: 'parse-error', message, file: f.file, line: f.line });
      continue;
    }
    for (const stmt of stmts) {
      const input: RuleInput = {
        stmt,
        source,
        file: m.file,
        serverVersion: ctx?.serverVersion ?? DEFAULT_SERVER_VERSION,
        table: (ref) => lookupTable(ref, ctx, state),
        column: (ref, name) => knownColumn(ref, name, state),
        state,
        schema: ctx?.schema,
      };
      for (const rule of STATEMENT_RULES) findings.push(...rule(input));
      trackStatement(stmt, state, source);
    }
  }
  findings.push(...m.unanalyzed.map((u) => unanalyzedFinding(u, m)));
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
      // Risk is what the deploy does to the running system; irreversibility is the separate flag below
      // (its findings are `low` unless the statement itself also hurts, see rules/irreversible.ts).
      risk: maxRisk(ordered.map((f) => f.level)),
      // No downgrade can take these back, whatever the migration's down file says.
      reversible: m.reversible && !ordered.some((f) => IRREVERSIBLE_STATEMENT_RULES.has(f.rule)),
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

function unanalyzedFinding(u: Migration['unanalyzed'][number], m: Migration): Finding {
  return {
    rule: 'unanalyzed',
    level: 'medium',
    message: `${u.file}:${u.line}: not analyzed (${u.reason}): ${u.code}`,
    suggestion:
      m.tool === 'alembic'
        ? 'Review it by hand, or write it as plain SQL (op.execute("…")) that Driftboard can rate.'
        : 'Review it by hand.',
    statement: u.code,
    table: null,
    lock: null,
    rewrite: false,
    nonTransactional: false,
    file: u.file,
    line: u.line,
  };
}
