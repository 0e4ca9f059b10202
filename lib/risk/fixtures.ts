/** Builders for tests and the benchmark: Migration objects and TableStats without files or a database. */
import type { Migration, MigrationStatement, MigrationTool } from '../model/migration';
import type { RiskContext } from '../model/risk';
import type { TableStats } from '../model/schema';
import { tableStatsIndex } from './context';

export interface MigrationOptions {
  id?: string;
  tool?: MigrationTool;
  file?: string;
  inTransaction?: boolean;
  origin?: string | null;
  reversible?: boolean;
  downStatements?: MigrationStatement[] | null;
  unanalyzed?: Migration['unanalyzed'];
}

/** A migration whose statements are `sqls`, one per line starting at line 1. */
export function migrationFromSql(sqls: string[], o: MigrationOptions = {}): Migration {
  const file = o.file ?? `/migrations/${o.id ?? 'm1'}.sql`;
  return {
    id: o.id ?? 'm1',
    description: `migration ${o.id ?? 'm1'}`,
    tool: o.tool ?? 'sql',
    file,
    parents: [],
    dependsOn: [],
    branchLabels: [],
    statements: sqls.map((sql, i) => ({ sql, line: i + 1, origin: o.origin ?? null, inTransaction: o.inTransaction ?? true })),
    downStatements: o.downStatements === undefined ? null : o.downStatements,
    reversible: o.reversible ?? true,
    unanalyzed: o.unanalyzed ?? [],
    checksum: '',
    meta: {},
  };
}

export function stats(table: string, rows: number, bytes = rows * 100, schema = 'public'): TableStats {
  return { schema, table, rows, bytes, analyzed: true };
}

export function contextWith(tables: TableStats[], serverVersion?: number): RiskContext {
  return { serverVersion, tableStats: tableStatsIndex(tables) };
}
