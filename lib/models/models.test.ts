import { execFile } from 'node:child_process';
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { run } from '../../bin/cli';
import { openTarget } from '../db';
import { closeShadowTemplate } from '../expected';
import { introspect } from '../introspect';
import { ALEMBIC_PYTHON, toSqlAlchemyUrl } from '../testing/alembic';
import { createTestDatabase } from '../testing/pg-test-db';
import { compareModels, loadModelSchema } from '.';

const FIXTURES = path.resolve(__dirname, '../../fixtures/models');
const exec = promisify(execFile);

afterAll(async () => {
  await closeShadowTemplate();
});

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await run(argv, { out: (s: string) => void (out += `${s}\n`), err: (s: string) => void (err += `${s}\n`) } as never);
  return { code, out, err };
}

const names = (changes: Array<{ change: string; kind: string; schema: string; table: string | null; name: string }>) =>
  changes.map((c) => `${c.change} ${c.kind} ${[c.schema, c.table, c.name].filter(Boolean).join('.')}`);

describe('driftboard models: mixin columns a migration forgot', () => {
  it('exits 1 naming both inherited columns, nothing for the complete table, default=False not compared', async () => {
    const r = await cli('models', '--config', path.join(FIXTURES, 'mixins/driftboard.config.json'), '--json');
    expect(r.err).toBe('');
    expect(r.code).toBe(1);
    const json = JSON.parse(r.out);
    expect(json.orm).toBe('sqlalchemy');
    expect(json.models.map((m: { class: string; table: string }) => `${m.class}:${m.table}`)).toEqual(['Partner:partners', 'PartnerFile:partner_files']);
    expect(names(json.changes)).toEqual(['missing column public.partner_files.deleted_at', 'missing column public.partner_files.updated_at']);
    expect(json.duplicates).toEqual([]);
    expect(json.unresolved).toEqual([]);
  });
});

