import type { Migration } from '../model/migration';

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
