import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { run } from '../../../bin/cli';
import { closeShadowTemplate } from '../../expected';
import { foreignKeyName, indexName, primaryKeyName, uniqueIndexName } from './names';
import { readPrismaModels } from './read';

const FIXTURE = path.resolve(__dirname, '../../../fixtures/models/prisma');
const temps: string[] = [];

afterAll(async () => {
  await closeShadowTemplate();
  for (const t of temps) await rm(t, { recursive: true, force: true });
});

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await run(argv, { out: (s: string) => void (out += `${s}\n`), err: (s: string) => void (err += `${s}\n`) } as never);
  return { code, out, err };
}

/** A copy of the fixture with schema.prisma (and package.json) edited. */
async function variant(edit: (schema: string) => string, pkg?: string): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'driftboard-prisma-models-'));
  temps.push(dir);
  await cp(FIXTURE, dir, { recursive: true });
  const file = path.join(dir, 'prisma/schema.prisma');
  await writeFile(file, edit(await readFile(file, 'utf8')));
  if (pkg) await writeFile(path.join(dir, 'package.json'), pkg);
  return path.join(dir, 'driftboard.config.json');
}

const names = (changes: Array<{ change: string; kind: string; schema: string; table: string | null; name: string }>) =>
  changes.map((c) => `${c.change} ${c.kind} ${[c.schema, c.table, c.name].filter(Boolean).join('.')}`);

describe('Prisma models against a migration.sql in Prisma Migrate\'s own style', () => {
  it('relations, enums, @map, native types, composite ids, indexes, implicit m-n, multiSchema: zero changes', async () => {
    const r = await cli('models', '--config', path.join(FIXTURE, 'driftboard.config.json'), '--json');
    expect(r.err).toBe('');
    const json = JSON.parse(r.out);
    expect(json.changes).toEqual([]);
    expect(json.unresolved).toEqual([]);
    expect(json.unchecked).toEqual([]);
    expect(r.code).toBe(0);
    expect(json.orm).toBe('prisma');
    expect(json.models.map((m: { class: string; schema: string; table: string; line: number }) => `${m.class}:${m.schema}.${m.table}:${m.line}`)).toEqual([
      'User:public.users:25',
      'Post:public.Post:51',
      'Editor:public.Editor:67',
      'Category:public.Category:73',
      'Invoice:billing.invoices:80',
      'InvoiceLine:billing.invoice_lines_with_a_rather_long_name_that_needs_truncating_x:93',
    ]);
  });

  it('a model that differs from the migration is reported attribute by attribute', async () => {
    const config = await variant((s) =>
      s
        .replace('@unique @db.VarChar(255)', '@unique')
        .replace(', onDelete: Cascade, map: "invoice_owner_fk"', ', map: "invoice_owner_fk"')
        .replace('@@index([meta], type: Gin)', '@@index([meta])')
        .replace('@default(now()) @map("created_at")', '@default(now())')
        .replace('name      String?', 'name      String'),
    );
    const r = await cli('models', '--config', config, '--json');
    expect(r.code).toBe(1);
    const json = JSON.parse(r.out);
    expect(names(json.changes)).toEqual([
      'altered constraint billing.invoices.invoice_owner_fk',
      'altered index public.Post.Post_meta_idx',
      'missing column public.users.createdAt',
      'unexpected column public.users.created_at',
      'altered column public.users.email',
      'altered column public.users.name',
      'missing index public.users.users_name_createdAt_idx',
      'unexpected index public.users.users_name_created_at_idx',
    ]);
    const fk = json.changes.find((c: { name: string }) => c.name === 'invoice_owner_fk');
    expect(JSON.stringify(fk.expected)).toMatch(/ON DELETE RESTRICT/);
    expect(JSON.stringify(fk.actual)).toMatch(/ON DELETE CASCADE/);
    const email = json.changes.find((c: { name: string }) => c.name === 'email');
    expect(email.expected.type).toBe('text');
    expect(email.actual.type).toBe('character varying(255)');
  });

  it('Prisma 5 (package.json) builds the implicit m-n table with a unique index, not a primary key', async () => {
    const config = await variant((s) => s, '{ "devDependencies": { "prisma": "5.22.0" } }');
    const r = await cli('models', '--config', config, '--json');
    expect(r.code).toBe(1);
    expect(names(JSON.parse(r.out).changes)).toEqual(expect.arrayContaining(['missing index public._CategoryToPost._CategoryToPost_AB_unique', 'unexpected constraint public._CategoryToPost._CategoryToPost_AB_pkey']));
  });

  it('relationMode = "prisma" creates no foreign keys', async () => {
    const config = await variant((s) => s.replace('schemas  = ["public", "billing"]', 'schemas  = ["public", "billing"]\n  relationMode = "prisma"'));
    const r = await cli('models', '--config', config, '--json');
    const fks = JSON.parse(r.out).changes.filter((c: { kind: string }) => c.kind === 'constraint');
    expect(fks.map((c: { change: string; name: string }) => `${c.change} ${c.name}`).sort()).toEqual([
      'unexpected Post_author_id_fkey', 'unexpected Post_editorId_fkey', 'unexpected _CategoryToPost_A_fkey', 'unexpected _CategoryToPost_B_fkey',
      'unexpected invoice_lines_with_a_rather_long_name_that_needs_truncatin_fkey', 'unexpected invoice_owner_fk',
    ]);
  });

  it('a folder of .prisma files (prismaSchemaFolder) reads as one schema', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'driftboard-prisma-folder-'));
    temps.push(dir);
    await cp(FIXTURE, dir, { recursive: true });
    const schema = await readFile(path.join(dir, 'prisma/schema.prisma'), 'utf8');
    const cut = schema.indexOf('model Invoice {');
    await writeFile(path.join(dir, 'prisma/schema.prisma'), schema.slice(0, cut));
    await writeFile(path.join(dir, 'prisma/billing.prisma'), schema.slice(cut));
    const cfg = JSON.parse(await readFile(path.join(dir, 'driftboard.config.json'), 'utf8'));
    cfg.models.path = './prisma';
    await writeFile(path.join(dir, 'driftboard.config.json'), JSON.stringify(cfg));
    const r = await cli('models', '--config', path.join(dir, 'driftboard.config.json'), '--json');
    const json = JSON.parse(r.out);
    expect(json.changes).toEqual([]);
    expect(r.code).toBe(0);
    expect(json.models.find((m: { class: string }) => m.class === 'Invoice').file).toMatch(/billing\.prisma$/);
  });
});

