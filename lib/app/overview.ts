import { latestOfEach, type LatestOfEach } from '../store/read-states';
import { keyOf } from '../model/config';
import { pairKey } from '../store/diff-counts';
import { hashSchema } from '../introspect';
import { loadModelSchema, type ModelSchema } from '../models';
import { getAppContext, projectView, shownProject } from './context';
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
  const projects: ProjectOverview[] = [];
  for (const entry of ctx.projects) {
    const view = projectView(ctx, entry.name);
    const rows = environmentRows(view, latest);
    const info = appInfo(view);
    projects.push({ name: info.project, tool: info.tool, head: info.head, environments: rows, matrix: await syncMatrix(view, rows) });
  }
  // One scrub of the whole answer (lib/app/sanitize indexes the secrets: ~2.5 ms at 200 environments).
  const overview: Overview = { generatedAt: new Date().toISOString(), app: appInfo(ctx), environments: projects.flatMap((p) => p.environments), matrix: projects[0].matrix, projects };
  return toPublic(overview, ctx.secrets);
}

/** The project's rows in config order, built from the latest stored state and poll of each environment. */
export function environmentRows(ctx: AppContext, latest: ReadonlyMap<string, LatestOfEach>): OverviewRow[] {
  const project = shownProject(ctx);
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
  return { ...buildMatrix(all, count), models: models?.row.name ?? null, project: shownProject(ctx) };
}

/** Hashed once per built model schema (loadModelSchema hands out the same object while the files are unchanged). */
const modelHashes = new WeakMap<ModelSchema, string>();
function modelsHash(models: ModelSchema): string {
  let hash = modelHashes.get(models);
  if (!hash) modelHashes.set(models, (hash = `models:${hashSchema(models.schema)}`));
  return hash;
}

/**
 * The models as one more column/row: their schema hashed like an environment's, and each environment's
 * distance to them read from its stored model drift (the comparison the environment page shows), so
 * the overview compares nothing. Models that cannot be read are a side with no schema: "unknown".
 */
async function modelsSide(ctx: AppContext, rows: OverviewRow[]) {
  if (!ctx.config.models) return null;
  const name = rows.some((r) => r.name === 'models') ? 'models (ORM)' : 'models';
  const hash = await loadModelSchema(ctx.config.models).then(modelsHash, () => null);
  const byHash = new Map<string, number>();
  for (const r of rows) if (r.schemaHash !== null && r.modelDriftCount != null && !byHash.has(r.schemaHash)) byHash.set(r.schemaHash, r.modelDriftCount);
  return {
    row: { name, schemaHash: hash },
    /** undefined: not a pair with the models; null: with the models, count unknown. */
    count: (l: string, r: string): number | null | undefined => (l === hash ? (byHash.get(r) ?? null) : r === hash ? (byHash.get(l) ?? null) : undefined),
  };
}