describe('driftboard models: two Customer models', () => {
  it('reports missing and unexpected columns, the nonexistent table and both duplicate kinds with file:line', async () => {
    const r = await cli('models', '--config', path.join(FIXTURES, 'customers/driftboard.config.json'), '--json');
    expect(r.code).toBe(1);
    const json = JSON.parse(r.out);
    expect(names(json.changes)).toEqual([
      'unexpected column core.customers.consent_email',
      'missing column core.customers.email',
      'unexpected column core.customers.email_encrypted',
      'missing column core.customers.marketing_consent',
      'missing column core.customers.phone',
      'unexpected column core.customers.phone_encrypted',
      'missing table public.customers',
    ]);
    const phone = json.changes.find((c: { name: string }) => c.name === 'phone');
    expect(phone.expected).toMatchObject({ type: 'character varying(40)', nullable: true });
    const email = json.changes.find((c: { name: string }) => c.name === 'email');
    expect(email.expected).toMatchObject({ type: 'character varying(255)', nullable: false });
    expect(json.duplicates).toEqual([
      {
        schema: null,
        table: 'customers',
        reason: 'same-class-name',
        classes: [
          'fixtures/models/customers/app/customer.py:9 Customer (core.customers)',
          'fixtures/models/customers/app/legacy/customer.py:6 Customer (public.customers)',
        ],
      },
      {
        schema: 'core',
        table: 'customers',
        reason: 'same-table',
        classes: ['fixtures/models/customers/app/customer.py:20 CustomerRecord', 'fixtures/models/customers/app/customer.py:9 Customer'],
      },
    ]);
  });

  it('exits 2 with file:line on a Python syntax error in the models', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'models-'));
    try {
      await cp(path.join(FIXTURES, 'mixins'), dir, { recursive: true });
      await writeFile(path.join(dir, 'app/broken.py'), 'class X(Base:\n    pass\n');
      const r = await cli('models', '--config', path.join(dir, 'driftboard.config.json'));
      expect(r.code).toBe(2);
      expect(r.err).toMatch(/broken\.py:1: Python syntax error/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('static SQLAlchemy models against real SQLAlchemy 1.4 create_all()', () => {
  it('mixins, STI, naming_convention, Table(), schema, Enum, Identity, Computed, partial/functional indexes: zero changes', async () => {
    const db = await createTestDatabase('models');
    try {
      await exec(ALEMBIC_PYTHON, [path.join(FIXTURES, 'sa14/create_all.py'), toSqlAlchemyUrl(db.url)]);
      const live = await openTarget(db.url, { readOnly: true, timeoutMs: 10_000 });
      let snapshot;
      try {
        snapshot = await introspect(live);
      } finally {
        await live.close();
      }
      const models = await loadModelSchema({ orm: 'sqlalchemy', path: path.join(FIXTURES, 'sa14/app') });
      expect(models.unresolved).toEqual([]);
      expect(models.duplicates).toEqual([]);
      expect(models.schema.tables.map((t) => `${t.schema}.${t.name}`)).toEqual(['core.documents', 'core.tags', 'public.accounts']);
      const { changes, unchecked } = compareModels(models, snapshot.schema);
      expect(changes).toEqual([]);
      expect(unchecked).toEqual([]);
    } finally {
      await db.drop();
    }
  });
});

describe('status: the create_all() database', () => {
  it('names untracked tables, model tables never created, and no version table', async () => {
    const db = await createTestDatabase('models');
    const dir = await mkdtemp(path.join(tmpdir(), 'models-'));
    try {
      // The app called create_all() when it had only the mixins fixture's models; migrations track partners only.
      await cp(path.join(FIXTURES, 'mixins'), dir, { recursive: true });
      await writeFile(
        path.join(dir, 'create_all.py'),
        'import sys\nsys.path.insert(0, sys.argv[2])\nfrom sqlalchemy import create_engine\nfrom app.base import Base\nimport app.models\nBase.metadata.create_all(create_engine(sys.argv[1]))\n',
      );
      await exec(ALEMBIC_PYTHON, [path.join(dir, 'create_all.py'), toSqlAlchemyUrl(db.url), dir]);
      await writeFile(
        path.join(dir, 'app/reports.py'),
        'from sqlalchemy import Column, Integer\nfrom .base import Base\n\n\nclass Report(Base):\n    __tablename__ = "reports"\n    id = Column(Integer, primary_key=True)\n',
      );
      await writeFile(
        path.join(dir, 'migrations/0001_init.py'),
        [
          '"""init\n\nRevision ID: 0001\nRevises:\n"""',
          'from alembic import op',
          'import sqlalchemy as sa',
          'revision = "0001"',
          'down_revision = None',
          '',
          'def upgrade():',
          '    op.create_table("partners", sa.Column("id", sa.Integer(), nullable=False), sa.Column("name", sa.String(length=200), nullable=False),',
          '        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),',
          '        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=True), sa.PrimaryKeyConstraint("id"), sa.UniqueConstraint("name"))',
          '',
          'def downgrade():',
          '    op.drop_table("partners")',
          '',
        ].join('\n'),
      );
      await writeFile(
        path.join(dir, 'driftboard.config.json'),
        JSON.stringify({ migrations: { tool: 'alembic', path: './migrations' }, models: { orm: 'sqlalchemy', path: './app' }, environments: [{ name: 'prod', url: db.url }] }),
      );
      const r = await cli('status', '--config', path.join(dir, 'driftboard.config.json'), '--json');
      const [env] = JSON.parse(r.out).environments;
      expect(env.versionState.state).toBe('no-version-table');
      expect(env.modelDrift.error).toBeNull();
      expect(env.modelDrift.untrackedByMigrations).toEqual(['public.partner_files']);
      expect(names(env.modelDrift.changes)).toEqual(['missing table public.reports']);
      const gate = await cli('check', '--config', path.join(dir, 'driftboard.config.json'), '--env', 'prod', '--fail-on-model-drift', '--json');
      expect(gate.code).toBe(1);
      expect(JSON.parse(gate.out).reasons).toEqual(expect.arrayContaining(['1 schema change against the models', 'tables untracked by migrations: public.partner_files']));
    } finally {
      await rm(dir, { recursive: true, force: true });
      await db.drop();
    }
  });
});
