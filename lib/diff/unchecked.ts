import type { ObjectKind, UncheckedAttribute } from '../model/diff';
import type { SchemaModel } from '../model/schema';
import { identityOf, objectsOf } from '../expected/objects';
import type { Attributes } from './attributes';

type Differences = { expected: Attributes; actual: Attributes };

/** Drops the attributes nobody can check from one object's differences; null when none is left. */
export type UncheckedFilter = (kind: ObjectKind, schema: string, table: string | null, name: string, diff: Differences) => Differences | null;

const objectKey = (kind: string, schema: string, table: string | null, name: string) => `${kind}\u0000${schema}\u0000${table ?? ''}\u0000${name}`;

/**
 * A filter for `unverified` attributes, or null when there are none (the diff then runs as before).
 * It only runs on objects that already differ, so an aligned schema pays nothing for it.
 */
export function uncheckedFilter(unverified: readonly UncheckedAttribute[] | undefined): UncheckedFilter | null {
  if (!unverified?.length) return null;
  const byObject = new Map<string, Set<string>>();
  for (const u of unverified) {
    const key = objectKey(u.kind, u.schema, u.table, u.name);
    const set = byObject.get(key) ?? new Set<string>();
    set.add(u.attribute);
    byObject.set(key, set);
  }
  return (kind, schema, table, name, diff) => {
    const skip = byObject.get(objectKey(kind, schema, table, name));
    if (!skip) return diff;
    let kept: Differences | null = null;
    for (const attribute of Object.keys(diff.expected)) {
      if (skip.has(attribute)) continue;
      kept ??= { expected: {}, actual: {} };
      kept.expected[attribute] = diff.expected[attribute];
      kept.actual[attribute] = diff.actual[attribute];
    }
    return kept;
  };
}

/**
 * The unverified attributes worth reporting as "could not check": those of objects `actual` has too (a
 * missing object is already a change of its own; an object in a schema that was not read is not here).
 */
export function uncheckedOnBothSides(unverified: readonly UncheckedAttribute[], actual: SchemaModel): UncheckedAttribute[] {
  if (unverified.length === 0) return [];
  const present = objectsOf(actual);
  const extensions = new Set(actual.extensions.map((e) => e.name));
  return unverified.filter((u) => {
    switch (u.kind) {
      case 'extension':
        return extensions.has(u.name);
      case 'table':
        return present.has(identityOf({ kind: 'table', key: `${u.schema}.${u.name}` }));
      case 'index':
        return present.has(identityOf({ kind: 'index', key: `${u.schema}.${u.name}` }));
      case 'column':
      case 'constraint':
        return present.has(identityOf({ kind: u.kind, key: `${u.schema}.${u.table}.${u.name}` }));
      default:
        return true;
    }
  });
}
