import type { SchemaModel } from '../model/schema';
import type { GhostMigration } from '../model/status';
import type { ExpectedSchema } from '../expected/replay';
import { identityOf, objectsOf } from '../expected/objects';

/**
 * Migrations the version table calls applied whose objects are absent ("applied but missing").
 * Only objects in schemas `actual` was read from count; the parts of an absent table or enum are not
 * listed again (the table or enum itself is, under the migration that created it).
 */
export function findGhostMigrations(expected: ExpectedSchema, actual: SchemaModel, appliedIds: Iterable<string>): GhostMigration[] {
  const applied = new Set(appliedIds);
  const present = objectsOf(actual);
  const readSchemas = new Set(actual.schemas);
  const has = (kind: 'table' | 'enum', key: string) => present.has(identityOf({ kind, key }));
  const missing = new Map<string, string[]>();

  for (const o of expected.objects) {
    if (!applied.has(o.createdBy)) continue;
    if (readSchemas.size > 0 && !readSchemas.has(o.schema)) continue;
    if (present.has(identityOf(o))) continue;
    if (o.table !== null) {
      const parentKind = o.kind === 'enum_value' ? 'enum' : 'table';
      if (!has(parentKind, `${o.schema}.${o.table}`)) continue;
    }
    const list = missing.get(o.createdBy) ?? [];
    list.push(o.key);
    missing.set(o.createdBy, list);
  }

  const order = expected.migrations;
  return [...missing.entries()]
    .sort(([a], [b]) => order.indexOf(a) - order.indexOf(b))
    .map(([id, keys]) => ({ id, missing: [...new Set(keys)].sort() }));
}
