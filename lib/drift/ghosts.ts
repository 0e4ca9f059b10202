import type { SchemaModel } from '../model/schema';
import type { GhostMigration } from '../model/status';
import type { ExpectedSchema } from '../expected/replay';
import { identityOf, objectsOf, type SchemaObject } from '../expected/objects';

/**
 * The expected objects absent from `actual`. Only objects in schemas `actual` was read from count; the
 * parts of an absent table or enum are not listed again (the table or enum itself is).
 */
function* missingFrom<T extends SchemaObject>(expected: Iterable<T>, actual: SchemaModel): Generator<T> {
  const present = objectsOf(actual);
  const readSchemas = new Set(actual.schemas);
  const has = (kind: 'table' | 'enum', key: string) => present.has(identityOf({ kind, key }));
  for (const o of expected) {
    if (readSchemas.size > 0 && !readSchemas.has(o.schema)) continue;
    if (present.has(identityOf(o))) continue;
    if (o.table !== null) {
      const parentKind = o.kind === 'enum_value' ? 'enum' : 'table';
      if (!has(parentKind, `${o.schema}.${o.table}`)) continue;
    }
    yield o;
  }
}

/**
 * Whether `actual` lacks an object of the expected `model`: whether ghost detection needs to know who
 * created what (an expected schema replayed with `attribution: 'deferred'` does not).
 */
export function lacksExpectedObjects(model: SchemaModel, actual: SchemaModel): boolean {
  return !missingFrom(objectsOf(model).values(), actual).next().done;
}

/**
 * Migrations the version table calls applied whose objects are absent ("applied but missing"), under
 * the migration that created each. `expected` must be attributed (see ExpectedSchema.attributed).
 */
export function findGhostMigrations(expected: ExpectedSchema, actual: SchemaModel, appliedIds: Iterable<string>): GhostMigration[] {
  const applied = new Set(appliedIds);
  const missing = new Map<string, string[]>();
  for (const o of missingFrom(expected.objects, actual)) {
    if (!applied.has(o.createdBy)) continue;
    const list = missing.get(o.createdBy) ?? [];
    list.push(o.key);
    missing.set(o.createdBy, list);
  }
  const order = expected.migrations;
  return [...missing.entries()]
    .sort(([a], [b]) => order.indexOf(a) - order.indexOf(b))
    .map(([id, keys]) => ({ id, missing: [...new Set(keys)].sort() }));
}
