import { createHash } from 'node:crypto';
import type { Column, Constraint, Index, SchemaModel, Table } from '../model';

/** Code-point order: unlike localeCompare it is the same on every machine and locale. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

const bySchemaName = (a: { schema: string; name: string }, b: { schema: string; name: string }) =>
  compareText(a.schema, b.schema) || compareText(a.name, b.name);
const byName = (a: { name: string }, b: { name: string }) => compareText(a.name, b.name);

/**
 * A copy of `model` with every array sorted (schema, table, name), every object's keys in one fixed
 * order and every optional attribute present (null when absent). Models built elsewhere (a shadow
 * database, a stored snapshot) go through here too, so equal schemas always serialize identically.
 * Enum values and constraint columns keep their order: it is meaningful.
 */
export function normalizeSchema(model: SchemaModel): SchemaModel {
  return {
    schemas: [...model.schemas].sort(compareText),
    extensions: model.extensions
      .map((e) => ({ name: e.name, schema: e.schema, version: e.version }))
      .sort((a, b) => compareText(a.name, b.name)),
    tables: model.tables.map(normalizeTable).sort(bySchemaName),
    enums: model.enums
      .map((e) => ({ schema: e.schema, name: e.name, values: [...e.values] }))
      .sort(bySchemaName),
    sequences: model.sequences
      .map((s) => ({
        schema: s.schema,
        name: s.name,
        dataType: s.dataType,
        start: String(s.start),
        increment: String(s.increment),
        min: String(s.min),
        max: String(s.max),
        cycle: Boolean(s.cycle),
        ownedBy: s.ownedBy ?? null,
      }))
      .sort(bySchemaName),
    views: model.views
      .map((v) => ({ schema: v.schema, name: v.name, materialized: Boolean(v.materialized), definition: v.definition.trim() }))
      .sort(bySchemaName),
  };
}

function normalizeTable(t: Table): Table {
  return {
    schema: t.schema,
    name: t.name,
    kind: t.kind,
    partitionOf: t.partitionOf ?? null,
    partitionKey: t.partitionKey ?? null,
    comment: t.comment ?? null,
    columns: t.columns.map(normalizeColumn).sort(byName),
    constraints: t.constraints.map(normalizeConstraint).sort(byName),
    indexes: t.indexes.map(normalizeIndex).sort(byName),
  };
}

function normalizeColumn(c: Column): Column {
  return {
    name: c.name,
    type: c.type,
    nullable: Boolean(c.nullable),
    default: c.default ?? null,
    identity: c.identity ?? null,
    generated: c.generated ?? null,
    collation: c.collation ?? null,
    comment: c.comment ?? null,
  };
}

function normalizeConstraint(c: Constraint): Constraint {
  return {
    name: c.name,
    type: c.type,
    definition: c.definition,
    columns: [...c.columns],
    validated: Boolean(c.validated),
    references: c.references ?? null,
  };
}

function normalizeIndex(i: Index): Index {
  return {
    name: i.name,
    definition: i.definition,
    unique: Boolean(i.unique),
    primary: Boolean(i.primary),
    valid: Boolean(i.valid),
  };
}

/** The canonical JSON of a model: byte-identical for equal schemas. */
export function canonicalJson(model: SchemaModel): string {
  return JSON.stringify(normalizeSchema(model));
}

/** sha256 hex of canonicalJson(model). */
export function hashSchema(model: SchemaModel): string {
  return sha256Hex(canonicalJson(model));
}

/** sha256 hex of a string that is already canonical JSON. */
export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
