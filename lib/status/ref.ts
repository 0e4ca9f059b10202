import { openTarget, passwordOf, redactText, redactUrl, UnreachableError } from '../db';
import { introspect } from '../introspect';
import { connectionUrl } from '../config/schema';
import type { DriftboardConfig } from '../model/config';
import { UserInputError } from '../model/errors';
import type { Snapshot } from '../model/schema';
import { findEnvironment } from './report';
import { DEFAULT_TIMEOUT_MS } from './check';

export interface ResolvedRef {
  /** The environment name, or the URL with its password masked. */
  label: string;
  snapshot: Snapshot;
}

/**
 * Reads the schema a `diff` endpoint names: an environment of `config`, or a connection URL
 * (postgres://, postgresql://, pglite://). Bad input → UserInputError; a target that cannot be reached →
 * UnreachableError; neither message holds a password.
 */
export async function resolveSchemaRef(config: DriftboardConfig | null, ref: string, options: { timeoutMs?: number } = {}): Promise<ResolvedRef> {
  let url: string;
  let label: string;
  let schemas: string[] | null = null;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(ref)) {
    const checked = connectionUrl.safeParse(ref);
    if (!checked.success) throw new UserInputError(`${redactUrl(ref)}: ${checked.error.issues[0].message}`);
    url = ref;
    label = redactUrl(ref);
  } else {
    if (!config) throw new UserInputError(`"${ref}" is not a connection URL, and there is no config file to find an environment of that name in`);
    const env = findEnvironment(config, ref);
    url = env.url;
    label = env.name;
    schemas = env.schemas;
  }
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const secret = passwordOf(url);
  let db;
  try {
    db = await openTarget(url, { timeoutMs, readOnly: true });
  } catch (err) {
    throw new UnreachableError(`${label}: ${redactText((err as Error).message, [secret])}`, { cause: err });
  }
  try {
    return { label, snapshot: await introspect(db, { schemas, statementTimeoutMs: timeoutMs, openSession: () => openTarget(url, { timeoutMs, readOnly: true }) }) };
  } catch (err) {
    throw new Error(`${label}: ${redactText((err as Error).message, [secret])}`, { cause: err });
  } finally {
    await db.close();
  }
}
