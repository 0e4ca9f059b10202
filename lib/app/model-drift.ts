import type { SchemaChange, UncheckedAttribute } from '../model/diff';
import type { ModelDrift } from '../model/status';
import { loadModelSchema, type ModelClass } from '../models';
import { getProjectContext } from './context';
import { latestStatusOf } from './info';
import { groupByTable } from './schemas';
import { toPublic } from './sanitize';

/** Model drift of one table, with the model(s) that declare it (file:line). */
export interface ModelDriftGroup {
  table: string;
  models: Array<Pick<ModelClass, 'class' | 'file' | 'line'>>;
  changes: SchemaChange[];
}

/** The environment page's "models" section: null when no `models` is configured. */
export interface ModelDriftDetail {
  /** False when the environment has no stored model comparison yet. */
  checked: boolean;
  error: string | null;
  groups: ModelDriftGroup[];
  unchecked: UncheckedAttribute[];
  untrackedByMigrations: string[];
}

/** Groups model drift by table and names each table's model; a table no model declares gets none. */
export function groupModelDrift(drift: ModelDrift | null | undefined, models: readonly ModelClass[]): ModelDriftDetail {
  if (!drift) return { checked: false, error: null, groups: [], unchecked: [], untrackedByMigrations: [] };
  const byTable = new Map<string, ModelDriftGroup['models']>();
  for (const m of models) {
    if (m.table === null) continue;
    const key = `${m.schema}.${m.table}`;
    byTable.set(key, [...(byTable.get(key) ?? []), { class: m.class, file: m.file, line: m.line }]);
  }
  return {
    checked: true,
    error: drift.error,
    groups: groupByTable(drift.changes).map((g) => ({ table: g.table, models: byTable.get(g.table) ?? [], changes: g.changes })),
    unchecked: drift.unchecked,
    untrackedByMigrations: drift.untrackedByMigrations,
  };
}

export async function getModelDriftDetail(name: string, project?: string | null): Promise<ModelDriftDetail | null> {
  const ctx = await getProjectContext(project, name);
  if (!ctx.config.models) return null;
  const status = await latestStatusOf(ctx, name);
  // Locations are a convenience: models that no longer build still show their stored drift.
  const models = await loadModelSchema(ctx.config.models).then((m) => m.models, () => []);
  return toPublic(groupModelDrift(status?.modelDrift, models), ctx.secrets);
}
