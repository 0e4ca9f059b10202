import { createHash } from 'node:crypto';
import { riskAtLeast } from '../risk/levels';
import type { AlertCandidate, AlertRule, RecordedPoll, RuleKind } from './types';

/** What the store knows beyond the poll itself, gathered once per poll (see alerter.ts). */
export interface PollFacts {
  /** The poll's time (status.checkedAt). */
  now: Date;
  /** Start of the current outage (first non-ok poll since the last ok one); null when up. */
  outageStart: Date | null;
  /** For each 'recovered' event: when the outage it ends began. */
  recoveredFrom: Map<number, Date>;
  /** Each pending migration's date: from its file, else when the store first saw it pending. */
  pendingDates: Map<string, Date>;
  /** Which pending dates came from the file (the others: first seen pending). */
  datedByFile: Set<string>;
}

const DAY_MS = 86_400_000;

export function appliesTo(rule: AlertRule, environment: string): boolean {
  return rule.environments === null || rule.environments.includes(environment);
}

/** The key prefix of a rule's conditions on one environment (what clearEndedAlerts may forget). */
export function keyPrefix(rule: AlertRule, environment: string): string {
  return `${rule.name}|${rule.kind}:${environment}:`;
}

/**
 * The alerts one rule raises for one recorded poll, before de-duplication. Conditions about the schema
 * (ghosts, model drift, risk, behind) are judged only on a poll that could read it: `active` is null
 * otherwise, and an unknown state never clears an alert ("could not check" is not "fixed").
 */
