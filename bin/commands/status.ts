import { z } from 'zod';
import { getStatusReport } from '../../lib/status';
import type { EnvironmentStatus } from '../../lib/model/status';
import { COMMON_OPTIONS, parseFlags, timeoutSeconds, validateFlags } from '../args';
import { EXIT, printJson, type Io } from '../io';
import { statusJson } from '../json';
import { loadProjects, printWarnings } from '../project';
import { DEFAULT_CONFIG_FILE } from '../../lib/config';
import { configureCliCache } from '../../lib/expected';
import { describeDrift, describePending, describeReplay, describeVersion } from '../describe';
import { plural, renderTable } from '../table';

export const STATUS_HELP = `driftboard status [--config F] [--project P] [--env NAME] [--json] [--timeout SECONDS] [--no-cache]

Every environment's version, pending migrations (rated with its real table sizes) and drift.
With a "projects" config: every project's environments (one table per project), or --project P's.
The expected schema is cached in .driftboard/cache next to the config (or $DRIFTBOARD_CACHE_DIR);
--no-cache replays the migrations from scratch and leaves the cache alone.
Exit 0 when every environment was read, 1 when one is unreachable or errored, 2 on bad input.`;

const flags = z.object({
  config: z.string().optional(),
  project: z.string().min(1).optional(),
  env: z.string().min(1).optional(),
  json: z.boolean(),
  timeout: timeoutSeconds.optional(),
  'no-cache': z.boolean(),
});

export async function statusCommand(argv: string[], io: Io): Promise<number> {
  const { values } = parseFlags('status', argv, { ...COMMON_OPTIONS, env: { type: 'string', short: 'e' } });
  if (values.help) return (io.out(STATUS_HELP), EXIT.ok);
  const f = validateFlags('status', flags, values);
  configureCliCache(f.config ?? DEFAULT_CONFIG_FILE, f['no-cache'], (m) => io.err(m));
  const reports = [];
  // --env in a projects config: the projects that have it (an unknown name is an error naming it).
  for (const { config, set, multiProject } of await loadProjects(f.config, f.project, f.env)) {
    if (!f.json) printWarnings(io, set.diagnostics);
    const report = await getStatusReport(config, { env: f.env, timeoutMs: f.timeout, set });
    reports.push({ project: multiProject ? (config.project ?? null) : null, environments: report.environments });
  }
  if (f.json) {
    printJson(io, { environments: reports.flatMap((r) => r.environments.map((e) => (r.project ? { project: r.project, ...statusJson(e) } : statusJson(e)))) });
  } else {
    io.out(reports.map((r) => (r.project ? `Project ${r.project}\n${renderStatus(r.environments)}` : renderStatus(r.environments))).join('\n\n'));
  }
  return reports.every((r) => r.environments.every((e) => e.status === 'ok')) ? EXIT.ok : EXIT.fail;
}

export function renderStatus(envs: EnvironmentStatus[]): string {
  const rows = envs.map((e) => [
    e.name,
    e.status,
    describeVersion(e),
    e.head ?? '-',
    e.behind === null ? '-' : String(e.behind),
    e.pending.length ? maxPendingRisk(e) : '-',
    e.status === 'ok' ? describeDrift(e) : (e.error ?? ''),
  ]);
  const parts = [renderTable(['ENVIRONMENT', 'STATUS', 'VERSION', 'HEAD', 'BEHIND', 'RISK', 'DRIFT'], rows)];
  for (const e of envs) {
    const details = [...describePending(e), ...describeDriftDetails(e), ...describeReplay(e)];
    if (e.status === 'error' && e.error) details.unshift(`error: ${e.error}`);
    for (const p of e.versionState?.problems ?? []) details.unshift(`version table: ${p}`);
    if (details.length) parts.push(`\n${e.name}\n${details.map((l) => `  ${l}`).join('\n')}`);
  }
  return parts.join('\n');
}

function maxPendingRisk(e: EnvironmentStatus): string {
  const order = ['low', 'medium', 'high', 'critical'];
  return e.pending.reduce((m, p) => (order.indexOf(p.risk) > order.indexOf(m) ? p.risk : m), 'low');
}

function describeDriftDetails(e: EnvironmentStatus): string[] {
  if (!e.drift) return [];
  const lines: string[] = [];
  if (e.drift.changes.length) {
    lines.push(`drift (${plural(e.drift.changes.length, 'change')} against the schema at this version):`);
    for (const c of e.drift.changes) {
      const object = [c.schema, c.table, c.name].filter(Boolean).join('.');
      lines.push(`  ${c.change.padEnd(10)} ${c.kind.padEnd(10)} ${object}`);
    }
  }
  for (const g of e.drift.ghostMigrations) lines.push(`applied but missing: ${g.id}: ${g.missing.join(', ')}`);
  return lines;
}
