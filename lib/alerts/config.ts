import { z } from 'zod';
import { RISK_LEVELS } from '../model/risk';
import type { RiskLevel } from '../model/risk';
import type { AlertRule, AlertsConfig, ChannelConfig, RuleKind } from './types';
import { RULE_KINDS } from './types';

const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_REMINDER_HOURS = 24;

const httpUrl = z.string().superRefine((value, ctx) => {
  let u: URL;
  try {
    u = new URL(value);
  } catch {
    ctx.addIssue({ code: 'custom', message: 'not a valid URL' });
    return;
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') ctx.addIssue({ code: 'custom', message: 'must be an http:// or https:// URL' });
});

const timeoutMs = z.number().int().min(100).max(120_000).optional();

const channelSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('webhook'), url: httpUrl, secret: z.string().min(16, 'must be at least 16 characters'), timeoutMs }),
  z.strictObject({ type: z.literal('slack'), url: httpUrl, timeoutMs }),
  z.strictObject({
    type: z.literal('email'),
    smtp: z.strictObject({
      host: z.string().min(1),
      port: z.number().int().min(1).max(65_535),
      secure: z.boolean().optional(),
      user: z.string().min(1).optional(),
      password: z.string().min(1).optional(),
      /** For a local relay without STARTTLS. */
      ignoreTLS: z.boolean().optional(),
    }),
    from: z.string().min(3),
    to: z.array(z.string().min(3)).min(1, 'must list at least one address'),
    timeoutMs,
  }),
]);

const ruleSchema = z.strictObject({
  name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'must be letters, digits, "_", "." or "-"').optional(),
  on: z.enum(RULE_KINDS as [RuleKind, ...RuleKind[]], { error: `must be one of ${RULE_KINDS.map((k) => `"${k}"`).join(', ')}` }),
  /** Environment names (`project/name` in a `projects` config); absent, with no `projects` = all. */
  environments: z.array(z.string().min(1)).min(1).optional(),
  /** Every environment of these projects (a `projects` config). */
  projects: z.array(z.string().min(1)).min(1).optional(),
  channels: z.array(z.string().min(1)).min(1, 'must name at least one channel'),
  minutes: z.number().min(0).max(10_080).optional(),
  minRisk: z.enum(RISK_LEVELS as [RiskLevel, ...RiskLevel[]]).optional(),
  days: z.number().min(0).max(3650).optional(),
  /** At most daily: 24 or more; null = no reminders. */
  reminderHours: z.number().min(24, 'reminders are at most daily (24 or more)').nullable().optional(),
});

/** The `alerts` key of driftboard.config.json (after ${VAR} expansion). */
export const alertsConfigSchema = z.strictObject({
  publicBaseUrl: httpUrl.optional(),
  channels: z.record(z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'channel names must be letters, digits, "_", "." or "-"'), channelSchema),
  rules: z.array(ruleSchema),
  retry: z
    .strictObject({
      maxAttempts: z.number().int().min(1).max(20).optional(),
      initialDelayMs: z.number().int().min(1).max(3_600_000).optional(),
      maxDelayMs: z.number().int().min(1).max(86_400_000).optional(),
    })
    .optional(),
});

export type AlertsConfigFile = z.infer<typeof alertsConfigSchema>;

/**
 * Validated `alerts` → AlertsConfig. Cross-references are checked here: a rule naming an unknown channel
 * or environment is an error with its key path (`alerts.rules[2].channels[0]: …`), never silently ignored.
 */