export function evaluateRule(rule: AlertRule, poll: RecordedPoll, facts: PollFacts): { candidates: AlertCandidate[]; active: string[] | null } {
  const { environment, status, events } = poll;
  const prefix = keyPrefix(rule, environment);
  const make = (id: string, condition: boolean, title: string, lines: string[], extra: Record<string, unknown>): AlertCandidate => ({
    key: `${prefix}${id}`,
    rule,
    environment,
    condition,
    title,
    lines,
    facts: { kind: rule.kind, environment, version: status.version, head: status.head, ...extra },
  });
  const ok = status.status === 'ok';
  const out: AlertCandidate[] = [];

  switch (rule.kind) {
    case 'migration-applied':
    case 'changed-outside-migrations': {
      for (const e of events.filter((x) => x.type === rule.kind)) {
        const title =
          rule.kind === 'migration-applied'
            ? `${environment}: migration applied (${e.fromVersion ?? 'none'} → ${e.toVersion ?? 'none'})`
            : `${environment}: schema changed outside the migrations`;
        out.push(make(`event-${e.id}`, false, title, [e.detail ?? title], { eventId: e.id, fromVersion: e.fromVersion, toVersion: e.toVersion, at: e.at }));
      }
      return { candidates: out, active: null };
    }
    case 'recovered': {
      for (const e of events.filter((x) => x.type === 'recovered')) {
        const since = facts.recoveredFrom.get(e.id) ?? null;
        const minutes = since ? (facts.now.getTime() - since.getTime()) / 60_000 : null;
        if (rule.minutes > 0 && (minutes === null || minutes < rule.minutes)) continue;
        const lasted = minutes === null ? '' : ` after ${formatMinutes(minutes)}`;
        out.push(
          make(`event-${e.id}`, false, `${environment}: recovered${lasted}`, [`${environment} answers again${lasted}.`], {
            eventId: e.id,
            downSince: since?.toISOString() ?? null,
          }),
        );
      }
      return { candidates: out, active: null };
    }
    case 'unreachable': {
      if (ok || !facts.outageStart) return { candidates: [], active: [] };
      const minutes = (facts.now.getTime() - facts.outageStart.getTime()) / 60_000;
      if (minutes < rule.minutes) return { candidates: [], active: null };
      const since = facts.outageStart.toISOString();
      out.push(
        make(`down-${since}`, true, `${environment}: ${status.status} for ${formatMinutes(minutes)}`, [`${environment} is ${status.status} since ${since}: ${status.error ?? 'no reason given'}`], {
          status: status.status,
          downSince: since,
          error: status.error,
        }),
      );
      return { candidates: out, active: out.map((c) => c.key) };
    }
    case 'ghost-migration': {
      if (!ok || !status.drift) return { candidates: [], active: null };
      for (const g of [...status.drift.ghostMigrations].sort((a, b) => a.id.localeCompare(b.id))) {
        out.push(
          make(`ghost-${g.id}`, true, `${environment}: migration ${g.id} is recorded as applied but its objects are missing`, [
            `The version table lists ${g.id} as applied; missing: ${g.missing.slice(0, 10).join(', ')}${g.missing.length > 10 ? ` and ${g.missing.length - 10} more` : ''}.`,
          ], { migrationId: g.id, missing: [...g.missing].sort() }),
        );
      }
      return { candidates: out, active: out.map((c) => c.key) };
    }
    case 'model-drift': {
      const md = status.modelDrift;
      // Without models, or when they could not be compared, there is nothing to judge (not "no drift").
      if (!ok || !md || md.error) return { candidates: [], active: null };
      const items = [
        ...md.changes.map((c) => `${c.change} ${c.kind} ${[c.schema, c.table !== c.name ? c.table : null, c.name].filter(Boolean).join('.')}`),
        ...md.untrackedByMigrations.map((t) => `untracked by migrations: ${t}`),
      ];
      const unique = [...new Set(items)].sort();
      if (unique.length) {
        const digest = createHash('sha256').update(unique.join('\n')).digest('hex').slice(0, 16);
        out.push(
          make(`models-${digest}`, true, `${environment}: the ORM models differ from the database (${unique.length} difference${unique.length === 1 ? '' : 's'})`, unique.slice(0, 20), {
            changes: md.changes.length,
            untrackedByMigrations: [...md.untrackedByMigrations].sort(),
          }),
        );
      }
      return { candidates: out, active: out.map((c) => c.key) };
    }
    case 'pending-risk': {
      if (!ok) return { candidates: [], active: null };
      for (const p of status.pending.filter((x) => riskAtLeast(x.risk, rule.minRisk))) {
        out.push(
          make(`pending-${p.id}`, true, `${environment}: pending migration ${p.id} is ${p.risk} risk`, [
            `${p.id} (${p.description || 'no description'}) is not applied yet and is rated ${p.risk}.`,
            ...p.findings.slice(0, 5).map((f) => `${f.level}: ${f.message}`),
          ], { migrationId: p.id, risk: p.risk }),
        );
      }
      return { candidates: out, active: out.map((c) => c.key) };
    }
    case 'behind': {
      if (!ok) return { candidates: [], active: null };
      let oldest: { id: string; date: Date } | null = null;
      for (const p of status.pending) {
        const date = facts.pendingDates.get(p.id);
        if (date && (!oldest || date < oldest.date)) oldest = { id: p.id, date };
      }
      if (oldest) {
        const days = Math.floor((facts.now.getTime() - oldest.date.getTime()) / DAY_MS);
        if (days >= rule.days) {
          const n = status.pending.length;
          const source = facts.datedByFile.has(oldest.id) ? 'its file date' : 'first seen pending';
          out.push(
            make(`behind-${oldest.id}`, true, `${environment}: ${n} migration${n === 1 ? '' : 's'} and ${days} day${days === 1 ? '' : 's'} behind`, [
              `${n} pending migration${n === 1 ? '' : 's'}; the oldest, ${oldest.id}, dates from ${oldest.date.toISOString()} (${source}).`,
            ], { behind: n, days, oldestPending: oldest.id, since: oldest.date.toISOString(), dateSource: facts.datedByFile.has(oldest.id) ? 'file' : 'first-seen' }),
          );
        }
      }
      return { candidates: out, active: out.map((c) => c.key) };
    }
  }
}

function formatMinutes(minutes: number): string {
  if (minutes < 1) return 'less than a minute';
  if (minutes < 120) return `${Math.floor(minutes)} min`;
  return `${Math.floor(minutes / 60)} h ${Math.floor(minutes % 60)} min`;
}

export type { RuleKind };
