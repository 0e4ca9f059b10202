import type { EnvironmentStatus, StatusReport } from '../model/status';
import { blankStatus } from '../status/check';
import { latestStates } from '../store';
import { getAppContext } from './context';
import { toPublic } from './sanitize';

/** The CLI's `status --json` shape, from the latest stored state of every configured environment. */
export async function getStatus(): Promise<StatusReport> {
  const ctx = await getAppContext();
  const states = await latestStates(ctx.store);
  const byName = new Map(states.map((s) => [s.name, s]));
  const environments = ctx.config.environments.map((env): EnvironmentStatus =>
    byName.get(env.name) ??
      blankStatus(env, ctx.migrations, { status: 'error', error: 'not checked yet: the first poll has not finished' }),
  );
  return toPublic({ environments }, ctx.secrets);
}
