/**
 * The dashboard on a `projects` config for e2e/projects.spec.ts: builds the two projects of
 * lib/testing/two-projects.ts on the local PostgreSQL (real psql, real Alembic), then runs the production
 * build on PROJECTS_PORT with DRIFTBOARD_CONFIG pointing at them. Started by playwright.config.ts; on exit
 * it stops the server and drops its databases (and first drops any an earlier, killed run left behind).
 */
import { spawn } from 'node:child_process';
import { buildTwoProjects } from '../lib/testing/two-projects';
import { PROJECTS_PORT } from './support';
import { dropProjectsDatabases, PROJECTS_DB_PREFIX } from './projects-databases';

await dropProjectsDatabases();
const fixture = await buildTwoProjects(PROJECTS_DB_PREFIX);
const server = spawn('npx', ['next', 'start', '-p', String(PROJECTS_PORT), '-H', '127.0.0.1'], {
  stdio: ['ignore', 'ignore', 'inherit'],
  env: { ...process.env, DRIFTBOARD_CONFIG: fixture.configFile },
});

let stopping = false;
async function stop(code: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  server.kill('SIGTERM');
  await fixture.drop().catch(() => {});
  process.exit(code);
}
server.on('exit', (code) => void stop(code ?? 1));
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => void stop(0));
