import { parseArgs, type ParseArgsConfig } from 'node:util';
import { z } from 'zod';
import { RISK_LEVELS } from '../lib/model/risk';
import { UsageError } from './io';

type Options = NonNullable<ParseArgsConfig['options']>;

/** node:util parseArgs, strict, with its errors turned into one-line usage errors. */
export function parseFlags<O extends Options>(command: string, argv: string[], options: O, allowPositionals = false) {
  try {
    return parseArgs({ args: joinNegativeValues(argv, options), options, strict: true, allowPositionals });
  } catch (err) {
    const message = (err as Error).message.split('\n')[0].replace(/\. To specify a positional argument.*$/, '');
    throw new UsageError(`${command}: ${message} (see driftboard ${command} --help)`);
  }
}

/**
 * `--timeout -1`: parseArgs calls a value that starts with "-" ambiguous. A negative number after a
 * string option is its value (`--timeout=-1`), so the validation can say what is wrong with it.
 */
function joinNegativeValues(argv: string[], options: Options): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const next = argv[i + 1];
    if (arg === '--') {
      out.push(...argv.slice(i));
      break;
    }
    const long = arg.startsWith('--') ? arg.slice(2) : Object.entries(options).find(([, o]) => o.short && `-${o.short}` === arg)?.[0];
    if (long && options[long]?.type === 'string' && next !== undefined && /^-\d/.test(next)) {
      out.push(`--${long}=${next}`);
      i++;
    } else out.push(arg);
  }
  return out;
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

export const MAX_TIMEOUT_SECONDS = 3600;

/** `--timeout S`: seconds, 1 to 3600 (0 would make every environment unreachable at once). */
export const timeoutSeconds = z
  .string()
  .refine((s) => /^-?\d+(\.\d+)?$/.test(s) && Number(s) >= 1 && Number(s) <= MAX_TIMEOUT_SECONDS, {
    message: `must be a number of seconds between 1 and ${MAX_TIMEOUT_SECONDS}`,
  })
  .transform((s) => Math.round(Number(s) * 1000));

export const COMMON_OPTIONS = {
  config: { type: 'string', short: 'c' },
  /** In a `projects` config: which project (status without it: every project). */
  project: { type: 'string', short: 'p' },
  json: { type: 'boolean', default: false },
  timeout: { type: 'string' },
  help: { type: 'boolean', short: 'h', default: false },
  'no-cache': { type: 'boolean', default: false },
} as const;
