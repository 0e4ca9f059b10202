import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserInputError } from '../model/errors';
import { loadConfig, loadSetup } from '.';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'driftboard-config-'));
  await mkdir(join(dir, 'alembic', 'versions'), { recursive: true });
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function write(name: string, value: unknown): Promise<string> {
  const file = join(dir, name);
  await writeFile(file, typeof value === 'string' ? value : JSON.stringify(value, null, 2));
  return file;
}

const base = {
  migrations: { tool: 'alembic', path: './alembic/versions' },
  environments: [
    { name: 'local', url: 'postgres://app@localhost:5432/app' },
    { name: 'staging', url: '${STAGING_URL}', schemas: ['public', 'core'], pollIntervalSeconds: 30 },
  ],
};

async function failure(file: string, env: Record<string, string> = {}): Promise<string> {
  const err = await loadConfig(file, env).then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(UserInputError);
  const message = (err as Error).message;
  expect(message).not.toContain('\n');
  return message;
}

describe('loadConfig', () => {
  it('expands ${VAR}, resolves paths against the config file and fills defaults', async () => {
    const file = await write('ok.json', { ...base, shadowUrl: 'postgres://shadow@localhost/postgres' });
    const config = await loadConfig(file, { STAGING_URL: 'postgresql://u:pw@db.internal:5432/stage' });
    expect(config.file).toBe(file);
    expect(config.migrations).toEqual({ tool: 'alembic', path: join(dir, 'alembic', 'versions'), python: null, alembicIni: null });
    expect(config.shadowUrl).toBe('postgres://shadow@localhost/postgres');
    expect(config.environments).toEqual([
      { name: 'local', key: 'local', url: 'postgres://app@localhost:5432/app', schemas: null, pollIntervalSeconds: 60 },
      { name: 'staging', key: 'staging', url: 'postgresql://u:pw@db.internal:5432/stage', schemas: ['public', 'core'], pollIntervalSeconds: 30 },
    ]);
    expect(config.project).toBe('default');
  });

  it('resolves relative paths against the config file, not the working directory', async () => {
    const nested = join(dir, 'nested');
    await mkdir(nested, { recursive: true });
    const file = join(nested, 'driftboard.config.json');
    await writeFile(file, JSON.stringify({ ...base, migrations: { tool: 'alembic', path: '../alembic/versions' } }));
    const config = await loadConfig(file, { STAGING_URL: 'postgres://h/db' });
    expect(config.migrations.path).toBe(join(dir, 'alembic', 'versions'));
    expect(config.shadowUrl).toBeNull();
  });

  it('names the key and the file when a variable is missing', async () => {
    const file = await write('missing-var.json', base);
    const message = await failure(file, {});
    expect(message).toMatch(/missing-var\.json: environments\[1\]\.url: environment variable STAGING_URL is not set$/);
  });

  it('rejects unknown keys, naming them', async () => {
    const file = await write('unknown.json', { ...base, environments: [{ name: 'a', url: 'postgres://h/db', colour: 'red' }] });
    expect(await failure(file)).toMatch(/unknown\.json: environments\[0\]\.colour: unknown key$/);
    const top = await write('unknown-top.json', { ...base, enviroments: [] });
    expect(await failure(top, { STAGING_URL: 'postgres://h/db' })).toMatch(/unknown-top\.json: enviroments: unknown key/);
  });

  it('rejects a bad URL without echoing it (it may hold a password)', async () => {
    const file = await write('bad-url.json', base);
    const message = await failure(file, { STAGING_URL: 'mysql://root:hunter2secret@db/app' });
    expect(message).toMatch(/bad-url\.json: environments\[1\]\.url: unsupported URL scheme "mysql:"/);
    expect(message).not.toContain('hunter2secret');
    const notUrl = await failure(file, { STAGING_URL: 'just some text' });
    expect(notUrl).toMatch(/environments\[1\]\.url: not a valid URL/);
  });

  it('rejects a missing migrations directory, naming the key and the resolved path', async () => {
    const file = await write('no-dir.json', { ...base, migrations: { tool: 'alembic', path: './nope' } });
    const message = await failure(file, { STAGING_URL: 'postgres://h/db' });
    expect(message).toContain('no-dir.json: migrations.path: directory');
    expect(message).toContain('nope does not exist');
  });

  it('rejects an unknown tool, duplicate names, a missing key and bad JSON', async () => {
    const tool = await write('tool.json', { ...base, migrations: { tool: 'liquibase', path: '.' } });
    expect(await failure(tool, { STAGING_URL: 'postgres://h/db' })).toMatch(/tool\.json: migrations\.tool: must be "alembic", "prisma" or "sql"/);

    const dup = await write('dup.json', { ...base, environments: [base.environments[0], base.environments[0]] });
    expect(await failure(dup)).toMatch(/dup\.json: environments\[1\]\.name: duplicate environment name "local"/);

    const noUrl = await write('no-url.json', { ...base, environments: [{ name: 'x' }] });
    expect(await failure(noUrl)).toMatch(/no-url\.json: environments\[0\]\.url: is required/);

    const json = await write('broken.json', '{\n  "migrations": {\n    "tool": "alembic",,\n  }\n}');
    expect(await failure(json)).toMatch(/broken\.json:3: invalid JSON/);

    expect(await failure(join(dir, 'absent.json'))).toMatch(/absent\.json: config file not found/);
  });

  describe('migrations.python', () => {
    const env = { STAGING_URL: 'postgres://h/db' };

    it('resolves the interpreter against the config file and finds the nearest alembic.ini above the versions', async () => {
      const project = join(dir, 'py-project');
      await mkdir(join(project, 'alembic', 'versions'), { recursive: true });
      await mkdir(join(project, '.venv', 'bin'), { recursive: true });
      await writeFile(join(project, '.venv', 'bin', 'python'), '#!/bin/sh\n', { mode: 0o755 });
      await writeFile(join(project, 'alembic.ini'), '[alembic]\nscript_location = alembic\n');
      const file = join(project, 'driftboard.config.json');
      await writeFile(file, JSON.stringify({ ...base, migrations: { tool: 'alembic', path: 'alembic/versions', python: './.venv/bin/python' } }));
      const config = await loadConfig(file, env);
      expect(config.migrations).toEqual({
        tool: 'alembic',
        path: join(project, 'alembic', 'versions'),
        python: join(project, '.venv', 'bin', 'python'),
        alembicIni: join(project, 'alembic.ini'),
      });

      await writeFile(join(project, 'other.ini'), '[alembic]\n');
      await writeFile(file, JSON.stringify({ ...base, migrations: { tool: 'alembic', path: 'alembic/versions', python: 'python3', alembicIni: 'other.ini' } }));
      const named = await loadConfig(file, env);
      // A bare command name is looked up on PATH when it runs, like a shell would.
      expect(named.migrations.python).toBe('python3');
      expect(named.migrations.alembicIni).toBe(join(project, 'other.ini'));
    });

    it('names the key and the file for a missing or non-executable interpreter, a missing ini and misuse', async () => {
      const missing = await write('py-missing.json', { ...base, migrations: { tool: 'alembic', path: './alembic/versions', python: './venv/bin/python' } });
      expect(await failure(missing, env)).toMatch(/py-missing\.json: migrations\.python: .*venv\/bin\/python does not exist$/);

      await writeFile(join(dir, 'not-exec'), 'x', { mode: 0o644 });
      const notExec = await write('py-noexec.json', { ...base, migrations: { tool: 'alembic', path: './alembic/versions', python: './not-exec' } });
      expect(await failure(notExec, env)).toMatch(/py-noexec\.json: migrations\.python: .*not-exec is not executable$/);

      // No alembic.ini anywhere above a temporary directory (the walk reaches /).
      const noIni = await write('py-noini.json', { ...base, migrations: { tool: 'alembic', path: './alembic/versions', python: '/usr/bin/python3' } });
      expect(await failure(noIni, env)).toMatch(/py-noini\.json: migrations\.python: no alembic\.ini in .*versions or a folder above it \(set migrations\.alembicIni\)$/);

      const badIni = await write('py-badini.json', { ...base, migrations: { tool: 'alembic', path: './alembic/versions', python: '/usr/bin/python3', alembicIni: 'nope.ini' } });
      expect(await failure(badIni, env)).toMatch(/py-badini\.json: migrations\.alembicIni: .*nope\.ini does not exist$/);

      await mkdir(join(dir, 'sqlmig'), { recursive: true });
      const prisma = await write('py-sql.json', { ...base, migrations: { tool: 'sql', path: './sqlmig', python: '/usr/bin/python3' } });
      expect(await failure(prisma, env)).toMatch(/py-sql\.json: migrations\.python: only for tool "alembic"$/);

      const iniOnly = await write('py-ini-only.json', { ...base, migrations: { tool: 'alembic', path: './alembic/versions', alembicIni: 'x.ini' } });
      expect(await failure(iniOnly, env)).toMatch(/py-ini-only\.json: migrations\.alembicIni: only used with migrations\.python$/);

      const empty = await write('py-empty.json', { ...base, migrations: { tool: 'alembic', path: './alembic/versions', python: '' } });
      expect(await failure(empty, env)).toMatch(/py-empty\.json: migrations\.python: must name a Python interpreter/);
    });
  });
});

