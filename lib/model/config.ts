import type { MigrationTool } from './migration';

/** One environment from driftboard.config.json, after validation and ${VAR} expansion. */
export interface EnvironmentConfig {
  name: string;
  /** Connection URL: postgres://… / postgresql://… or pglite://<name> (in-process, e.g. the demo). Holds secrets: never log or serve it. */
  url: string;
  /** Schemas to read; null means every non-system schema. */
  schemas: string[] | null;
  /** How often the dashboard polls it. Default 60. */
  pollIntervalSeconds: number;
}

export interface DriftboardConfig {
  /** Absolute path of the config file, or null for a built-in config (the demo). */
  file: string | null;
  migrations: {
    tool: MigrationTool;
    /** Absolute path (relative paths resolve against the config file). */
    path: string;
    /**
     * Alembic: a Python interpreter with the project's Alembic (absolute path, or a command name looked up on
     * PATH). When set, the project's Alembic renders each migration's exact SQL offline; null/absent = the
     * static reader only.
     */
    python?: string | null;
    /** Absolute path of the project's alembic.ini (set whenever `python` is). */
    alembicIni?: string | null;
    /** Largest migration file read, in bytes; absent/null = 5 MB (lib/migrations/read-file.ts). */
    maxFileBytes?: number | null;
  };
  /** The ORM models (`models` key); absent/null = not configured. `path` is absolute. */
  models?: { orm: 'sqlalchemy' | 'prisma'; path: string } | null;
  environments: EnvironmentConfig[];
  /** A PostgreSQL server to replay migrations on instead of PGlite; null = PGlite. */
  shadowUrl: string | null;
  /** Alert rules and channels (`alerts` key, lib/alerts); absent/null = no alerts. */
  alerts?: import('../alerts/types').AlertsConfig | null;
}
