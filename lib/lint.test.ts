import { describe, expect, it } from 'vitest';
import type { MigrationSet } from './model/migration';
import { lintMigrations } from './lint';
import { migrationFromSql } from './risk/fixtures';

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
