import type { SchemaModel } from '../model/schema';

/** Kinds of objects a migration can be credited with creating (and found absent later). */
export type CreatedKind =
  | 'table'
  | 'column'
  | 'index'
  | 'constraint'
  | 'enum'
  | 'enum_value'
  | 'view'
  | 'function'
  | 'trigger'
  | 'policy'
  | 'rule'
  | 'domain'
  | 'composite_type'
  | 'range_type'
  | 'collation'
  | 'statistics'
  | 'event_trigger';

/** One object of a schema, keyed for attribution: `schema.table`, `schema.table.column`, `schema.index`, … */
export interface SchemaObject {
  /** Readable key: `schema.table`, `schema.table.column`, `schema.table.constraint`, `schema.index`, `schema.enum`, `schema.enum.value`, `schema.view`. */
  key: string;
  kind: CreatedKind;
  schema: string;
  /** The table / enum the object belongs to; null for tables, indexes' own key, enums and views. */
  table: string | null;
  name: string;
}

/** Kind-qualified identity: a column and a constraint of the same name on one table are different objects. */
export const identityOf = (o: Pick<SchemaObject, 'kind' | 'key'>): string => `${o.kind}:${o.key}`;

/** Every attributable object of a model. Index keys are `schema.index` (indexes share the table namespace). */
export function objectsOf(model: SchemaModel): Map<string, SchemaObject> {
  const out = new Map<string, SchemaObject>();
  const add = (o: SchemaObject) => out.set(identityOf(o), o);
  for (const t of model.tables) {
    add({ key: `${t.schema}.${t.name}`, kind: 'table', schema: t.schema, table: null, name: t.name });
    for (const c of t.columns) add({ key: `${t.schema}.${t.name}.${c.name}`, kind: 'column', schema: t.schema, table: t.name, name: c.name });
    for (const c of t.constraints) {
      add({ key: `${t.schema}.${t.name}.${c.name}`, kind: 'constraint', schema: t.schema, table: t.name, name: c.name });
    }
    for (const i of t.indexes) add({ key: `${t.schema}.${i.name}`, kind: 'index', schema: t.schema, table: t.name, name: i.name });
  }
  for (const e of model.enums) {
    add({ key: `${e.schema}.${e.name}`, kind: 'enum', schema: e.schema, table: null, name: e.name });
    for (const v of e.values) add({ key: `${e.schema}.${e.name}.${v}`, kind: 'enum_value', schema: e.schema, table: e.name, name: v });
  }
  for (const v of model.views) add({ key: `${v.schema}.${v.name}`, kind: 'view', schema: v.schema, table: null, name: v.name });
  return out;
}

