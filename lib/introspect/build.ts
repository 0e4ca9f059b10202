import type {
  Column,
  Constraint,
  ConstraintType,
  Index,
  SchemaModel,
  Table,
  TableStats,
  View,
} from '../model';
import type { CatalogRows } from './catalog';
import { compareText, normalizeSchema } from './canonical';
import { modernizeViewDefinition } from './viewdef';

const CONSTRAINT_TYPES: Record<string, ConstraintType> = {
  p: 'primary',
  u: 'unique',
  c: 'check',
  f: 'foreign',
  x: 'exclusion',
};

const IDENTITY: Record<string, Column['identity']> = { a: 'always', d: 'by default' };

/** Turns the raw catalog rows into the normalized model and the table statistics. */
export async function buildModel(rows: CatalogRows): Promise<{ schema: SchemaModel; stats: TableStats[] }> {
  const legacyViewdef = rows.settings.server_version < 160000;
  const tablesByOid = new Map<string, Table>();
  const tables: Table[] = [];
  const views: View[] = [];
  const stats: TableStats[] = [];

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
      partitionOf: r.partition_of,
      partitionKey: r.partition_key,
      comment: r.comment,
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

  for (const c of rows.columns) {
    tablesByOid.get(c.table_oid)?.columns.push({
      name: c.name,
      type: c.type,
      nullable: c.nullable,
      default: c.default,
      identity: IDENTITY[c.identity] ?? null,
      generated: c.generated,
      collation: c.collation,
      comment: c.comment,
    } satisfies Column);
  }

  for (const c of rows.constraints) {
    tablesByOid.get(c.table_oid)?.constraints.push({
      name: c.name,
      type: CONSTRAINT_TYPES[c.type],
      definition: c.definition,
      columns: c.columns ?? [],
      validated: c.validated,
      references: c.references,
    } satisfies Constraint);
  }

  for (const i of rows.indexes) {
    tablesByOid.get(i.table_oid)?.indexes.push({
      name: i.name,
      definition: i.definition,
      unique: i.unique,
      primary: i.primary,
      valid: i.valid,
    } satisfies Index);
  }

  const schema = normalizeSchema({
    schemas: rows.schemas,
    extensions: rows.extensions.map((e) => ({ name: e.name, schema: e.schema, version: e.version })),
    tables,
    enums: rows.enums.map((e) => ({ schema: e.schema, name: e.name, values: e.values })),
    sequences: rows.sequences.map((s) => ({
      schema: s.schema,
      name: s.name,
      dataType: s.data_type,
      start: s.start,
      increment: s.increment,
      min: s.min,
      max: s.max,
      cycle: s.cycle,
      ownedBy: s.owned_by,
    })),
    views,
  });
  stats.sort((a, b) => compareText(a.schema, b.schema) || compareText(a.table, b.table));
  return { schema, stats };
}
