import type { DriftboardConfig, EnvironmentConfig } from '../model/config';
import type { MigrationSet } from '../model/migration';
import type { ModelDrift } from '../model/status';
import { redactText } from '../db/redact';
import type { SchemaModel } from '../model/schema';
import { VERSION_TABLE_NAMES } from '../versions';
import { memoExpectedSchema } from '../status/memo';
import { compareModels } from './compare';
import { loadModelSchema } from './index';
import type { ModelComparison, ModelSchema, ModelsConfig } from './types';

/** `driftboard models --json`: the models against the schema the migrations build at head. */
export interface ModelsReport extends ModelComparison {
  orm: ModelSchema['orm'];
  models: ModelSchema['models'];
  duplicates: ModelSchema['duplicates'];
  unresolved: ModelSchema['unresolved'];
}

/**
 * The schema every migration builds (all of them applied, in order). Through the per-set memo of
 * lib/status (the same one a poll's drift uses): a poller comparing models every minute replays once.
 */
async function headSchema(config: DriftboardConfig, set: MigrationSet, schemas: string[] | null = null): Promise<SchemaModel> {
  const all = new Set(set.migrations.map((m) => m.id));
  return (await memoExpectedSchema(set, all, { shadowUrl: config.shadowUrl, schemas, attribution: 'deferred' })).model;
}

export async function modelsReport(config: DriftboardConfig & { models: ModelsConfig }, set: MigrationSet): Promise<ModelsReport> {
  const models = await loadModelSchema(config.models);
  const head = await headSchema(config, set);
  const { changes, unchecked } = compareModels(models, head, { ignoreTables: [...VERSION_TABLE_NAMES] });
  return { orm: models.orm, models: models.models, changes, duplicates: models.duplicates, unresolved: models.unresolved, unchecked };
}

export type { ModelDrift };

export async function modelDriftOf(config: DriftboardConfig, env: EnvironmentConfig, set: MigrationSet, live: SchemaModel): Promise<ModelDrift | null> {
  if (!config.models) return null;
  const models = await loadModelSchema(config.models);
  const { changes, unchecked } = compareModels(models, live, { ignoreTables: [...VERSION_TABLE_NAMES], schemas: env.schemas });
  const head = await headSchema(config, set, env.schemas);
  const key = (t: { schema: string; name: string }) => `${t.schema}.${t.name}`;
  const migrated = new Set(head.tables.map(key));
  const modeled = new Set(models.schema.tables.map(key));
  const untrackedByMigrations = live.tables.map(key).filter((k) => modeled.has(k) && !migrated.has(k)).sort();
  return { changes, unchecked, untrackedByMigrations, error: null };
}

/** modelDriftOf for status: a failure to read or build the models is named, never "no drift". */
export async function modelDriftOrError(config: DriftboardConfig, env: EnvironmentConfig, set: MigrationSet, live: SchemaModel, secrets: string[]): Promise<ModelDrift | null> {
  try {
    return await modelDriftOf(config, env, set, live);
  } catch (err) {
    const message = redactText(((err as Error).message ?? String(err)).split('\n')[0], secrets);
    return { changes: [], unchecked: [], untrackedByMigrations: [], error: `cannot compare with the models: ${message}` };
  }
}
