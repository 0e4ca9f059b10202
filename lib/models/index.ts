import { createHash } from 'node:crypto';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { buildModelSchema } from './build';
import { readPrismaModels } from './prisma';
import { prismaMajorVersion } from './prisma/version';
import { readSqlalchemyModels } from './sqlalchemy';
import type { ModelDdl, ModelSchema, ModelsConfig } from './types';

export type * from './types';
export { compareModels, modelsAsExpected } from './compare';
export type { CompareModelsOptions } from './compare';
export { buildModelSchema, findDuplicates } from './build';

/** The models' DDL, read statically from the configured files. */
export function readModelDdl(config: ModelsConfig): Promise<ModelDdl> {
  return config.orm === 'prisma' ? readPrismaModels(config.path) : readSqlalchemyModels(config.path);
}

const cache = new Map<string, Promise<ModelSchema>>();

/**
 * The models as a SchemaModel. Memoized on the files' names, sizes and modification times (a stat per
 * file, no read): a poller or an overview asking every minute about unchanged models reads and builds once.
 */
export async function loadModelSchema(config: ModelsConfig): Promise<ModelSchema> {
  const key = await contentKey(config);
  const hit = cache.get(key);
  if (hit) return hit;
  const pending = readModelDdl(config).then(buildModelSchema);
  cache.set(key, pending);
  pending.catch(() => cache.delete(key));
  while (cache.size > 8) cache.delete(cache.keys().next().value as string);
  return pending;
}

async function contentKey(config: ModelsConfig): Promise<string> {
  const hash = createHash('sha256').update(`${config.orm}\u0000${config.path}`);
  const walk = async (p: string): Promise<void> => {
    const info = await stat(p).catch(() => null);
    if (!info) return;
    if (info.isDirectory()) {
      for (const e of (await readdir(p)).sort()) if (!e.startsWith('.') && e !== '__pycache__' && e !== 'node_modules') await walk(path.join(p, e));
    } else if (/\.(py|prisma)$/.test(p)) hash.update(`${p}\u0000${info.size}\u0000${info.mtimeMs}\u0000`);
  };
  await walk(config.path);
  // The implicit m-n table's shape depends on the Prisma version package.json names.
  if (config.orm === 'prisma') hash.update(`\u0000prisma ${await prismaMajorVersion(config.path)}`);
  return hash.digest('hex');
}
