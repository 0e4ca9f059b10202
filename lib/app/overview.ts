import { latestPolls, latestStates } from '../store';
import { pairKey } from '../store/diff-counts';
import { hashSchema } from '../introspect';
import { loadModelSchema } from '../models';
import { getAppContext } from './context';
import type { AppContext } from './context';
import { appInfo, overviewRow } from './info';
import { buildMatrix } from './overview-matrix';
import { changeCountsAmong } from './schemas';
import { toPublic } from './sanitize';
import type { Overview, OverviewRow } from './types';

/** Every environment at a glance, plus which pairs of environments have the same schema. */
export async function getOverview(): Promise<Overview> {
  const ctx = await getAppContext();
  const rows = await environmentRows(ctx);
  const matrix = await syncMatrix(ctx, rows);
  const clean = <T,>(value: T) => publicOnce(ctx, value);
  return { generatedAt: clean(new Date().toISOString()), app: clean(appInfo(ctx)), environments: rows.map(clean), matrix: clean(matrix) };
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

/** Rows in config order, built from the latest stored state and poll of each environment. */
export async function environmentRows(ctx: AppContext): Promise<OverviewRow[]> {
  const [states, polls] = await Promise.all([latestStates(ctx.store), latestPolls(ctx.store)]);
  const stateBy = new Map(states.map((s) => [s.name, s]));
  const pollBy = new Map(polls.map((p) => [p.environment, p]));
  return ctx.config.environments.map((env) => overviewRow(env, stateBy.get(env.name), pollBy.get(env.name)));
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
  return { ...buildMatrix(all, count), models: models?.row.name ?? null };
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
