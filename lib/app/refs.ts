/**
 * The URL form of a diff side: `env:<name>`, `expected:<version>` (`expected:head` for the head),
 * `snapshot:<sha256>`, or `models:current` (the ORM models as the files say now). Client-safe: the pickers build the same strings the server parses.
 */
import { z } from 'zod';
import type { Ref } from './types';
import { pageHref } from './links';

export const refSchema = z
  .string()
  .trim()
  .min(1, 'is required')
  .max(300, 'is too long')
  .transform((value, ctx): Ref => {
    const colon = value.indexOf(':');
    const type = colon > 0 ? value.slice(0, colon) : '';
    const rest = colon > 0 ? value.slice(colon + 1) : '';
    if (!rest) {
      ctx.addIssue({ code: 'custom', message: `"${value}" must look like env:NAME, expected:VERSION or snapshot:HASH (or models:current)` });
      return z.NEVER;
    }
    if (type === 'env') return { type, name: rest };
    if (type === 'expected') return { type, version: rest };
    if (type === 'snapshot') {
      if (!/^[0-9a-f]{8,64}$/i.test(rest)) {
        ctx.addIssue({ code: 'custom', message: `snapshot "${rest}" is not a schema hash` });
        return z.NEVER;
      }
      return { type, hash: rest.toLowerCase() };
    }
    if (type === 'models') {
      // Only the files as they are now: models have no history of their own (past versions are git's).
      if (rest !== 'current') {
        ctx.addIssue({ code: 'custom', message: `models "${rest}" is not known: use models:current` });
        return z.NEVER;
      }
      return { type, at: 'current' };
    }
    ctx.addIssue({ code: 'custom', message: `unknown kind "${type}": use env:, expected:, snapshot: or models:` });
    return z.NEVER;
  });

export function formatRef(ref: Ref): string {
  if (ref.type === 'env') return `env:${ref.name}`;
  if (ref.type === 'expected') return `expected:${ref.version}`;
  if (ref.type === 'models') return `models:${ref.at}`;
  return `snapshot:${ref.hash}`;
}

export function diffHref(left: Ref | string, right: Ref | string, project?: string | null): string {
  const l = typeof left === 'string' ? left : formatRef(left);
  const r = typeof right === 'string' ? right : formatRef(right);
  return pageHref('/diff', { left: l, right: r }, project);
}