export function resolveAlertsConfig(
  raw: AlertsConfigFile,
  environmentNames: readonly string[],
  /** Project name → its environments' keys; empty for a one-project config. */
  projects: ReadonlyMap<string, readonly string[]> = new Map(),
): AlertsConfig {
  const envs = new Set(environmentNames);
  const names = new Set<string>();
  const rules: AlertRule[] = raw.rules.map((r, i) => {
    const name = r.name ?? `${r.on}#${i + 1}`;
    if (names.has(name)) throw new AlertsConfigError(`alerts.rules[${i}].name`, `duplicate rule name "${name}"`);
    names.add(name);
    r.channels.forEach((c, j) => {
      if (!raw.channels[c]) throw new AlertsConfigError(`alerts.rules[${i}].channels[${j}]`, `unknown channel "${c}" (not in alerts.channels)`);
    });
    r.environments?.forEach((e, j) => {
      if (!envs.has(e)) {
        const hint = projects.size && !e.includes('/') ? ' (in a "projects" config, name it "project/environment")' : '';
        throw new AlertsConfigError(`alerts.rules[${i}].environments[${j}]`, `unknown environment "${e}"${hint}`);
      }
    });
    r.projects?.forEach((p, j) => {
      if (!projects.has(p)) throw new AlertsConfigError(`alerts.rules[${i}].projects[${j}]`, projects.size ? `unknown project "${p}"` : 'only in a "projects" config');
    });
    const selected = r.environments || r.projects ? [...(r.environments ?? []), ...(r.projects ?? []).flatMap((p) => projects.get(p) ?? [])] : null;
    if (r.on === 'pending-risk' && r.minRisk === undefined) throw new AlertsConfigError(`alerts.rules[${i}].minRisk`, 'is required for "pending-risk"');
    if (r.on === 'behind' && r.days === undefined) throw new AlertsConfigError(`alerts.rules[${i}].days`, 'is required for "behind"');
    return {
      name,
      kind: r.on,
      environments: selected ? [...new Set(selected)].sort() : null,
      channels: [...new Set(r.channels)].sort(),
      minutes: r.minutes ?? 0,
      minRisk: r.minRisk ?? 'high',
      days: r.days ?? 0,
      reminderHours: r.reminderHours === undefined ? DEFAULT_REMINDER_HOURS : r.reminderHours,
    };
  });
  const channels: Record<string, ChannelConfig> = {};
  for (const [name, c] of Object.entries(raw.channels).sort(([a], [b]) => a.localeCompare(b))) {
    const timeout = c.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    channels[name] =
      c.type === 'email'
        ? {
            type: 'email',
            smtp: {
              host: c.smtp.host,
              port: c.smtp.port,
              secure: c.smtp.secure ?? c.smtp.port === 465,
              user: c.smtp.user ?? null,
              password: c.smtp.password ?? null,
              ignoreTLS: c.smtp.ignoreTLS ?? false,
            },
            from: c.from,
            to: [...c.to],
            timeoutMs: timeout,
          }
        : c.type === 'webhook'
          ? { type: 'webhook', url: c.url, secret: c.secret, timeoutMs: timeout }
          : { type: 'slack', url: c.url, timeoutMs: timeout };
  }
  if (raw.publicBaseUrl) {
    const u = new URL(raw.publicBaseUrl);
    if (u.username || u.password) throw new AlertsConfigError('alerts.publicBaseUrl', 'must not contain credentials (it is shown in every message)');
  }
  return {
    publicBaseUrl: raw.publicBaseUrl ? raw.publicBaseUrl.replace(/\/+$/, '') : null,
    channels,
    rules,
    retry: {
      maxAttempts: raw.retry?.maxAttempts ?? 5,
      initialDelayMs: raw.retry?.initialDelayMs ?? 2_000,
      maxDelayMs: raw.retry?.maxDelayMs ?? 600_000,
    },
  };
}

export class AlertsConfigError extends Error {
  constructor(
    readonly keyPath: string,
    readonly reason: string,
  ) {
    super(`${keyPath}: ${reason}`);
  }
}

/** Every secret the alerts config holds (URLs of webhooks carry their token; HMAC keys; SMTP passwords): scrubbed from messages and logs. */
export function alertSecrets(config: AlertsConfig | null | undefined): string[] {
  if (!config) return [];
  const out: string[] = [];
  for (const c of Object.values(config.channels)) {
    if (c.type === 'webhook') out.push(c.url, c.secret);
    if (c.type === 'slack') out.push(c.url, new URL(c.url).pathname);
    if (c.type === 'email' && c.smtp.password) out.push(c.smtp.password);
  }
  return [...new Set(out.filter((s) => s.length >= 3))].sort((a, b) => b.length - a.length);
}