describe('what the reader cannot map degrades per attribute', () => {
  it('an unknown native type: the column stays, its type is unchecked with file:line', async () => {
    const config = await variant((s) => s.replace('title      String     @db.VarChar(200)', 'title      String     @db.Tsvector'));
    const r = await cli('models', '--config', config, '--json');
    const json = JSON.parse(r.out);
    expect(json.changes).toEqual([]);
    expect(json.unchecked).toEqual([expect.objectContaining({ kind: 'column', schema: 'public', table: 'Post', name: 'title', attribute: 'type', line: 53 })]);
    expect(json.unresolved).toEqual([expect.objectContaining({ line: 53, message: expect.stringContaining('@db.Tsvector') })]);
  });

  it('a syntax error names file:line (exit 2)', async () => {
    const config = await variant((s) => s.replace('  number    Int', '  number    Int @@@'));
    const r = await cli('models', '--config', config, '--json');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/schema\.prisma:82: Prisma schema syntax error/);
  });

  it('another provider is refused, naming the datasource', async () => {
    const config = await variant((s) => s.replace('provider = "postgresql"', 'provider = "mysql"'));
    const r = await cli('models', '--config', config, '--json');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/schema\.prisma:6: datasource provider is "mysql"/);
  });
});

describe('the DDL is written the way Prisma Migrate writes it', () => {
  it('defaults, serials, client-side defaults, arrays', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'driftboard-prisma-ddl-'));
    temps.push(dir);
    const file = path.join(dir, 'schema.prisma');
    await writeFile(file, [
      'enum E {', '  A @map("a")', '  B', '}',
      'model T {',
      '  id   BigInt   @id @default(autoincrement())',
      '  e    E        @default(A)',
      '  es   E[]      @default([A, B])',
      '  u    String   @default(uuid())',
      '  at   DateTime @updatedAt',
      '  s    String?  @default("it\'s")',
      '  @@index([s(ops: raw("text_pattern_ops"))])',
      '}',
    ].join('\n'));
    const ddl = await readPrismaModels(file);
    expect(ddl.prelude.map((s) => s.sql)).toEqual([`CREATE TYPE "public"."E" AS ENUM ('a', 'B');`]);
    expect(ddl.tables[0].statements.map((s) => s.sql)).toEqual([
      [
        'CREATE TABLE "public"."T" (',
        '    "id" BIGSERIAL NOT NULL,',
        `    "e" "public"."E" NOT NULL DEFAULT 'a',`,
        `    "es" "public"."E"[] DEFAULT ARRAY['a', 'B']::"public"."E"[],`,
        '    "u" TEXT NOT NULL,',
        '    "at" TIMESTAMP(3) NOT NULL,',
        `    "s" TEXT DEFAULT 'it''s',`,
        '',
        '    CONSTRAINT "T_pkey" PRIMARY KEY ("id")',
        ');',
      ].join('\n'),
      'CREATE INDEX "T_s_idx" ON "public"."T"("s" text_pattern_ops);',
    ]);
  });

  it('default names are cut to 63 bytes so the suffix fits, as prisma-engines does', () => {
    const t = 'x'.repeat(70);
    expect(primaryKeyName(t)).toBe(`${'x'.repeat(58)}_pkey`);
    expect(uniqueIndexName(t, ['a'])).toBe(`${'x'.repeat(59)}_key`);
    expect(indexName('t', ['a', 'b'])).toBe('t_a_b_idx');
    expect(foreignKeyName(t, ['a'])).toBe(`${'x'.repeat(58)}_fkey`);
    expect(Buffer.byteLength(indexName('é'.repeat(40), ['a']))).toBeLessThanOrEqual(63);
  });
});
