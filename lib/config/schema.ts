import { z } from 'zod';
import { alertsConfigSchema } from '../alerts/config';
import { authConfigSchema } from './auth-schema';

/** Schemes Driftboard can read. pglite:// names an in-process database (the embedded demo). */
export const URL_SCHEMES = ['postgres:', 'postgresql:', 'pglite:'] as const;

/** Validates a connection URL without ever echoing it (it may hold a password). */
export const connectionUrl = z.string().superRefine((value, ctx) => {
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    ctx.addIssue({ code: 'custom', message: 'not a valid URL (expected postgres://user@host:5432/db)' });
    return;
  }
  if (!(URL_SCHEMES as readonly string[]).includes(parsed.protocol)) {
    ctx.addIssue({
      code: 'custom',
      message: `unsupported URL scheme "${parsed.protocol}" (expected postgres://, postgresql:// or pglite://)`,
    });
    return;
  }
  if (parsed.protocol !== 'pglite:' && !parsed.hostname) {
    ctx.addIssue({ code: 'custom', message: 'URL has no host' });
  }
  if (parsed.protocol === 'pglite:' && !parsed.hostname) {
    ctx.addIssue({ code: 'custom', message: 'pglite:// URL names no database' });
  }
});

/** Longest environment name; the routes (lib/app/params.ts) refuse longer ones, so the config does too. */
export const MAX_ENVIRONMENT_NAME = 100;

const environmentName = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'must be letters, digits, "_", "." or "-" (starting with a letter or digit)')
  // The same limit as the API routes' environment parameter (lib/app/params.ts).
  .max(MAX_ENVIRONMENT_NAME, `must be at most ${MAX_ENVIRONMENT_NAME} characters`);

const pollInterval = z.number().int('must be a whole number of seconds').min(5, 'must be at least 5 seconds').max(86_400);

export const environmentSchema = z.strictObject({
  name: environmentName,
  url: connectionUrl,
  schemas: z.array(z.string().min(1)).min(1, 'must list at least one schema').nullable().optional(),
  pollIntervalSeconds: pollInterval.optional(),
});

const migrationsSchema = z.strictObject({
  tool: z.enum(['alembic', 'prisma', 'sql'], { error: 'must be "alembic", "prisma" or "sql"' }),
  path: z.string().min(1),
  /** Alembic only: an interpreter with the project's Alembic, for the exact expected SQL (see python-exact.ts). */
  python: z.string().min(1, 'must name a Python interpreter').optional(),
  /** Alembic only, with `python`: the project's alembic.ini; default: the nearest one above `path`. */
  alembicIni: z.string().min(1).optional(),
  /** Largest migration file read, in bytes (default 5 MB): a bigger one is an error naming it. */
  maxFileBytes: z.number().int('must be a whole number of bytes').min(1, 'must be at least 1').max(1024 * 1024 * 1024, 'must be at most 1073741824 (1 GB)').optional(),
});

/** The application's ORM models, read statically (lib/models): the third side of every comparison. */
const modelsSchema = z.strictObject({
  orm: z.enum(['sqlalchemy', 'prisma'], { error: 'must be "sqlalchemy" or "prisma"' }),
  path: z.string().min(1),
});

const environmentsSchema = z.array(environmentSchema).min(1, 'must list at least one environment');

/** Longest project name: it is part of URLs and of environment keys (`project/environment`). */
export const MAX_PROJECT_NAME = 60;

export const projectName = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'must be letters, digits, "_", "." or "-" (starting with a letter or digit)')
  .max(MAX_PROJECT_NAME, `must be at most ${MAX_PROJECT_NAME} characters`);

/** One entry of `projects: [...]`: a service with its own migrations, models and environments. */
export const projectSchema = z.strictObject({
  name: projectName,
  migrations: migrationsSchema,
  models: modelsSchema.optional(),
  environments: environmentsSchema,
  shadowUrl: connectionUrl.nullable().optional(),
  pollIntervalSeconds: pollInterval.optional(),
});

/**
 * Either the one-project form (`migrations`, `environments`, `models` at the top) or `projects: [...]`;
 * `shadowUrl` and `pollIntervalSeconds` at the top are defaults for every project.
 */
export const configFileSchema = z
  .strictObject({
    /** Lets editors validate the file against a JSON schema; ignored. */
    $schema: z.string().optional(),
    migrations: migrationsSchema.optional(),
    models: modelsSchema.optional(),
    environments: environmentsSchema.optional(),
    projects: z.array(projectSchema).min(1, 'must list at least one project').optional(),
    shadowUrl: connectionUrl.nullable().optional(),
    /** Default poll interval for environments that do not set their own. */
    pollIntervalSeconds: pollInterval.optional(),
    /** OIDC sign-in and roles (lib/auth); read by lib/auth/settings.ts, which also takes env variables. */
    auth: authConfigSchema.optional(),
    /** Alert rules and channels (lib/alerts). */
    alerts: alertsConfigSchema.optional(),
  })
  .superRefine((c, ctx) => {
    if (c.projects) {
      for (const key of ['migrations', 'models', 'environments'] as const) {
        if (c[key] !== undefined) ctx.addIssue({ code: 'custom', path: [key], message: 'belongs inside each project when "projects" is used' });
      }
      return;
    }
    if (c.migrations === undefined) ctx.addIssue({ code: 'custom', path: ['migrations'], message: 'is required (or list "projects")' });
    if (c.environments === undefined) ctx.addIssue({ code: 'custom', path: ['environments'], message: 'is required (or list "projects")' });
  });

export type ConfigFile = z.infer<typeof configFileSchema>;
export type ProjectFile = z.infer<typeof projectSchema>;
