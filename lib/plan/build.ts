import type { Migration } from '../model/migration';
import type { Finding, MigrationRisk, RiskLevel } from '../model/risk';
import { RISK_LEVELS } from '../model/risk';
import type { TableStats } from '../model/schema';
import type { ReplayProblem } from '../model/status';
import type { Plan, PlanLock, PlanStep, RollbackNote } from './types';

export interface PlanInput {
  environment: string;
  /** The environment's project in a `projects` config (links carry it); absent with one project. */
  project?: string | null;
  from: string | null;
  target: string;
  /** Pending migrations up to the target, in apply order, each with its risk analysis. */
  steps: Array<{ migration: Migration; risk: MigrationRisk }>;
  /** Live table sizes of the environment (empty when it was never read). */
  tableStats: TableStats[];
  /** Estimated seconds a finding's lock blocks others (lib/risk estimateBlockingSeconds); null = unknown. */
  estimateBlockingSeconds: (finding: Finding) => number | null;
  /** Things the caller already knows make the plan uncertain. */
  warnings?: string[];
  driftCount?: number;
  ghostMigrations?: string[];
  /** The environment's drift.replayProblems: what its drift check could not replay. */
  replayProblems?: ReplayProblem[];
  /** The number of its drift.unverified attributes. */
  uncheckedAttributes?: number;
  now?: Date;
}

/** Rules whose statements destroy data: a downgrade cannot bring the rows back. */
const DESTRUCTIVE = /drop-table|drop-column|truncate|without-where|delete|destroy/;
/** Locks at or above this block plain reads or writes for their whole duration. */
const BLOCKING_LOCKS = new Set(['SHARE', 'SHARE ROW EXCLUSIVE', 'EXCLUSIVE', 'ACCESS EXCLUSIVE']);

/** Builds the maintenance plan: pure, so the page, the API and a test all get the same answer. */
export function buildPlan(input: PlanInput): Plan {
  const stats = indexStats(input.tableStats);
  const statsKnown = input.tableStats.length > 0;
  const steps = input.steps.map(({ migration, risk }, i) =>
    buildStep(i + 1, migration, risk, stats, statsKnown, input.estimateBlockingSeconds),
  );
  const warnings = [...(input.warnings ?? [])];
  if (!statsKnown && steps.length) warnings.push('No table statistics from the environment: blocking times are unknown.');
  for (const step of steps) {
    for (const f of step.findings) {
      if (f.rule === 'unanalyzed') warnings.push(`${step.id}: ${f.message} — review it by hand.`);
    }
  }
  const replayProblems = input.replayProblems ?? [];
  const unchecked = input.uncheckedAttributes ?? 0;
  if (replayProblems.length) {
    warnings.push(
      `${count(replayProblems.length, 'statement')} of the applied migrations could not be replayed: the drift of ${input.environment} is checked without their effect (see Replay problems).`,
    );
  }
  if (unchecked) warnings.push(`${count(unchecked, 'attribute')} of ${input.environment} could not be checked for drift.`);
  return {
    environment: input.environment,
    from: input.from,
    target: input.target,
    generatedAt: (input.now ?? new Date()).toISOString(),
    risk: highest(steps.map((s) => s.risk)),
    steps,
    irreversible: steps.filter((s) => !s.reversible).map((s) => s.id),
    estimatedBlockingSeconds: sumOrNull(steps.map((s) => s.estimatedBlockingSeconds)),
    checklist: checklist(input, steps),
    rollback: rollbackNotes(steps),
    warnings,
    replayProblems,
    uncheckedAttributes: unchecked,
    repairFirst: repairFirst(input),
  };
}

function repairFirst(input: PlanInput): Plan['repairFirst'] {
  const driftChanges = input.driftCount ?? 0;
  const ghostMigrations = input.ghostMigrations ?? [];
  if (driftChanges === 0 && ghostMigrations.length === 0) return null;
  return { driftChanges, ghostMigrations, href: `/repair?${new URLSearchParams({ env: input.environment, ...(input.project ? { project: input.project } : {}) })}` };
}

