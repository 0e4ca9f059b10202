import { redactText, redactUrl } from '../db/redact';
import type { AlertCandidate, AlertMessage } from './types';

/**
 * The message every channel sends, built once per alert. Every string goes through redactText with the
 * config's secrets (connection URLs, passwords, webhook URLs and keys), so no channel can leak one.
 */
export function buildMessage(candidate: AlertCandidate, options: { reminder: boolean; at: Date; publicBaseUrl: string | null; secrets: readonly string[] }): AlertMessage {
  const scrub = (s: string) => redactText(s, options.secrets);
  const link = options.publicBaseUrl ? redactUrl(`${options.publicBaseUrl}${environmentPath(candidate.environment)}`) : null;
  return {
    key: candidate.key,
    rule: candidate.rule.name,
    kind: candidate.rule.kind,
    environment: candidate.environment,
    reminder: options.reminder,
    title: scrub(`${options.reminder ? 'Reminder: ' : ''}${candidate.title}`),
    lines: candidate.lines.map(scrub),
    facts: scrubDeep(candidate.facts, scrub) as Record<string, unknown>,
    link,
    at: options.at.toISOString(),
  };
}

function scrubDeep(value: unknown, scrub: (s: string) => string): unknown {
  if (typeof value === 'string') return scrub(value);
  if (Array.isArray(value)) return value.map((v) => scrubDeep(v, scrub));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, scrubDeep(v, scrub)]));
  return value;
}

/** The generic webhook's JSON body. */
export function webhookBody(message: AlertMessage, deliveryId: number): string {
  return JSON.stringify({ delivery: deliveryId, ...message });
}

/** Slack incoming-webhook payload: Block Kit with the environment, what changed and a link to the page. */
export function slackBody(message: AlertMessage): string {
  const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const blocks: unknown[] = [
    { type: 'header', text: { type: 'plain_text', text: message.title.slice(0, 150), emoji: false } },
    {
      type: 'section',
      fields: [
        { type: 'mrkdwn', text: `*Environment*\n${escape(message.environment)}` },
        { type: 'mrkdwn', text: `*Rule*\n${escape(message.rule)} (${message.kind})` },
      ],
    },
    { type: 'section', text: { type: 'mrkdwn', text: message.lines.map((l) => `• ${escape(l)}`).join('\n').slice(0, 2_900) || ' ' } },
  ];
  if (message.link) {
    blocks.push({
      type: 'actions',
      elements: [{ type: 'button', text: { type: 'plain_text', text: `Open ${message.environment}` }, url: message.link }],
    });
  }
  blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `Driftboard · ${message.at}${message.reminder ? ' · reminder' : ''}` }] });
  return JSON.stringify({ text: message.title, blocks });
}

/** Plain-text email: subject and body. */
export function emailContent(message: AlertMessage): { subject: string; text: string } {
  const text = [
    message.title,
    '',
    `Environment: ${message.environment}`,
    `Rule: ${message.rule} (${message.kind})`,
    '',
    ...message.lines,
    '',
    ...(message.link ? [`Open: ${message.link}`, ''] : []),
    `Sent by Driftboard at ${message.at}${message.reminder ? ' (reminder)' : ''}.`,
  ].join('\n');
  return { subject: `[Driftboard] ${message.title}`.slice(0, 200), text };
}

/** The environment page of a store key: `name`, or `project/name` in a `projects` config (`?project=`). */
export function environmentPath(key: string): string {
  const slash = key.indexOf('/');
  if (slash === -1) return `/env/${encodeURIComponent(key)}`;
  return `/env/${encodeURIComponent(key.slice(slash + 1))}?project=${encodeURIComponent(key.slice(0, slash))}`;
}
