import type { EnvironmentStatus, RiskLevel } from '../model';
import type { StoredEvent } from '../store/types';

/** What a rule reacts to. Events fire once; conditions fire when they begin, then at most a daily reminder while they last. */
export type RuleKind =
  | 'migration-applied'
  | 'changed-outside-migrations'
  | 'unreachable'
  | 'recovered'
  | 'ghost-migration'
  | 'model-drift'
  | 'pending-risk'
  | 'behind';

export const RULE_KINDS: readonly RuleKind[] = [
  'behind',
  'changed-outside-migrations',
  'ghost-migration',
  'migration-applied',
  'model-drift',
  'pending-risk',
  'recovered',
  'unreachable',
] as const;

/** Kinds that are one-off events (never reminded). */
export const EVENT_KINDS: ReadonlySet<RuleKind> = new Set(['migration-applied', 'changed-outside-migrations', 'recovered']);

export interface AlertRule {
  /** Stable name (config `name`, default `<kind>#<position>`): part of every de-duplication key. */
  name: string;
  kind: RuleKind;
  /** Environment names; null = every environment. */
  environments: string[] | null;
  /** Channel names (keys of `alerts.channels`). */
  channels: string[];
  /** unreachable: down at least this long. recovered: only after an outage at least this long. */
  minutes: number;
  /** pending-risk: the lowest risk that alerts. */
  minRisk: RiskLevel;
  /** behind: days since the oldest pending migration's date. */
  days: number;
  /** Conditions: hours between reminders while the condition lasts (≥ 24); null = never remind. */
  reminderHours: number | null;
}

export interface WebhookChannel {
  type: 'webhook';
  url: string;
  /** HMAC-SHA256 key for X-Driftboard-Signature. */
  secret: string;
  timeoutMs: number;
}

export interface SlackChannel {
  type: 'slack';
  url: string;
  timeoutMs: number;
}

export interface EmailChannel {
  type: 'email';
  smtp: { host: string; port: number; secure: boolean; user: string | null; password: string | null; ignoreTLS: boolean };
  from: string;
  to: string[];
  timeoutMs: number;
}

export type ChannelConfig = WebhookChannel | SlackChannel | EmailChannel;

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  maxAttempts: number;
  initialDelayMs: number;
  maxDelayMs: number;
}

export interface AlertsConfig {
  /** The dashboard's public address, for links in messages (no credentials). Null: messages carry no link. */
  publicBaseUrl: string | null;
  channels: Record<string, ChannelConfig>;
  rules: AlertRule[];
  retry: RetryPolicy;
}

/** One recorded poll, as the poller hands it over. */
export interface RecordedPoll {
  environment: string;
  pollId: number;
  events: StoredEvent[];
  status: EnvironmentStatus;
}

/** What a rule found in one poll: one alert, before de-duplication. */
export interface AlertCandidate {
  /** De-duplication key: one alert per key (a reminder at most every reminderHours). */
  key: string;
  rule: AlertRule;
  environment: string;
  /** A condition (re-checked on every poll) rather than a one-off event. */
  condition: boolean;
  title: string;
  /** What changed, one sentence per line. */
  lines: string[];
  /** Machine-readable facts for the webhook (ids, counts, times). */
  facts: Record<string, unknown>;
}

/** The message every channel renders, secrets already removed. */
export interface AlertMessage {
  key: string;
  rule: string;
  kind: RuleKind;
  environment: string;
  reminder: boolean;
  title: string;
  lines: string[];
  facts: Record<string, unknown>;
  /** Link to the environment's page, or null without publicBaseUrl. */
  link: string | null;
  at: string;
}