function buildStep(
  order: number,
  migration: Migration,
  risk: MigrationRisk,
  stats: Map<string, TableStats>,
  statsKnown: boolean,
  estimate: (finding: Finding) => number | null,
): PlanStep {
  const locks: PlanLock[] = [];
  for (const f of risk.findings) {
    if (!f.lock || !f.table) continue;
    const s = stats.get(f.table) ?? stats.get(f.table.split('.').pop() ?? f.table);
    locks.push({
      table: f.table,
      lock: f.lock,
      rewrite: f.rewrite,
      rows: s ? s.rows : null,
      bytes: s ? s.bytes : null,
      // A table the live environment does not have yet is created by this plan: empty, so no wait.
      estimatedBlockingSeconds: !(BLOCKING_LOCKS.has(f.lock) || f.rewrite) ? 0 : !statsKnown ? null : s ? estimate(f) : 0,
    });
  }
  const nonTransactional = [
    ...migration.statements.filter((s) => !s.inTransaction).map((s) => s.sql),
    ...risk.findings.filter((f) => f.nonTransactional).map((f) => f.statement),
  ];
  return {
    order,
    id: migration.id,
    description: migration.description,
    file: migration.file,
    risk: risk.risk,
    reversible: risk.reversible && migration.reversible,
    findings: risk.findings,
    statements: migration.statements.map((s) => ({ sql: s.sql, line: s.line, inTransaction: s.inTransaction })),
    locks,
    estimatedBlockingSeconds: sumOrNull(locks.map((l) => l.estimatedBlockingSeconds)),
    nonTransactional: [...new Set(nonTransactional)],
    destroysData: risk.findings.some((f) => DESTRUCTIVE.test(f.rule)),
  };
}

function checklist(input: PlanInput, steps: PlanStep[]): string[] {
  const items: string[] = [];
  if (steps.length === 0) return [`Nothing to apply: ${input.environment} is already at ${input.target}.`];
  items.push(`Confirm ${input.environment} is still at ${input.from ?? 'no version'} (re-run the status check just before applying).`);
  if ((input.driftCount ?? 0) > 0) {
    items.push(`Resolve or accept the ${input.driftCount} drift change(s) on ${input.environment} first: migrations assume the expected schema.`);
  }
  if (input.ghostMigrations?.length) {
    items.push(`Re-create the objects of applied-but-missing migration(s) ${input.ghostMigrations.join(', ')} before building on them.`);
  }
  if (steps.some((s) => s.destroysData || !s.reversible)) {
    items.push('Take a backup (or verify a recent restorable one): some steps destroy data or cannot be rolled back.');
  }
  const blocking = steps.filter((s) => (s.estimatedBlockingSeconds ?? 1) > 0 && s.locks.some((l) => BLOCKING_LOCKS.has(l.lock)));
  if (blocking.length) {
    items.push(`Schedule a low-traffic window: ${blocking.map((s) => s.id).join(', ')} take blocking locks.`);
    items.push("Set a short lock_timeout for the migration session (e.g. SET lock_timeout = '5s') so it fails instead of queueing every query behind it.");
  }
  if (steps.some((s) => s.nonTransactional.length)) {
    items.push('Run the non-transactional statements on their own; after a failed CREATE INDEX CONCURRENTLY, drop the INVALID index before retrying.');
  }
  if (steps.some((s) => s.findings.some((f) => /rename/.test(f.rule)))) {
    items.push('Deploy code that works with both the old and the new names before applying the renames.');
  }
  if (input.tableStats.some((t) => !t.analyzed)) {
    items.push('Run ANALYZE on tables never analyzed: their size estimates (and these blocking times) read as zero.');
  }
  items.push('Watch for long-running transactions (pg_stat_activity) right before starting: they hold locks a migration waits on.');
  return items;
}

function rollbackNotes(steps: PlanStep[]): RollbackNote[] {
  return [...steps].reverse().map((s) => {
    if (!s.reversible) {
      return { id: s.id, kind: 'restore', note: `${s.id} has no working downgrade: undo it with a forward fix or a restore from backup.` };
    }
    if (s.destroysData) {
      return { id: s.id, kind: 'restore', note: `${s.id} can be downgraded, but the data it dropped only comes back from a backup.` };
    }
    return { id: s.id, kind: 'downgrade', note: `Downgrade ${s.id} (${s.description || 'no description'}).` };
  });
}

function indexStats(stats: TableStats[]): Map<string, TableStats> {
  const map = new Map<string, TableStats>();
  for (const s of stats) {
    map.set(`${s.schema}.${s.table}`, s);
    if (!map.has(s.table)) map.set(s.table, s);
  }
  return map;
}

function count(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function sumOrNull(values: Array<number | null>): number | null {
  let total = 0;
  for (const v of values) {
    if (v === null) return null;
    total += v;
  }
  return total;
}

function highest(levels: RiskLevel[]): RiskLevel {
  let best = 0;
  for (const l of levels) best = Math.max(best, RISK_LEVELS.indexOf(l));
  return RISK_LEVELS[best];
}
