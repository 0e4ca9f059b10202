import { existsSync } from 'node:fs';
import path from 'node:path';
import type { DriftboardConfig } from '../model/config';
import type { MigrationSet } from '../model/migration';
import { passwordOf, redactUrl } from '../db/redact';
import { loadConfig, DEFAULT_CONFIG_FILE } from '../config';
import { loadMigrationSet } from '../migrations/load';
import { openStore } from '../store';
import type { Store } from '../store/types';
import { startPoller } from '../poller';
import { createAlerter } from '../alerts';
import type { Alerter } from '../alerts';
import type { Poller } from '../poller';
import { checkEnvironment } from '../status';
import { configureExpectedCache } from '../expected';
import { AppStartError } from './errors';

/** Everything the server-side reads share, built once per process. */
export interface AppContext {
  config: DriftboardConfig;
  /** True when no driftboard.config.json was found and the embedded demo runs. */
  demo: boolean;
  store: Store;
  migrations: MigrationSet;
  /** Every password the config holds: scrubbed from anything the app serves. */
  secrets: string[];
  poller: Poller;
  /** Null without an `alerts` config. */
  alerter: Alerter | null;
  startedAt: string;
  /** Change counts between two stored schemas, by hash pair: stored schemas never change, so neither do they. */
  caches: { diffCounts: Map<string, number> };
}

interface Holder {
  promise: Promise<AppContext> | null;
  failedAt: number;
}

/** A failed start is retried after this long, so fixing the config file recovers without a restart. */
const RETRY_AFTER_MS = 5_000;

const GLOBAL_KEY = Symbol.for('driftboard.app-context');
const holder: Holder = ((globalThis as Record<symbol, unknown>)[GLOBAL_KEY] as Holder | undefined) ??
  ((globalThis as Record<symbol, unknown>)[GLOBAL_KEY] = { promise: null, failedAt: 0 } satisfies Holder) as Holder;

/**
 * The process-wide context: config (or the demo), history store, migration set and the running poller.
 * Cached on globalThis so dev-server reloads do not start a second poller. A start failure (bad config)
 * rejects with an AppStartError carrying the config's one-line message; pages and the API show it.
 */
export function getAppContext(): Promise<AppContext> {
  if (holder.promise && !(holder.failedAt && Date.now() - holder.failedAt > RETRY_AFTER_MS)) return holder.promise;
  holder.failedAt = 0;
  const promise = createContext().catch((err: unknown) => {
    holder.failedAt = Date.now();
    throw err instanceof AppStartError ? err : new AppStartError(err instanceof Error ? err.message : String(err), { cause: err });
  });
  holder.promise = promise;
  return promise;
}

/** Which config file the app uses: DRIFTBOARD_CONFIG when set (it must exist), else ./driftboard.config.json if present. */
export function configFilePath(): string | null {
  const explicit = process.env.DRIFTBOARD_CONFIG;
  if (explicit) return path.resolve(explicit);
  const fallback = path.resolve(DEFAULT_CONFIG_FILE);
  return existsSync(fallback) ? fallback : null;
}

async function createContext(): Promise<AppContext> {
  const file = configFilePath();
  const config = file ? await loadConfig(file) : await startEmbeddedDemo();
  const demo = config.file === null;
  // The demo keeps its made-up history apart from a real store (unless the data folder is chosen explicitly).
  const dataDir = demo ? process.env.DRIFTBOARD_DATA_DIR || 'data/demo-store' : undefined;
  const store = await (demo ? openStore({ databaseUrl: null, dataDir }) : openStore()).catch((err: unknown) => {
    const where = dataDir ?? (process.env.DATABASE_URL ? 'DATABASE_URL' : process.env.DRIFTBOARD_DATA_DIR || 'data/store');
    throw new AppStartError(`cannot open the history store (${where}): ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  });
  // Expected schemas are kept by content between starts (and shared by instances on one machine).
  configureExpectedCache({ dir: path.resolve(process.env.DRIFTBOARD_CACHE_DIR || 'data/cache') });
  if (demo) {
    const { seedDemoHistory } = await import('../demo');
    await seedDemoHistory(store, config, checkEnvironment);
  }
  const migrations = await loadMigrationSet(config.migrations);
  const secrets = secretsOf(config);
  // Deliveries run in the alerter's own queue: the poller only hands each recorded poll over.
  const alerter = config.alerts ? createAlerter({ store, config: config.alerts, migrations, secrets }) : null;
  const poller = startPoller({
    store,
    environments: config.environments,
    onRecorded: alerter ? (poll) => alerter.onRecorded(poll) : undefined,
    // The set the pages show (head, pending) is the one every poll rates against: read once per process.
    // The poller's grant is the connection budget: with 1 session the catalog is read on one connection.
    check: (environment, grant) => checkEnvironment(config, environment, { set: migrations, sessions: grant.sessions }),
  });
  return {
    config,
    demo,
    store,
    migrations,
    secrets,
    poller,
    alerter,
    startedAt: new Date().toISOString(),
    caches: { diffCounts: new Map() },
  };
}

async function startEmbeddedDemo(): Promise<DriftboardConfig> {
  const { startDemo } = await import('../demo');
  const unreachable = process.env.DRIFTBOARD_DEMO_UNREACHABLE?.split(',').map((s) => s.trim()).filter(Boolean);
  return startDemo({ unreachable });
}

/** Passwords, and whole connection URLs (raw and redacted), longest first: none may reach a response. */
function secretsOf(config: DriftboardConfig): string[] {
  const urls = [...config.environments.map((e) => e.url), config.shadowUrl ?? '', process.env.DATABASE_URL ?? ''].filter(Boolean);
  const all = urls.flatMap((u) => [u, redactUrl(u), passwordOf(u)]).filter((s) => s.length >= 3);
  return [...new Set(all)].sort((a, b) => b.length - a.length);
}