describe('a config with projects', () => {
  const projects = {
    pollIntervalSeconds: 120,
    projects: [
      { name: 'billing', migrations: { tool: 'alembic', path: './alembic/versions' }, environments: [{ name: 'production', url: 'postgres://a@db1/billing' }, { name: 'staging', url: 'postgres://a@db2/billing', pollIntervalSeconds: 30 }] },
      { name: 'accounts', migrations: { tool: 'sql', path: './alembic' }, environments: [{ name: 'production', url: 'postgres://a@db1/accounts' }] },
    ],
  };

  it('gives every project its own migrations and environments, keyed project/name', async () => {
    const file = await write('projects.json', projects);
    const setup = await loadSetup(file, {});
    expect(setup.multiProject).toBe(true);
    expect(setup.projects.map((p) => [p.project, p.migrations.tool, p.migrations.path])).toEqual([
      ['billing', 'alembic', join(dir, 'alembic', 'versions')],
      ['accounts', 'sql', join(dir, 'alembic')],
    ]);
    expect(setup.projects.flatMap((p) => p.environments.map((e) => [e.key, e.name, e.pollIntervalSeconds]))).toEqual([
      ['billing/production', 'production', 120],
      ['billing/staging', 'staging', 30],
      ['accounts/production', 'production', 120],
    ]);
    // The CLI's --project picks one; without it several projects are an error naming them.
    expect((await loadConfig(file, {}, 'accounts')).environments.map((e) => e.key)).toEqual(['accounts/production']);
    expect(await failure(file)).toBe(`${file}: lists 2 projects (billing, accounts): pass --project NAME`);
    const unknown = await loadConfig(file, {}, 'payroll').catch((e: Error) => e.message);
    expect(unknown).toBe(`${file}: no project "payroll" (projects: billing, accounts)`);
  });

  it('names the project entry of a bad key, a duplicate project and a mixed form', async () => {
    const bad = await write('projects-bad.json', { projects: [projects.projects[0], { ...projects.projects[1], migrations: { tool: 'sql', path: './nowhere' } }] });
    expect(await failure(bad)).toBe(`${bad}: projects[1].migrations.path: directory ${join(dir, 'nowhere')} does not exist`);
    const dup = await write('projects-dup.json', { projects: [projects.projects[0], projects.projects[0]] });
    expect(await failure(dup)).toBe(`${dup}: projects[1].name: duplicate project name "billing" (also projects[0])`);
    const mixed = await write('projects-mixed.json', { ...projects, environments: [base.environments[0]] });
    expect(await failure(mixed)).toBe(`${mixed}: environments: belongs inside each project when "projects" is used`);
    const neither = await write('projects-neither.json', { pollIntervalSeconds: 60 });
    expect(await failure(neither)).toMatch(/migrations: is required \(or list "projects"\)/);
  });

  it('lets alert rules name environment keys or whole projects', async () => {
    const channels = { hook: { type: 'webhook', url: 'http://127.0.0.1:9/hook', secret: 'x'.repeat(32) } };
    const file = await write('projects-alerts.json', {
      ...projects,
      alerts: { channels, rules: [{ on: 'changed-outside-migrations', projects: ['billing'], channels: ['hook'] }, { on: 'unreachable', environments: ['accounts/production'], channels: ['hook'] }] },
    });
    const setup = await loadSetup(file, {});
    expect(setup.alerts?.rules.map((r) => r.environments)).toEqual([['billing/production', 'billing/staging'], ['accounts/production']]);
    const plain = await write('projects-alerts-bad.json', { ...projects, alerts: { channels, rules: [{ on: 'changed-outside-migrations', environments: ['production'], channels: ['hook'] }] } });
    expect(await failure(plain)).toBe(`${plain}: alerts.rules[0].environments[0]: unknown environment "production" (in a "projects" config, name it "project/environment")`);
  });
});
