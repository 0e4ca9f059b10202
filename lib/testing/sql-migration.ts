import type { Migration, MigrationSet } from '../model/migration';

/**
 * A SQL migration built in code for replay and cache tests: `V<id>__m.sql` in /project/migrations, one
 * statement per line (a string runs in the migration's transaction; `{ sql, inTransaction: false }` on its
 * own), no parents unless given. `extra` overrides any field (checksum, parents, unverified…).
 */
export function sqlMigration(id: string, statements: Array<string | { sql: string; inTransaction: boolean }>, extra: Partial<Migration> = {}): Migration {
  return {
    id,
    description: id,
    tool: 'sql',
    file: `/project/migrations/V${id}__m.sql`,
    parents: [],
    dependsOn: [],
    branchLabels: [],
    statements: statements.map((s, i) => ({
      sql: typeof s === 'string' ? s : s.sql,
      line: i + 1,
      origin: null,
      inTransaction: typeof s === 'string' ? true : s.inTransaction,
    })),
    downStatements: null,
    reversible: false,
    unanalyzed: [],
    checksum: `sum-${id}`,
    meta: {},
    ...extra,
  };
}

/** A SQL migration set in /project/migrations applying `migrations` in the order given, each the parent of the next. */
export function linearSet(...migrations: Migration[]): MigrationSet {
  return {
    tool: 'sql',
    path: '/project/migrations',
    heads: [migrations[migrations.length - 1].id],
    diagnostics: [],
    migrations: migrations.map((m, i) => ({ ...m, parents: i ? [migrations[i - 1].id] : [] })),
  };
}
