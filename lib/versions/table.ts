import type { Queryable } from '../db/queryable';

/** Every version table Driftboard knows: it reads these, and the schema diff ignores them. */
export const VERSION_TABLE_NAMES = ['alembic_version', '_prisma_migrations', 'flyway_schema_history', 'schema_migrations'] as const;

export interface FoundTable {
  schema: string;
  name: string;
  /** `"schema"."name"`, quoted for SQL. */
  sql: string;
  /** `schema.name`, for people. */
  label: string;
  columns: string[];
  /** Other schemas holding a table of the same name (the first one, `public` preferred, is read). */
  alsoIn: string[];
}

/**
 * Finds a version table by name in every user schema through the catalog (no row is read), preferring
 * `public`, then schema names in order. Null when there is none.
 */
export async function findVersionTable(db: Queryable, name: string): Promise<FoundTable | null> {
  const { rows } = await db.query<{ schema: string; columns: string[] }>(
    `SELECT n.nspname AS schema,
            ARRAY(SELECT a.attname::text FROM pg_catalog.pg_attribute a
                  WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum) AS columns
       FROM pg_catalog.pg_class c
       JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relname = $1
        AND c.relkind IN ('r', 'p')
        AND n.nspname <> 'information_schema'
        AND n.nspname !~ '^pg_'
      ORDER BY n.nspname <> 'public', n.nspname`,
    [name],
  );
  if (rows.length === 0) return null;
  const [first, ...others] = rows;
  return {
    schema: first.schema,
    name,
    sql: `${quoteIdent(first.schema)}.${quoteIdent(name)}`,
    label: `${first.schema}.${name}`,
    columns: first.columns,
    alsoIn: others.map((r) => r.schema),
  };
}

export function quoteIdent(s: string): string {
  return `"${s.replace(/"/g, '""')}"`;
}

/** The note that a second copy of a version table was left unread. */
export function alsoInProblem(t: FoundTable): string[] {
  return t.alsoIn.length > 0
    ? [`${t.name} also exists in schema ${t.alsoIn.join(', ')}; ${t.label} was read`]
    : [];
}
