import type { Column, ConstraintType, SchemaModel, Table, TableStats, View } from '../model';
import type { CatalogRows } from './catalog';
import { compareText } from './canonical';
import { modernizeViewDefinition } from './viewdef';

const CONSTRAINT_TYPES: Record<string, ConstraintType> = {
  p: 'primary',
  u: 'unique',
  c: 'check',
  f: 'foreign',
  x: 'exclusion',
};

const IDENTITY: Record<string, Column['identity']> = { a: 'always', d: 'by default' };

const bySchemaName = (a: { schema: string; name: string }, b: { schema: string; name: string }) =>
  compareText(a.schema, b.schema) || compareText(a.name, b.name);
const byName = (a: { name: string }, b: { name: string }) => compareText(a.name, b.name);

/**
 * Turns the raw catalog rows into the model and the table statistics. Objects are created directly
 * in canonical form (key order and sorting of normalizeSchema), so the result hashes without another
 * copy: at 50,000 columns that copy costs as much as a catalog query.
 */
export async function buildModel(rows: CatalogRows): Promise<{ schema: SchemaModel; stats: TableStats[] }> {
  const legacyViewdef = rows.settings.server_version < 160000;
  const tablesByOid = new Map<string, Table>();
  const tables: Table[] = [];
  const views: View[] = [];
  const stats: TableStats[] = [];

  const tableComments = new Map<string, string>();
  const columnComments = new Map<string, string>();
  for (const c of rows.comments) {
    if (c.column === null) tableComments.set(c.table_oid, c.comment);
    else columnComments.set(`${c.table_oid}\u0000${c.column}`, c.comment);
  }

  for (const r of rows.relations) {
    if (r.kind === 'v' || r.kind === 'm') {
      const definition = (r.view_definition ?? '').trim();
      views.push({
        schema: r.schema,
        name: r.name,
        materialized: r.kind === 'm',
        definition: legacyViewdef ? await modernizeViewDefinition(definition) : definition,
      });
      continue;
    }
    const table: Table = {
      schema: r.schema,
      name: r.name,
      kind: r.kind === 'p' ? 'partitioned' : 'table',
      partitionOf: r.partition_of ?? null,
      partitionKey: r.partition_key ?? null,
      comment: tableComments.get(r.oid) ?? null,
      columns: [],
      constraints: [],
      indexes: [],
    };
    tablesByOid.set(r.oid, table);
    tables.push(table);
    const reltuples = Number(r.reltuples);
    stats.push({
      schema: r.schema,
      table: r.name,
      rows: reltuples > 0 ? Math.round(reltuples) : 0,
      bytes: Number(r.relpages) * rows.settings.block_size,
      analyzed: reltuples >= 0,
    });
  }

  const columnNames = new Map<string, string[]>();
  for (const c of rows.columns) {
    let names = columnNames.get(c.table_oid);
    if (!names) columnNames.set(c.table_oid, (names = []));
    names[c.attnum] = c.name;
    tablesByOid.get(c.table_oid)?.columns.push({
      name: c.name,
      type: c.type,
      nullable: c.nullable,
      default: c.default ?? null,
      identity: IDENTITY[c.identity] ?? null,
      generated: c.generated ?? null,
      collation: c.collation ?? null,
      comment: columnComments.size ? (columnComments.get(`${c.table_oid}\u0000${c.name}`) ?? null) : null,
    });
  }

  for (const c of rows.constraints) {
    tablesByOid.get(c.table_oid)?.constraints.push({
      name: c.name,
      type: CONSTRAINT_TYPES[c.type],
      definition: c.definition,
      columns: (c.attnums ?? []).map((n) => columnNames.get(c.table_oid)?.[n] ?? String(n)),
      validated: c.validated,
      references: c.references ?? null,
    });
  }

  for (const i of rows.indexes) {
    tablesByOid.get(i.table_oid)?.indexes.push({
      name: i.name,
      definition: i.definition,
      unique: i.unique,
      primary: i.primary,
      valid: i.valid,
    });
  }

  for (const t of tables) {
    t.columns.sort(byName);
    t.constraints.sort(byName);
    t.indexes.sort(byName);
  }
  const schema: SchemaModel = {
    schemas: [...rows.schemas].sort(compareText),
    extensions: rows.extensions
      .map((e) => ({ name: e.name, schema: e.schema, version: e.version }))
      .sort(byName),
    tables: tables.sort(bySchemaName),
    enums: rows.enums.map((e) => ({ schema: e.schema, name: e.name, values: e.values })).sort(bySchemaName),
    sequences: rows.sequences
      .map((s) => ({
        schema: s.schema,
        name: s.name,
        dataType: s.data_type,
        start: s.start,
        increment: s.increment,
        min: s.min,
        max: s.max,
        cycle: s.cycle,
        ownedBy: s.owned_by ?? null,
      }))
      .sort(bySchemaName),
    views: views.sort(bySchemaName),
  };
  stats.sort((a, b) => compareText(a.schema, b.schema) || compareText(a.table, b.table));
  return { schema, stats };
}
