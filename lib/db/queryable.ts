/** The one thing every reader needs from a database: run a query, get rows. pg and PGlite both fit. */
export interface Queryable {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<{ rows: T[] }>;
}

/** An open connection to a target or shadow database. */
export interface TargetDb extends Queryable {
  readonly kind: 'postgres' | 'pglite';
  /** Runs several statements separated by `;` (no parameters). */
  exec(sql: string): Promise<void>;
  close(): Promise<void>;
}
