import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { MigrationSet } from './model/migration';
import { lintMigrations } from './lint';
import { migrationFromSql } from './risk/fixtures';
import { loadSqlMigrations } from './migrations/sql';
import { fixtureDirs } from './testing/fixture-dir';

const fixtures = fixtureDirs('lint-');
afterEach(fixtures.cleanup);

describe('lintMigrations', () => {
  it('rates every migration with no database and collects diagnostics', async () => {
    const set: MigrationSet = {
      tool: 'sql',
      path: '/migrations',
      heads: ['2'],
      diagnostics: [{ level: 'warning', code: 'multiple-heads', message: 'two heads', file: null, line: null }],
      migrations: [
        migrationFromSql(['CREATE TABLE users (id bigint PRIMARY KEY)', 'CREATE INDEX users_id2 ON users (id)'], { id: '1' }),
        migrationFromSql(['CREATE INDEX users_email ON users (email)', 'ALTER TABLE users ADD COLUMN x int NOT NULL', 'SELEC 1'], { id: '2' }),
      ],
    };
    const r = await lintMigrations(set);
    expect(r.migrations.map((m) => [m.id, m.risk])).toEqual([
      ['1', 'low'],
      ['2', 'high'],
    ]);
    // each migration on its own: users (created by migration 1 long ago) is of unknown size for migration 2
    expect(r.migrations[1].findings.map((f) => [f.rule, f.level])).toEqual([
      ['create-index-not-concurrently', 'medium'],
      ['add-column-not-null-no-default', 'high'],
      ['parse-error', 'high'],
    ]);
    expect(r.diagnostics.map((d) => d.code)).toEqual(['multiple-heads', 'parse-error']);
    expect(r.diagnostics[1]).toMatchObject({ level: 'error', file: '/migrations/2.sql', line: 3 });
  });
});

describe('lint of a real folder', () => {
  it('a golang-migrate .down.sql that does not parse: the way up is rated, the migration is irreversible at the down file:line', async () => {
    const d = await fixtures.write({
      '1_users.up.sql': 'CREATE TABLE users (id int, name varchar(50), n integer);\n',
      '1_users.down.sql': 'DROP TABLE users\nDROP TABLE other;\n',
      '2_widen.up.sql': 'ALTER TABLE users ALTER COLUMN name TYPE varchar(100);\nALTER TABLE users ALTER COLUMN n TYPE numeric;\n',
      '2_widen.down.sql': 'SELECT 1;\n',
    });
    const r = await lintMigrations(await loadSqlMigrations(d));
    const [one, two] = r.migrations;
    expect(one).toMatchObject({ risk: 'low', reversible: false });
    expect(one.findings).toEqual([
      expect.objectContaining({ rule: 'irreversible-migration', file: join(d, '1_users.down.sql'), line: 2 }),
    ]);
    expect(one.findings[0].message).toMatch(/its \.down\.sql file does not parse \(syntax error at or near "DROP"\)/);
    expect(r.diagnostics).toEqual([expect.objectContaining({ level: 'warning', code: 'down-parse-error', line: 2 })]);
    // the old types come from migration 1: widening is free, integer → numeric rewrites
    expect(two.findings.map((f) => [f.rule, f.line])).toEqual([['alter-column-type', 2]]);
  });
});

