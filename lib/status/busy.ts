import type { Queryable } from '../db';

/** PostgreSQL's lock_not_available: our lock_timeout fired while a statement waited for a table lock. */
export function isLockTimeout(err: unknown): boolean {
  const e = err as { code?: string; message?: string } | undefined;
  return e?.code === '55P03' || /lock timeout/i.test(e?.message ?? '');
}

interface HolderRow {
  schema: string;
  table: string;
  mode: string;
  pid: number;
  seconds: number | null;
}

/**
 * Who holds the lock a poll waited behind: the oldest ACCESS EXCLUSIVE lock (the only mode that blocks
 * a catalog read's ACCESS SHARE) on a relation of this database, from pg_locks and pg_stat_activity,
 * as one line: "busy: a lock on public.users held by pid 4242 for 40 s". Null when none is held any more.
 */
export async function describeLockHolder(db: Queryable, schemas: string[] | null): Promise<string | null> {
  const { rows } = await db.query<HolderRow>(
    `SELECT n.nspname AS schema, c.relname AS "table", l.mode, l.pid,
            floor(extract(epoch FROM now() - coalesce(a.xact_start, a.query_start)))::int AS seconds
       FROM pg_locks l
       JOIN pg_class c ON c.oid = l.relation
       JOIN pg_namespace n ON n.oid = c.relnamespace
       LEFT JOIN pg_stat_activity a ON a.pid = l.pid
      WHERE l.granted AND l.locktype = 'relation' AND l.mode = 'AccessExclusiveLock'
        AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
        AND l.pid <> pg_backend_pid()
        AND ($1::text[] IS NULL OR n.nspname = ANY($1::text[]))
        AND c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S')
      ORDER BY seconds DESC NULLS LAST, n.nspname, c.relname
      LIMIT 1`,
    [schemas],
  );
  const r = rows[0];
  if (!r) return null;
  const held = r.seconds === null ? '' : ` for ${r.seconds} s`;
  return `busy: a lock on ${r.schema}.${r.table} held by pid ${r.pid}${held}`;
}
