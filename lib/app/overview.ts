import { latestOfEach, type LatestOfEach } from '../store/read-states';
import { keyOf } from '../model/config';
import { pairKey } from '../store/diff-counts';
import { hashSchema } from '../introspect';
import { loadModelSchema } from '../models';
import { getAppContext, projectView } from './context';
import type { AppContext } from './context';
import { appInfo, overviewRow } from './info';
import { buildMatrix } from './overview-matrix';
import { changeCountsAmong } from './schemas';
import { toPublic } from './sanitize';
import type { Overview, OverviewRow, ProjectOverview } from './types';

/**
 * Every environment at a glance, by project, plus which pairs of a project's environments have the same
 * schema (each project its own matrix and head).
 */
export async function getOverview(): Promise<Overview> {
  const ctx = await getAppContext();
  const latest = await latestOfEach(ctx.store);
  const clean = <T,>(value: T) => publicOnce(ctx, value);
  const projects: ProjectOverview[] = [];
  for (const entry of ctx.projects) {
    const view = projectView(ctx, entry.name);
    const rows = environmentRows(view, latest).map(clean);
    const info = appInfo(view);
    projects.push({ name: info.project, tool: info.tool, head: info.head, environments: rows, matrix: clean(await syncMatrix(view, rows)) });
  }
  return {
    generatedAt: clean(new Date().toISOString()),
    app: clean(appInfo(ctx)),
    environments: projects.flatMap((p) => p.environments),
    matrix: projects[0].matrix,
    projects,
  };
}

/** Public copies by content, per context (its secrets), so an unchanged row is not scrubbed again. */
const publicCopies = new WeakMap<AppContext, Map<string, unknown>>();
const PUBLIC_COPIES_MAX = 10_000;

/**
 * toPublic, remembered by the value's JSON: scrubbing every string against every secret is the costly
 * part of the overview at 200 environments (hundreds of secrets × thousands of strings), while most rows
 * are the same from one request to the next. Same input, same secrets: the same public copy.
 */
function publicOnce<T>(ctx: AppContext, value: T): T {
  let copies = publicCopies.get(ctx);
  if (!copies) publicCopies.set(ctx, (copies = new Map()));
  const key = JSON.stringify(value);
  const hit = copies.get(key);
  if (hit !== undefined) return hit as T;
  const out = toPublic(value, ctx.secrets);
  if (copies.size >= PUBLIC_COPIES_MAX) copies.clear();
  copies.set(key, out);
  return out;
}

/** The project's rows in config order, built from the latest stored state and poll of each environment. */
export function environmentRows(ctx: AppContext, latest: ReadonlyMap<string, LatestOfEach>): OverviewRow[] {
  const project = ctx.multiProject ? ctx.project.name : null;
  return ctx.config.environments.map((env) => {
    const found = latest.get(keyOf(env));
    return overviewRow(env, found?.status ?? undefined, found?.poll ?? undefined, project);
  });
}

/**
 * Counts only between distinct schema hashes (environments with equal hashes are "same" without a
 * diff), each computed once and then read from the store.
 */
async function syncMatrix(ctx: AppContext, rows: OverviewRow[]): Promise<Overview['matrix']> {
  const hashes = rows.map((r) => r.schemaHash).filter((h): h is string => h !== null);
  // One failing read (e.g. the store briefly away) must not break the overview: the pairs are unknown.
  const counts = await changeCountsAmong(ctx, hashes).catch(() => new Map<string, number>());
  const models = await modelsSide(ctx, rows);
  const all = models ? [...rows, models.row] : rows;
  const count = (l: string, r: string) => models?.count(l, r) ?? counts.get(pairKey(l, r)) ?? null;
  return { ...buildMatrix(all, count), models: models?.row.name ?? null, project: ctx.multiProject ? ctx.project.name : null };
}

/**
 * The models as one more column/row: their schema hashed like an environment's, and each environment's
 * distance to them read from its stored model drift (the comparison the environment page shows), so
 * the overview compares nothing. Models that cannot be read are a side with no schema: "unknown".
 */
async function modelsSide(ctx: AppContext, rows: OverviewRow[]) {
  if (!ctx.config.models) return null;
  const name = rows.some((r) => r.name === 'models') ? 'models (ORM)' : 'models';
  const hash = await loadModelSchema(ctx.config.models).then((m) => `models:${hashSchema(m.schema)}`, () => null);
  const byHash = new Map<string, number>();
  for (const r of rows) if (r.schemaHash !== null && r.modelDriftCount != null && !byHash.has(r.schemaHash)) byHash.set(r.schemaHash, r.modelDriftCount);
  return {
    row: { name, schemaHash: hash },
    /** undefined: not a pair with the models; null: with the models, count unknown. */
    count: (l: string, r: string): number | null | undefined => (l === hash ? (byHash.get(r) ?? null) : r === hash ? (byHash.get(l) ?? null) : undefined),
  };
}
