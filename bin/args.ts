import { parseArgs, type ParseArgsConfig } from 'node:util';
import { z } from 'zod';
import { RISK_LEVELS } from '../lib/model/risk';
import { UsageError } from './io';

type Options = NonNullable<ParseArgsConfig['options']>;

/** node:util parseArgs, strict, with its errors turned into one-line usage errors. */
export function parseFlags<O extends Options>(command: string, argv: string[], options: O, allowPositionals = false) {
  try {
    return parseArgs({ args: argv, options, strict: true, allowPositionals });
  } catch (err) {
    const message = (err as Error).message.split('\n')[0].replace(/\. To specify a positional argument.*$/, '');
    throw new UsageError(`${command}: ${message} (see driftboard ${command} --help)`);
  }
}

/** Validates parsed flags with zod; the first issue becomes a one-line usage error naming the flag. */
export function validateFlags<T extends z.ZodType>(command: string, schema: T, values: unknown): z.infer<T> {
  const result = schema.safeParse(values);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const flag = issue.path.length ? `--${String(issue.path[0])}` : command;
  throw new UsageError(`${command}: ${flag}: ${issue.message}`);
}

export const riskLevel = z.enum(RISK_LEVELS as [string, ...string[]], {
  error: `must be one of ${RISK_LEVELS.join(', ')}`,
}) as unknown as z.ZodType<(typeof RISK_LEVELS)[number]>;

export const timeoutSeconds = z
  .string()
  .regex(/^\d+(\.\d+)?$/, 'must be a number of seconds')
  .transform((s) => Math.max(1, Math.round(Number(s) * 1000)));

export const COMMON_OPTIONS = {
  config: { type: 'string', short: 'c' },
  json: { type: 'boolean', default: false },
  timeout: { type: 'string' },
  help: { type: 'boolean', short: 'h', default: false },
} as const;
