import { latestPolls, latestStates } from '../store';
import { getAppContext } from './context';
import type { AppContext } from './context';
import { appInfo, overviewRow } from './info';
import { changeCountBetween } from './schemas';
import { toPublic } from './sanitize';
import type { Overview, OverviewRow, SyncCell } from './types';

/** Every environment at a glance, plus which pairs of environments have the same schema. */
export async function getOverview(): Promise<Overview> {
  const ctx = await getAppContext();
  const rows = await environmentRows(ctx);
  const matrix = await syncMatrix(ctx, rows);
  return toPublic({ generatedAt: new Date().toISOString(), app: appInfo(ctx), environments: rows, matrix }, ctx.secrets);
}

/** Rows in config order, built from the latest stored state and poll of each environment. */
export async function environmentRows(ctx: AppContext): Promise<OverviewRow[]> {
  const [states, polls] = await Promise.all([latestStates(ctx.store), latestPolls(ctx.store)]);
  const stateBy = new Map(states.map((s) => [s.name, s]));
  const pollBy = new Map(polls.map((p) => [p.environment, p]));
  return ctx.config.environments.map((env) => overviewRow(env, stateBy.get(env.name), pollBy.get(env.name)));
}

async function syncMatrix(ctx: AppContext, rows: OverviewRow[]): Promise<Overview['matrix']> {
  const cells: SyncCell[] = [];
  for (const a of rows) {
    for (const b of rows) {
      if (a.name === b.name) continue;
      if (!a.schemaHash || !b.schemaHash) {
        cells.push({ left: a.name, right: b.name, state: 'unknown', changes: null });
        continue;
      }
      // One failing comparison (e.g. a schema missing from the store) must not break the overview.
      const changes = await changeCountBetween(ctx, a.schemaHash, b.schemaHash).catch(() => null);
      const state = a.schemaHash === b.schemaHash ? 'same' : changes === null ? 'unknown' : changes === 0 ? 'same' : 'differs';
      cells.push({ left: a.name, right: b.name, state, changes });
    }
  }
  return { environments: rows.map((r) => r.name), cells };
}
