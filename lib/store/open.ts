import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import pg from 'pg';
import { PGlite } from '@electric-sql/pglite';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { PrismaPg } from '@prisma/adapter-pg';
import { redactText, redactUrl, passwordOf } from '../db';
import { PrismaClient } from './generated/client';
import { acquireDataLock } from './data-lock';
import { applyMigrations, readMigrationFiles } from './migrate';
import type { MigrationSession } from './migrate';
import type { Store, StoreSession } from './types';

export interface OpenStoreOptions {
  /** PostgreSQL URL of a shared store. Undefined: DATABASE_URL. Null: PGlite even if DATABASE_URL is set. */
  databaseUrl?: string | null;
  /** PGlite data folder. Default: DRIFTBOARD_DATA_DIR, else ./data/store. */
  dataDir?: string;
  /** Folder of the committed Prisma migrations. Default: ./prisma/migrations. */
  migrationsDir?: string;
}

type StoreCache = Map<string, Promise<Store>>;
const CACHE_KEY = Symbol.for('driftboard.stores');

/** One client per store per process, kept on globalThis so Next.js dev reloads do not open a second one. */
function cache(): StoreCache {
  const g = globalThis as unknown as Record<symbol, StoreCache | undefined>;
  return (g[CACHE_KEY] ??= new Map());
}

/**
 * Opens the history store, applying committed migrations first: PostgreSQL when a URL is given
 * (or DATABASE_URL is set), else PGlite in a data folder. Repeated calls share one instance.
 */
export function openStore(options: OpenStoreOptions = {}): Promise<Store> {
  const url = options.databaseUrl === undefined ? process.env.DATABASE_URL || null : options.databaseUrl;
  const migrationsDir = resolve(options.migrationsDir ?? 'prisma/migrations');
  const dataDir = url ? null : resolve(options.dataDir ?? (process.env.DRIFTBOARD_DATA_DIR || 'data/store'));
  const key = url ? `postgres:${url}` : `pglite:${dataDir}`;
  const stores = cache();
  let store = stores.get(key);
  if (!store) {
    const forget = () => stores.delete(key);
    store = (url ? openPostgresStore(url, migrationsDir, forget) : openPgliteStore(dataDir!, migrationsDir, forget));
    store.catch(forget);
    stores.set(key, store);
  }
  return store;
}

async function openPgliteStore(dataDir: string, migrationsDir: string, forget: () => void): Promise<Store> {
  await mkdir(dataDir, { recursive: true });
  // Before PGlite touches the folder: a second process on it would silently lose one side's writes.
  const lock = await acquireDataLock(dataDir);
  let db: PGlite;
  try {
    db = await PGlite.create(dataDir);
  } catch (err) {
    await lock.release();
    throw err;
  }
  try {
    const session: MigrationSession = {
      query: async <T,>(sql: string, params?: unknown[]) => ({ rows: (await db.query<T>(sql, params)).rows }),
      exec: async (sql: string) => {
        await db.exec(sql);
      },
    };
    await applyMigrations(session, await readMigrationFiles(migrationsDir));
  } catch (err) {
    await db.close().catch(() => {});
    await lock.release();
    throw err;
  }
  const prisma = new PrismaClient({ adapter: new PrismaPGlite(db) });
  return {
    kind: 'pglite',
    location: dataDir,
    dataDir,
    prisma,
    openSession: async () => null,
    close: async () => {
      forget();
      await prisma.$disconnect().catch(() => {});
      await db.close().catch(() => {});
      await lock.release();
    },
  };
}

async function openPostgresStore(url: string, migrationsDir: string, forget: () => void): Promise<Store> {
  const location = redactUrl(url);
  const secrets = [passwordOf(url)];
  const migrator = await connect(url, secrets);
  try {
    const session: MigrationSession = {
      query: async <T,>(sql: string, params?: unknown[]) => ({ rows: (await migrator.query(sql, params)).rows as T[] }),
      exec: async (sql: string) => {
        await migrator.query(sql);
      },
    };
    await applyMigrations(session, await readMigrationFiles(migrationsDir));
  } catch (err) {
    throw new Error(redactText(`history store at ${location}: ${(err as Error).message}`, secrets), { cause: err });
  } finally {
    await migrator.end().catch(() => {});
  }
  const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: url, max: 5, application_name: 'driftboard-store' }) });
  return {
    kind: 'postgres',
    location,
    dataDir: null,
    prisma,
    openSession: async (): Promise<StoreSession> => {
      const client = await connect(url, secrets);
      return {
        query: async <T,>(sql: string, params?: unknown[]) => ({ rows: (await client.query(sql, params)).rows as T[] }),
        onError: (listener) => {
          client.once('error', listener);
        },
        close: async () => {
          await client.end().catch(() => {});
        },
      };
    },
    close: async () => {
      forget();
      await prisma.$disconnect().catch(() => {});
    },
  };
}

async function connect(url: string, secrets: string[]): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url, application_name: 'driftboard-store', connectionTimeoutMillis: 10_000 });
  // A dropped connection must not crash the process; its next query reports it.
  client.on('error', () => {});
  try {
    await client.connect();
  } catch (err) {
    await client.end().catch(() => {});
    throw new Error(redactText(`history store at ${redactUrl(url)} is unreachable: ${(err as Error).message}`, secrets), {
      cause: err,
    });
  }
  return client;
}
