import { afterAll, describe, expect, it } from 'vitest';
import { fixtureDirs } from '../testing/fixture-dir';
import { loadAlembicMigrations } from './alembic';
import { loadPrismaMigrations } from './prisma';
import { loadSqlMigrations } from './sql';
import { authoredDates, dateFromAlembicSource, dateFromVersion } from './dates';

const fixtures = fixtureDirs('dates-');
afterAll(fixtures.cleanup);

const alembic = (rev: string, down: string | null, header: string) => `"""${header}

Revision ID: ${rev}
Revises: ${down ?? ''}
"""
from alembic import op

revision = '${rev}'
down_revision = ${down ? `'${down}'` : 'None'}
branch_labels = None
depends_on = None


def upgrade():
    op.execute("SELECT 1")


def downgrade():
    pass
`;

describe('author dates from the migration files', () => {
  it('Alembic: the Create Date line of the docstring; naive times read as UTC (said so), offsets honoured, else unknown', async () => {
    const dir = await fixtures.write({
      'a1_first.py': alembic('a1', null, 'first\nCreate Date: 2024-01-15 09:30:00.123456'),
      'b2_second.py': alembic('b2', 'a1', 'second\nCreate Date: 2024-02-01 10:00:00+02:00'),
      'c3_third.py': alembic('c3', 'b2', 'third, written by hand'),
      'd4_fourth.py': alembic('d4', 'c3', 'fourth\nCreate Date: someday'),
    });
    const dates = await authoredDates((await loadAlembicMigrations(dir)).migrations);
    expect(dates.get('a1')).toEqual({ at: '2024-01-15T09:30:00.123Z', source: 'alembic-create-date', note: 'no time zone in the file: read as UTC' });
    expect(dates.get('b2')).toEqual({ at: '2024-02-01T08:00:00.000Z', source: 'alembic-create-date', note: null });
    expect(dates.get('c3')).toEqual({ at: null, source: null, note: 'date unknown: the docstring has no Create Date line' });
    expect(dates.get('d4')?.at).toBeNull();
    expect(dates.get('d4')?.note).toMatch(/^date unknown: Create Date "someday"/);
  });

  it('a Create Date outside the docstring (in code or a comment) does not count', () => {
    expect(dateFromAlembicSource('import x\n# Create Date: 2024-01-01 00:00:00\n').at).toBeNull();
    expect(dateFromAlembicSource('"""x\nCreate Date: 2024-02-30 00:00:00\n"""').at).toBeNull();
  });

  it('Prisma: the folder timestamp (UTC)', async () => {
    const dir = await fixtures.write({
      '20240115093000_init/migration.sql': 'CREATE TABLE a (id int);\n',
      'migration_lock.toml': 'provider = "postgresql"\n',
    });
    const dates = await authoredDates((await loadPrismaMigrations(dir)).migrations);
    expect(dates.get('20240115093000_init')).toEqual({ at: '2024-01-15T09:30:00.000Z', source: 'prisma-folder', note: null });
  });

  it('dbmate and golang-migrate timestamps are dates; sequence numbers are not', async () => {
    const dbmate = await fixtures.write({ '20240301120000_create_a.sql': '-- migrate:up\nCREATE TABLE a (id int);\n-- migrate:down\nDROP TABLE a;\n' });
    expect((await authoredDates((await loadSqlMigrations(dbmate)).migrations)).get('20240301120000')?.at).toBe('2024-03-01T12:00:00.000Z');

    const golang = await fixtures.write({ '000001_create_a.up.sql': 'CREATE TABLE a (id int);\n', '000001_create_a.down.sql': 'DROP TABLE a;\n' });
    const seq = [...(await authoredDates((await loadSqlMigrations(golang)).migrations)).values()];
    expect(seq).toEqual([{ at: null, source: null, note: 'date unknown: the version is not a timestamp' }]);
  });

  it('version forms: Flyway dotted dates, golang-migrate unix seconds, impossible dates', () => {
    expect(dateFromVersion('2024.01.15.0930', 'flyway').at).toBe('2024-01-15T09:30:00.000Z');
    expect(dateFromVersion('20240115', 'flyway').at).toBe('2024-01-15T00:00:00.000Z');
    expect(dateFromVersion('1.1', 'flyway').at).toBeNull();
    expect(dateFromVersion('1705311000', 'golang-migrate').at).toBe('2024-01-15T09:30:00.000Z');
    expect(dateFromVersion('1705311000', 'dbmate').at).toBeNull();
    expect(dateFromVersion('20241301000000', 'dbmate').at).toBeNull();
  });
});
