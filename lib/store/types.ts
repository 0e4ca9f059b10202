import type { EnvironmentStatus, RiskLevel } from '../model';
import type { PrismaClient } from './generated/client';

/** What the history store remembers between two consecutive polls of an environment. */
export type EventType = 'migration-applied' | 'changed-outside-migrations' | 'unreachable' | 'recovered';

export const EVENT_TYPES: readonly EventType[] = [
  'migration-applied',
  'changed-outside-migrations',
  'unreachable',
  'recovered',
] as const;

/** One recorded poll. Times are ISO strings so API handlers can serve it as is. */
export interface StoredPoll {
  id: number;
  environment: string;
  startedAt: string;
  durationMs: number;
  status: EnvironmentStatus['status'];
  error: string | null;
  version: string | null;
  head: string | null;
  behind: number | null;
  pendingCount: number | null;
  driftCount: number | null;
  /** Changes against the ORM models; null without `models` or when they could not be compared. */
  modelDriftCount: number | null;
  maxRisk: RiskLevel | null;
  /** Hash of the schema read by this poll (getSchemaByHash), null when it could not be read. */
  schemaHash: string | null;
}

export interface StoredEvent {
  id: number;
  environment: string;
  at: string;
  type: EventType;
  /** The poll compared against (null for none); the diff of the event is fromHash → toHash. */
  fromPollId: number | null;
  toPollId: number;
  fromHash: string | null;
  toHash: string | null;
  fromVersion: string | null;
  toVersion: string | null;
  /** One human sentence, e.g. the unreachable reason (redacted). */
  detail: string | null;
}

/** A distinct schema an environment had, with when it was first and last seen. */
export interface SnapshotSummary {
  hash: string;
  environment: string;
  firstSeen: string;
  lastSeen: string;
  /** The version the environment reported when it last had this schema. */
  version: string | null;
  polls: number;
}

export interface StoreStats {
  kind: Store['kind'];
  polls: number;
  schemaBlobs: number;
  events: number;
  environments: number;
  /** pg_total_relation_size of the store's tables (data + indexes + TOAST). */
  tableBytes: number;
  /** The PGlite data folder's size on disk, or pg_database_size of the PostgreSQL store. */
  onDiskBytes: number;
  /** Of onDiskBytes, the PGlite write-ahead log (pg_wal): recycled, bounded by max_wal_size, not growing with history. Null for PostgreSQL. */
  walBytes: number | null;
}

/** A dedicated connection to the store database (PostgreSQL only), e.g. to hold advisory-lock leases. */
export interface StoreSession {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<{ rows: T[] }>;
  /** Called once if the connection breaks (its session-level locks are gone with it). */
  onError(listener: (err: Error) => void): void;
  close(): Promise<void>;
}

export interface Store {
  readonly kind: 'pglite' | 'postgres';
  /** The data folder (PGlite) or the URL with its password redacted (PostgreSQL): for messages only. */
  readonly location: string;
  /** The PGlite data folder, null for PostgreSQL. */
  readonly dataDir: string | null;
  /** Server-side only: pages and API go through the lib/store functions, never through Prisma types. */
  readonly prisma: PrismaClient;
  /** Opens a dedicated connection (PostgreSQL); null for PGlite, whose single session lives in this process. */
  openSession(): Promise<StoreSession | null>;
  /** Closes the client and forgets the cached instance (the next openStore opens a new one). */
  close(): Promise<void>;
}
