import type { EnvironmentStatus, StatusReport } from '../model/status';
import { keyOf } from '../model/config';
import { blankStatus } from '../status/check';
import { latestOfEach } from '../store/read-states';
import { getAppContext, projectView } from './context';
import { toPublic } from './sanitize';

/**
 * The CLI's `status --json` shape, from the latest stored state of every configured environment: of one
 * project, or (no `project`) of every project — in a `projects` config each entry then names its project.
 */
export async function getStatus(project?: string | null): Promise<StatusReport> {
  const root = await getAppContext();
  const views = project ? [projectView(root, project)] : root.projects.map((p) => projectView(root, p.name));
  const latest = await latestOfEach(root.store);
  const environments = views.flatMap((ctx) =>
    ctx.config.environments.map((env): EnvironmentStatus & { project?: string } => {
      const status =
        latest.get(keyOf(env))?.status ?? blankStatus(env, ctx.migrations, { status: 'error', error: 'not checked yet: the first poll has not finished' });
      return ctx.multiProject ? { project: ctx.project.name, ...status } : status;
    }),
  );
  return toPublic({ environments }, root.secrets);
}
