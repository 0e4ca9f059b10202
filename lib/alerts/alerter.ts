import { redactText } from '../db/redact';
import type { MigrationSet } from '../model/migration';
import { claimAlert, clearEndedAlerts, createDelivery, outageStart, pendingFirstSeen } from '../store/alerts';
import type { Store } from '../store/types';
import { alertSecrets } from './config';
import { sendOnChannel } from './channels';
import { appliesTo, evaluateRule, keyPrefix } from './evaluate';
import type { PollFacts } from './evaluate';
import { buildMessage } from './message';
import { migrationDates } from './migration-dates';
import { createDeliveryQueue } from './queue';
import type { AlertLog, Send } from './queue';
import type { AlertsConfig, RecordedPoll } from './types';

export interface AlerterOptions {
  store: Store;
  config: AlertsConfig;
  /**
   * The project's migrations (or, with several projects, the set of an environment key): their files give
   * the "behind" rule its dates.
   */
  migrations?: MigrationSet | ((environment: string) => MigrationSet | null) | null;
  /** Secrets beyond the alerts config's own (the environments' connection URLs and passwords). */
  secrets?: readonly string[];
  log?: AlertLog;
  /** Replaces the real channels (never in the app). */
  send?: Send;
  random?: () => number;
}

export interface Alerter {
  /** Hands over one recorded poll. Returns at once: evaluation and delivery run in the background. */
  onRecorded(poll: RecordedPoll): void;
  /** Resolves when every poll handed over is evaluated and every delivery delivered or failed for good. */
  idle(): Promise<void>;
  /** Stops retries; evaluations in flight finish. */
  stop(): Promise<void>;
}

const defaultLog: AlertLog = (level, message) => {
  if (level !== 'info') console[level](`[driftboard alerts] ${message}`);
};

/**
 * Turns recorded polls into alerts: each rule is evaluated against the poll (plus what the store knows:
 * outage start, pending dates), each alert is claimed in the store (one per key, a reminder at most every
 * `reminderHours`), logged as a delivery per channel, and queued. Polls are evaluated one after another,
 * in the order they were recorded, so the claims of one poll see those of the previous.
 */
export function createAlerter(options: AlerterOptions): Alerter {
  const { store, config } = options;
  const log = options.log ?? defaultLog;
  const secrets = [...new Set([...(options.secrets ?? []), ...alertSecrets(config)])].sort((a, b) => b.length - a.length);
  const queue = createDeliveryQueue({ store, send: options.send ?? sendOnChannel, retry: config.retry, secrets, log, random: options.random });
  // File dates per migration set, read once each.
  const dates = new Map<MigrationSet, Promise<Map<string, Date>>>();
  const fileDates = (environment: string): Promise<Map<string, Date>> => {
    const set = typeof options.migrations === 'function' ? options.migrations(environment) : options.migrations;
    if (!set) return Promise.resolve(new Map());
    let found = dates.get(set);
    if (!found) dates.set(set, (found = migrationDates(set).catch(() => new Map<string, Date>())));
    return found;
  };
  let chain: Promise<void> = Promise.resolve();
  let stopped = false;

  const gatherFacts = async (poll: RecordedPoll, now: Date): Promise<PollFacts> => {
    const kinds = new Set(config.rules.filter((r) => appliesTo(r, poll.environment)).map((r) => r.kind));
    const facts: PollFacts = { now, outageStart: null, recoveredFrom: new Map(), pendingDates: new Map(), datedByFile: new Set() };
    if (kinds.has('unreachable') && poll.status.status !== 'ok') facts.outageStart = await outageStart(store, poll.environment, poll.pollId);
    if (kinds.has('recovered')) {
      for (const e of poll.events.filter((x) => x.type === 'recovered')) {
        const since = e.fromPollId === null ? null : await outageStart(store, poll.environment, e.fromPollId);
        if (since) facts.recoveredFrom.set(e.id, since);
      }
    }
    if (kinds.has('behind') && poll.status.status === 'ok' && poll.status.pending.length) {
      const byFile = await fileDates(poll.environment);
      const ids = poll.status.pending.map((p) => p.id);
      // Recorded for every pending migration, so the fallback clock starts the first time it is seen.
      const seen = await pendingFirstSeen(store, poll.environment, ids, now);
      for (const id of ids) {
        const file = byFile.get(id);
        if (file) facts.datedByFile.add(id);
        const date = file ?? seen.get(id);
        if (date) facts.pendingDates.set(id, date);
      }
    }
    return facts;
  };

  const evaluate = async (poll: RecordedPoll): Promise<void> => {
    const now = parseDate(poll.status.checkedAt) ?? new Date();
    const rules = config.rules.filter((r) => appliesTo(r, poll.environment));
    if (!rules.length) return;
    const facts = await gatherFacts(poll, now);
    for (const rule of rules) {
      const { candidates, active } = evaluateRule(rule, poll, facts);
      if (active !== null) await clearEndedAlerts(store, rule.name, poll.environment, keyPrefix(rule, poll.environment), active);
      for (const candidate of candidates) {
        const claim = await claimAlert(store, {
          key: candidate.key,
          rule: rule.name,
          environment: poll.environment,
          at: now,
          reminderHours: candidate.condition ? rule.reminderHours : null,
        });
        if (!claim) continue;
        const message = buildMessage(candidate, { reminder: claim === 'reminder', at: now, publicBaseUrl: config.publicBaseUrl, secrets });
        log('info', `alert: ${message.title}`);
        for (const channelName of rule.channels) {
          const channel = config.channels[channelName];
          const deliveryId = await createDelivery(store, {
            alertKey: candidate.key,
            rule: rule.name,
            kind: rule.kind,
            environment: poll.environment,
            channel: channelName,
            reminder: claim === 'reminder',
            title: message.title,
            payload: message,
            at: new Date(),
          });
          queue.push({ deliveryId, channelName, channel, message });
        }
      }
    }
  };

  return {
    onRecorded(poll) {
      if (stopped) return;
      chain = chain.then(() =>
        evaluate(poll).catch((err: unknown) => {
          log('error', `alerts for ${poll.environment}: ${redactText(err instanceof Error ? err.message : String(err), secrets)}`);
        }),
      );
    },
    async idle() {
      // An evaluation may queue deliveries, so wait for the chain first, then the queue.
      let current: Promise<void>;
      do {
        current = chain;
        await current;
      } while (current !== chain);
      await queue.idle();
    },
    async stop() {
      stopped = true;
      await chain;
      queue.stop();
    },
  };
}

function parseDate(iso: string | undefined): Date | null {
  if (!iso) return null;
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? null : d;
}
