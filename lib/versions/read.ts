import type { Queryable } from '../db/queryable';
import type { MigrationSet, VersionState } from '../model/migration';
import { ancestorsOf } from '../migrations/graph';
import { readAlembicVersion } from './alembic';
import { readFlywayVersion } from './flyway';
import { readPrismaVersion } from './prisma';
import { readDbmateVersion, readGolangMigrateVersion } from './schema-migrations';
import { alsoInProblem, findVersionTable, type FoundTable } from './table';

/**
 * What an environment's version table says about `set`. The table is looked up in the catalog first
 * (every user schema, `public` preferred); only that table's rows are read, never another user table.
 */
export async function readVersionState(db: Queryable, set: MigrationSet): Promise<VersionState> {
  switch (set.tool) {
    case 'alembic':
      return withTable(db, set, 'alembic_version', readAlembicVersion);
    case 'prisma':
      return withTable(db, set, '_prisma_migrations', readPrismaVersion);
    case 'sql':
      return readSqlVersion(db, set);
  }
}

/** The ids the table counts as applied; for Alembic the current heads expand to all their ancestors. */
export function appliedIds(state: VersionState, set: MigrationSet): Set<string> {
  return set.tool === 'alembic' ? ancestorsOf(set, state.applied) : new Set(state.applied);
}

type Reader = (db: Queryable, table: FoundTable, set: MigrationSet) => Promise<VersionState>;

async function withTable(db: Queryable, set: MigrationSet, name: string, read: Reader): Promise<VersionState> {
  const table = await findVersionTable(db, name);
  if (!table) return noTable(set, [name]);
  return readFound(db, set, table, read);
}

async function readFound(db: Queryable, set: MigrationSet, table: FoundTable, read: Reader, extra: string[] = []): Promise<VersionState> {
  let state: VersionState;
  try {
    state = await read(db, table, set);
  } catch (error) {
    // A table of that name but another shape (or no privilege): say which table, keep the cause.
    throw new Error(`cannot read version table ${table.label}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  return { ...state, problems: [...state.problems, ...extra, ...alsoInProblem(table)] };
}

/**
 * Flyway keeps `flyway_schema_history`; golang-migrate and dbmate both keep `schema_migrations`, told
 * apart by its `dirty` column (golang-migrate's). The scheme of the files decides which table to expect.
 */
async function readSqlVersion(db: Queryable, set: MigrationSet): Promise<VersionState> {
  const scheme = set.migrations[0]?.meta.scheme ?? null;
  const names = scheme === 'flyway' ? ['flyway_schema_history'] : scheme ? ['schema_migrations'] : ['flyway_schema_history', 'schema_migrations'];
  for (const name of names) {
    const table = await findVersionTable(db, name);
    if (!table) continue;
    if (name === 'flyway_schema_history') return readFound(db, set, table, readFlywayVersion);
    const shape = table.columns.includes('dirty') ? 'golang-migrate' : 'dbmate';
    const mismatch = scheme && scheme !== shape ? [`${table.label} has the shape of ${shape}'s table, but the migrations are ${scheme} files`] : [];
    return readFound(db, set, table, shape === 'golang-migrate' ? readGolangMigrateVersion : readDbmateVersion, mismatch);
  }
  return noTable(set, names);
}

function noTable(set: MigrationSet, names: string[]): VersionState {
  return {
    tool: set.tool,
    table: null,
    state: 'no-version-table',
    current: [],
    applied: [],
    problems: [`no ${names.join(' or ')} table: the database was never migrated by ${set.tool === 'sql' ? 'this tool' : set.tool}`],
  };
}
