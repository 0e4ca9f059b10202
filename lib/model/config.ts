import type { MigrationTool } from './migration';

/** One environment from driftboard.config.json, after validation and ${VAR} expansion. */
export interface EnvironmentConfig {
  name: string;
  /**
   * The environment's identity in the history store, the poller and alert rules: its name in a one-project
   * config, `project/name` in a `projects: [...]` config (names are unique per project, keys everywhere).
   * Absent = the name (configs built in code).
   */
  key?: string;
  /** Connection URL: postgres://… / postgresql://… or pglite://<name> (in-process, e.g. the demo). Holds secrets: never log or serve it. */
  url: string;
  /** Schemas to read; null means every non-system schema. */
  schemas: string[] | null;
  /** How often the dashboard polls it. Default 60. */
  pollIntervalSeconds: number;
}

/** One project: its migrations, models and environments (the whole config in the one-project form). */
export interface DriftboardConfig {
  /** Absolute path of the config file, or null for a built-in config (the demo). */
  file: string | null;
  /** The project's name: `projects[].name`; absent/DEFAULT_PROJECT for the one-project form. */
  project?: string;
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

/** The project name of a one-project config (never shown while it is the only project). */
export const DEFAULT_PROJECT = 'default';

/** A whole config file: one or more projects on one dashboard. */
export interface DriftboardSetup {
  file: string | null;
  /** In config order; the one-project form gives one, named DEFAULT_PROJECT. */
  projects: DriftboardConfig[];
  /** True for the `projects: [...]` form: environment keys carry their project. */
  multiProject: boolean;
  /** Shared by every project (alert rules name environment keys or projects). */
  alerts?: import('../alerts/types').AlertsConfig | null;
}

/** The store key of environment `name` in `project`. */
export function environmentKey(project: string, name: string, multiProject: boolean): string {
  return multiProject ? `${project}/${name}` : name;
}

/** The store key of an environment (its name unless the config gave it a project-qualified key). */
export function keyOf(env: Pick<EnvironmentConfig, 'name' | 'key'>): string {
  return env.key ?? env.name;
}
