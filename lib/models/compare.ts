import { diffSchemas } from '../diff';
import type { SchemaChange, UncheckedAttribute } from '../model/diff';
import type { SchemaModel } from '../model/schema';
import type { ModelComparison, ModelSchema } from './types';

export interface CompareModelsOptions {
  /** Tables never compared (version tables): bare name or schema.table. */
  ignoreTables?: string[];
  /** Only these schemas (an environment's `schemas`); null = all. */
  schemas?: string[] | null;
}

/**
 * What the models promise, as a whole SchemaModel beside `actual`: their tables, enums and sequences (in
 * the `schemas` filter), with the extensions, views and bare schemas the models cannot declare taken from
 * `actual`, so those never count as differences. Shared by the comparison and the repair `--to models`.
 */
export function modelsAsExpected(models: ModelSchema, actual: SchemaModel, schemas: string[] | null): SchemaModel {
  const keep = schemas ? new Set(schemas) : null;
  const inScope = (schema: string) => keep === null || keep.has(schema);
  const m = models.schema;
  const modelSchemas = new Set(m.tables.map((t) => t.schema).concat(m.enums.map((e) => e.schema)));
  return {
    schemas: [...new Set([...actual.schemas, ...[...modelSchemas].filter(inScope)])].sort(),
    extensions: actual.extensions,
    tables: m.tables.filter((t) => inScope(t.schema)),
    enums: m.enums.filter((e) => inScope(e.schema)),
    sequences: m.sequences.filter((s) => inScope(s.schema)),
    views: actual.views,
  };
}

/**
 * The models (expected) against another schema (actual), with lib/diff. Models cannot declare extensions,
 * views or bare schemas, so those are taken from the other side and never reported; attributes the
 * models' reader could not determine are left out of `altered` changes and listed as unchecked.
 */
export function compareModels(models: ModelSchema, actual: SchemaModel, options: CompareModelsOptions = {}): ModelComparison {
  const keep = options.schemas ? new Set(options.schemas) : null;
  const inScope = (schema: string) => keep === null || keep.has(schema);
  const expected = modelsAsExpected(models, actual, options.schemas ?? null);
  const raw = diffSchemas(expected, actual, { ignoreTables: options.ignoreTables ?? [] });
  const unverified = new Map<string, (typeof models.unverified)[number][]>();
  for (const u of models.unverified) {
    const key = `${u.kind}\u0000${u.schema}\u0000${u.table}\u0000${u.name}`;
    unverified.set(key, [...(unverified.get(key) ?? []), u]);
  }
  const unchecked: UncheckedAttribute[] = [];
  const changes: SchemaChange[] = [];
  for (const c of raw) {
    const us = c.change === 'altered' && c.table !== null ? unverified.get(`${c.kind}\u0000${c.schema}\u0000${c.table}\u0000${c.name}`) : undefined;
    if (!us) {
      changes.push(c);
      continue;
    }
    const skip = new Set(us.map((u) => u.attribute));
    const expectedAttrs = Object.fromEntries(Object.entries(c.expected ?? {}).filter(([k]) => !skip.has(k)));
    const actualAttrs = Object.fromEntries(Object.entries(c.actual ?? {}).filter(([k]) => !skip.has(k)));
    for (const u of us) {
      if (u.attribute in (c.expected ?? {})) {
        unchecked.push({ kind: u.kind, schema: u.schema, table: u.table, name: u.name, attribute: u.attribute, reason: u.reason, file: u.file, line: u.line });
      }
    }
    if (Object.keys(expectedAttrs).length > 0) changes.push({ ...c, expected: expectedAttrs, actual: actualAttrs });
  }
  // Unverified attributes of objects that compared equal (the placeholder happened to match) are still unchecked.
  for (const u of models.unverified) {
    if (!inScope(u.schema)) continue;
    if (!unchecked.some((x) => x.schema === u.schema && x.table === u.table && x.name === u.name && x.attribute === u.attribute)) {
      unchecked.push({ kind: u.kind, schema: u.schema, table: u.table, name: u.name, attribute: u.attribute, reason: u.reason, file: u.file, line: u.line });
    }
  }
  return { changes, unchecked };
}
