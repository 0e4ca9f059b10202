import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { createTestDatabase } from '../testing/pg-test-db';
import type { TestDatabase } from '../testing/pg-test-db';
import { openStore } from '.';
import type { Store } from '.';

/**
 * prisma/schema.prisma and the hand-written prisma/migrations must describe the same database
 * (the Prisma CLI's schema engine cannot run here to generate them). The migrations are applied to a
 * fresh PostgreSQL database, then (1) its catalog is compared with what Prisma's conventions derive
 * from the schema file and (2) every model and field is written and read through the generated client.
 */

interface FieldSpec {
  column: string;
  type: string;
  nullable: boolean;
  hasDefault: boolean;
}
interface ModelSpec {
  model: string;
  table: string;
  fields: FieldSpec[];
  indexes: string[][];
  foreignKeys: { columns: string[]; refTable: string; refColumns: string[]; optional: boolean }[];
}

const SCALARS: Record<string, string> = { Int: 'integer', String: 'text', Json: 'jsonb', DateTime: 'timestamp(3) without time zone', BigInt: 'bigint', Boolean: 'boolean', Bytes: 'bytea' };

/** A deliberately small reader of the schema file: enough for the attributes this schema uses. */
function parseSchema(text: string): ModelSpec[] {
  const models = [...text.matchAll(/^model (\w+) \{([\s\S]*?)^\}/gm)];
  const tableOf = new Map(models.map(([, name, body]) => [name, /@@map\("(\w+)"\)/.exec(body)?.[1] ?? name]));
  const specs = models.map(([, model, body]) => {
    const lines = body.split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('//'));
    const columnOf = new Map<string, string>();
    const fields: FieldSpec[] = [];
    const foreignKeys: ModelSpec['foreignKeys'] = [];
    for (const line of lines.filter((l) => !l.startsWith('@@'))) {
      const [, name, type, mod, attrs] = /^(\w+)\s+(\w+)(\?|\[\])?\s*(.*)$/.exec(line)!;
      if (tableOf.has(type)) {
        const rel = /fields: \[([\w, ]+)\], references: \[([\w, ]+)\]/.exec(attrs);
        if (rel) foreignKeys.push({ columns: rel[1].split(/,\s*/), refTable: tableOf.get(type)!, refColumns: rel[2].split(/,\s*/), optional: mod === '?' });
        continue;
      }
      const column = /@map\("(\w+)"\)/.exec(attrs)?.[1] ?? name;
      columnOf.set(name, column);
      const native = /@db\.Timestamptz\((\d)\)/.exec(attrs);
      fields.push({
        column,
        type: native ? `timestamp(${native[1]}) with time zone` : SCALARS[type],
        nullable: mod === '?',
        hasDefault: /@default\(/.test(attrs),
      });
    }
    const indexes = [...body.matchAll(/@@index\(\[([^\]]+)\]\)/g)].map(([, cols]) =>
      cols.split(/,\s*(?![^(]*\))/).map((c) => {
        const [, f, sort] = /^(\w+)(?:\(sort: (Desc|Asc)\))?$/.exec(c.trim())!;
        return `${columnOf.get(f)}${sort === 'Desc' ? ' DESC' : ''}`;
      }),
    );
    return { model, table: tableOf.get(model)!, fields, indexes, foreignKeys };
  });
  // Prisma resolves FK columns from field names; map them to column names.
  for (const spec of specs) {
    for (const fk of spec.foreignKeys) {
      const body = models.find(([, n]) => n === spec.model)![2];
      const col = (f: string) => new RegExp(`^\\s*${f}\\s+\\w+\\??[^\\n]*@map\\("(\\w+)"\\)`, 'm').exec(body)?.[1] ?? f;
      fk.columns = fk.columns.map(col);
      const refBody = models.find(([, n]) => tableOf.get(n) === fk.refTable)![2];
      fk.refColumns = fk.refColumns.map((f) => new RegExp(`^\\s*${f}\\s+\\w+\\??[^\\n]*@map\\("(\\w+)"\\)`, 'm').exec(refBody)?.[1] ?? f);
    }
  }
  return specs;
}

