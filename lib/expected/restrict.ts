import type { SchemaModel } from '../model/schema';
import type { ExpectedSchema } from './replay';

/**
 * The expected schema of an environment restricted to `schemas`, from the replay read back without a
 * filter: what a replay read back with that filter gives (tested against one), so a poller with many
 * distinct `schemas` filters replays once. Every object of the model, every credited object and every
 * unverified attribute is kept when its schema is one of them (for a table's trigger, policy or rule:
 * the table's schema, as the catalog read filters them); what belongs to no schema (event triggers,
 * roles, default privileges of every schema) is kept as it is. The replay itself (problems, counts,
 * migrations) does not depend on the filter.
 */
export function restrictExpected(expected: ExpectedSchema, schemas: readonly string[] | null): ExpectedSchema {
  if (!schemas) return expected;
  const keep = new Set(schemas);
  const inSchema = <T extends { schema: string }>(xs: T[]): T[] => xs.filter((x) => keep.has(x.schema));
  const optional = <T extends { schema: string }>(xs: T[] | undefined): T[] | undefined => (xs ? inSchema(xs) : xs);
  const m = expected.model;
  const model: SchemaModel = {
    ...m,
    schemas: m.schemas.filter((s) => keep.has(s)),
    extensions: inSchema(m.extensions),
    tables: inSchema(m.tables),
    enums: inSchema(m.enums),
    sequences: inSchema(m.sequences),
    views: inSchema(m.views),
  };
  if (m.schemaDetails) model.schemaDetails = m.schemaDetails.filter((d) => keep.has(d.name));
  if (m.functions) model.functions = optional(m.functions);
  if (m.triggers) model.triggers = optional(m.triggers);
  if (m.policies) model.policies = optional(m.policies);
  if (m.privileges) model.privileges = optional(m.privileges);
  if (m.defaultPrivileges) model.defaultPrivileges = m.defaultPrivileges.filter((d) => d.schema === null || keep.has(d.schema));
  if (m.domains) model.domains = optional(m.domains);
  if (m.compositeTypes) model.compositeTypes = optional(m.compositeTypes);
  if (m.rangeTypes) model.rangeTypes = optional(m.rangeTypes);
  if (m.collations) model.collations = optional(m.collations);
  if (m.statistics) model.statistics = optional(m.statistics);
  if (m.rules) model.rules = optional(m.rules);
  const objects = inSchema(expected.objects);
  const createdBy: Record<string, string> = {};
  for (const o of objects) createdBy[o.key] ??= o.createdBy;
  return { ...expected, model, objects, createdBy, unverified: inSchema(expected.unverified) };
}
