/** zod schemas for what the routes and pages accept: one definition, used at every boundary. */
import { z } from 'zod';
import { refSchema } from './refs';

export const environmentName = z.string().trim().min(1, 'is required').max(100, 'is too long');

export const nameParams = z.object({ name: environmentName });

export const diffQuery = z.object({ left: refSchema, right: refSchema });

export const planQuery = z.object({
  env: environmentName,
  target: z.string().trim().min(1).max(200).default('head'),
  format: z.enum(['json', 'markdown']).default('json'),
});

export const eventsQuery = z.object({
  env: environmentName.optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});

export const historyQuery = z.object({
  since: z.iso.datetime({ offset: true }).optional(),
});

/** The query string of `request` as a plain object (first value of each key), for a zod schema. */
export function queryOf(request: Request): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of new URL(request.url).searchParams) if (!(k in out)) out[k] = v;
  return out;
}

export const repairQuery = z.object({
  env: environmentName,
  to: z.string().trim().min(1).max(100).default('expected'),
  include: z.enum(['unexpected']).optional(),
  format: z.enum(['json', 'sql']).default('json'),
});

/** `?project=NAME`: which project of a `projects` config a page or API call is about (absent = the only one). */
export const projectQuery = z.object({ project: z.string().trim().min(1).max(100, 'is too long').optional() });

/** The `?project=` of a request (absent when not given). */
export function projectOf(request: Request): string | undefined {
  return projectQuery.parse(queryOf(request)).project;
}
