import type { Finding } from '../model/risk';
import type { EnvironmentStatus } from '../model/status';
import type { TableStats } from '../model/schema';
import { listEvents } from '../store';
import { keyOf } from '../model/config';
import { tableStatsIndex } from '../risk/context';
import { getProjectContext, shownProject } from './context';
import { appInfo, latestOf, overviewRow, requireEnvironment } from './info';
import { groupByTable } from './schemas';
import { toPublic } from './sanitize';
import type { EnvironmentDetail, PendingDetail } from './types';

const RECENT_EVENTS = 20;

/** One environment in depth: pending migrations with their risks, drift by table, ghosts, recent events. */
export async function getEnvironmentDetail(name: string, project?: string | null): Promise<EnvironmentDetail> {
  const ctx = await getProjectContext(project, name);
  const env = requireEnvironment(ctx, name);
  const [latest, events] = await Promise.all([latestOf(ctx.store, keyOf(env)), listEvents(ctx.store, { environment: keyOf(env), limit: RECENT_EVENTS })]);
  const { status } = latest;
  const poll = latest.poll ?? undefined;
  return toPublic(
    {
      app: appInfo(ctx),
      environment: overviewRow(env, status ?? undefined, poll, shownProject(ctx)),
      status,
      pending: status ? pendingDetails(status) : [],
      drift: groupByTable(status?.drift?.changes ?? []),
      ghostMigrations: status?.drift?.ghostMigrations ?? [],
      // Stored states from before these fields existed lack them.
      replayProblems: status?.drift?.replayProblems ?? [],
      unverified: status?.drift?.unverified ?? [],
      events,
      tableStats: status?.tableStats ?? [],
    },
    ctx.secrets,
  );
}

/** Pending migrations in apply order, each with lock notes and the live size of every table it touches. */
export function pendingDetails(status: EnvironmentStatus): PendingDetail[] {
  const stats = tableStatsIndex(status.tableStats);
  return status.pending.map((p, i) => {
    const tables = [...new Set(p.findings.map((f) => f.table).filter((t): t is string => t !== null))].sort();
    return {
      order: i + 1,
      id: p.id,
      description: p.description,
      risk: p.risk,
      reversible: p.reversible,
      findings: p.findings,
      lockNotes: lockNotes(p.findings),
      affectedTables: tables.map((table) => ({ table, stats: (stats.get(table) as TableStats | undefined) ?? null })),
    };
  });
}

function lockNotes(findings: Finding[]): string[] {
  const notes = new Set<string>();
  for (const f of findings) {
    if (f.lock) {
      const extra = [f.rewrite ? 'rewrites the table' : null, f.nonTransactional ? 'cannot run inside a transaction' : null].filter(Boolean);
      notes.add(`${f.lock} on ${f.table ?? 'the table'}${extra.length ? ` (${extra.join('; ')})` : ''}`);
    } else if (f.nonTransactional) {
      notes.add(`${f.statement.slice(0, 60)} cannot run inside a transaction`);
    }
  }
  return [...notes];
}