describe('prisma/schema.prisma agrees with prisma/migrations', () => {
  let db: TestDatabase;
  let store: Store;
  let specs: ModelSpec[];
  beforeAll(async () => {
    db = await createTestDatabase('storeschema');
    store = await openStore({ databaseUrl: db.url });
    specs = parseSchema(await readFile('prisma/schema.prisma', 'utf8'));
  });
  afterAll(async () => {
    await store?.close();
    await db?.drop();
  });

  it('has the same tables, columns, types, nullability and defaults', async () => {
    expect(specs.map((s) => s.model).sort()).toEqual(['AlertDelivery', 'AlertPendingSeen', 'AlertState', 'ApiToken', 'AuditEntry', 'DiffCount', 'EnvironmentState', 'Event', 'ExpectedCacheEntry', 'Poll', 'SchemaBlob']);
    const rows = await store.prisma.$queryRaw<{ table: string; column: string; type: string; nullable: boolean; has_default: boolean }[]>`
      SELECT c.relname AS table, a.attname AS column, format_type(a.atttypid, a.atttypmod) AS type,
             NOT a.attnotnull AS nullable, (d.adbin IS NOT NULL) AS has_default
        FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
        LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
       WHERE n.nspname = 'public' AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped AND c.relname <> '_prisma_migrations'
       ORDER BY 1, 2`;
    const expected = specs
      .flatMap((s) =>
        s.fields.map((f) => ({
          table: s.table,
          column: f.column,
          type: f.type,
          nullable: f.nullable,
          // autoincrement ids get their default from a sequence
          has_default: f.hasDefault,
        })),
      )
      .sort((a, b) => a.table.localeCompare(b.table) || a.column.localeCompare(b.column));
    expect(rows).toEqual(expected);
  });

  it('has the indexes and foreign keys Prisma would name and create', async () => {
    const indexes = await store.prisma.$queryRaw<{ name: string; def: string }[]>`
      SELECT indexname AS name, indexdef AS def FROM pg_indexes
       WHERE schemaname = 'public' AND tablename <> '_prisma_migrations' AND indexname NOT LIKE '%_pkey' ORDER BY 1`;
    const expectedIndexes = specs
      .flatMap((s) =>
        s.indexes.map((cols) => ({
          name: `${s.table}_${cols.map((c) => c.replace(' DESC', '')).join('_')}_idx`,
          def: `CREATE INDEX ${s.table}_${cols.map((c) => c.replace(' DESC', '')).join('_')}_idx ON public.${s.table} USING btree (${cols.join(', ')})`,
        })),
      )
      .sort((a, b) => a.name.localeCompare(b.name));
    expect(indexes).toEqual(expectedIndexes);

    const fks = await store.prisma.$queryRaw<{ name: string; def: string }[]>`
      SELECT conname AS name, pg_get_constraintdef(oid) AS def FROM pg_constraint
       WHERE contype = 'f' AND connamespace = 'public'::regnamespace ORDER BY 1`;
    const expectedFks = specs
      .flatMap((s) =>
        s.foreignKeys.map((fk) => ({
          name: `${s.table}_${fk.columns.join('_')}_fkey`,
          def: `FOREIGN KEY (${fk.columns.join(', ')}) REFERENCES ${fk.refTable}(${fk.refColumns.join(', ')}) ON UPDATE CASCADE ON DELETE ${fk.optional ? 'SET NULL' : 'RESTRICT'}`,
        })),
      )
      .sort((a, b) => a.name.localeCompare(b.name));
    expect(fks).toEqual(expectedFks);
  });

  it('every model and field round-trips through the generated client', async () => {
    const p = store.prisma;
    const at = new Date('2026-03-04T05:06:07.089Z');
    const blob = await p.schemaBlob.create({ data: { hash: 'h'.repeat(64), json: { tables: [{ name: 't' }] } } });
    expect(blob).toMatchObject({ hash: 'h'.repeat(64), json: { tables: [{ name: 't' }] } });
    expect(blob.createdAt).toBeInstanceOf(Date);

    const full = { environment: 'e', startedAt: at, durationMs: 5, status: 'ok', error: 'x', version: 'v', head: 'h', behind: 1, pendingCount: 2, driftCount: 3, modelDriftCount: 4, maxRisk: 'high', schemaHash: blob.hash };
    const empty = { ...full, error: null, version: null, head: null, behind: null, pendingCount: null, driftCount: null, modelDriftCount: null, maxRisk: null, schemaHash: null };
    const a = await p.poll.create({ data: full });
    const b = await p.poll.create({ data: empty });
    expect(await p.poll.findUnique({ where: { id: a.id }, include: { schema: true } })).toMatchObject({ ...full, schema: { hash: blob.hash } });
    expect(await p.poll.findUnique({ where: { id: b.id } })).toEqual({ id: b.id, ...empty });

    const state = await p.environmentState.create({ data: { environment: 'e', status: { name: 'e' }, lastPollId: a.id, updatedAt: at } });
    expect(await p.environmentState.findUnique({ where: { environment: 'e' }, include: { lastPoll: true } })).toMatchObject({ ...state, lastPoll: { id: a.id } });
    await p.environmentState.create({ data: { environment: 'f', status: [], lastPollId: null, updatedAt: at } });

    const eventFull = { environment: 'e', at, type: 'migration-applied', fromPollId: a.id, toPollId: b.id, fromHash: 'a', toHash: 'b', fromVersion: '1', toVersion: '2', detail: 'd' };
    const e1 = await p.event.create({ data: eventFull });
    const e2 = await p.event.create({ data: { ...eventFull, fromPollId: null, fromHash: null, toHash: null, fromVersion: null, toVersion: null, detail: null } });
    expect(await p.event.findUnique({ where: { id: e1.id }, include: { fromPoll: true, toPoll: true } })).toMatchObject({ ...eventFull, fromPoll: { id: a.id }, toPoll: { id: b.id } });
    expect((await p.event.findUnique({ where: { id: e2.id } }))?.fromPollId).toBeNull();
    expect(await p.poll.findUnique({ where: { id: a.id }, select: { _count: { select: { eventsFrom: true, eventsTo: true, states: true } } } })).toEqual({ _count: { eventsFrom: 1, eventsTo: 0, states: 1 } });

    // referential actions: an optional relation is cleared, a required one refuses the delete
    await expect(p.poll.delete({ where: { id: b.id } })).rejects.toThrow();
    await p.poll.delete({ where: { id: a.id } });
    expect((await p.environmentState.findUnique({ where: { environment: 'e' } }))?.lastPollId).toBeNull();
    expect((await p.event.findUnique({ where: { id: e1.id } }))?.fromPollId).toBeNull();
  });
});
