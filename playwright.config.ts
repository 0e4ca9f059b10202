import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from '@playwright/test';
import { DEMO_PORT, PROJECTS_PORT, UNREACHABLE_PORT } from './e2e/support';
import { AUTH_ENV, AUTH_PORT, OIDC_ISSUER } from './e2e/auth-support';

/**
 * End-to-end tests against the PRODUCTION build (`NEXT_DIST_DIR=.next-e2e npx next build` first, as
 * scripts/test.sh does) in demo mode, in Debian's Chromium. Two servers: the normal demo, and one whose
 * staging environment is unreachable; and (e2e/auth.spec.ts) a third with sign-in on, against a real OIDC
 * provider on loopback (e2e/oidc-server.ts); and a fourth on a two-project config (e2e/projects-server.ts). Each run gets fresh history stores in a new temporary folder.
 */

if (existsSync('driftboard.config.json')) {
  throw new Error('e2e: driftboard.config.json exists in the working directory; the tests need the embedded demo');
}

// Set once by the main process; workers inherit it, so they see the same folder (and create none).
const runDir = (process.env.DRIFTBOARD_E2E_RUN_DIR ??= mkdtempSync(join(tmpdir(), 'driftboard-e2e-')));
const distDir = process.env.NEXT_DIST_DIR || '.next-e2e';


function server(port: number, extraEnv: Record<string, string> = {}) {
  return {
    command: `npx next start -p ${port} -H 127.0.0.1`,
    url: `http://127.0.0.1:${port}/`,
    timeout: 180_000,
    reuseExistingServer: false,
    stdout: 'ignore' as const,
    stderr: 'pipe' as const,
    env: {
      NEXT_DIST_DIR: distDir,
      DRIFTBOARD_DATA_DIR: join(runDir, `store-${port}`),
      // A shared PostgreSQL store would carry history from earlier runs: always the fresh PGlite one.
      DATABASE_URL: '',
      DRIFTBOARD_CONFIG: '',
      NEXT_TELEMETRY_DISABLED: '1',
      ...extraEnv,
    },
  };
}

export default defineConfig({
  testDir: 'e2e',
  globalSetup: './e2e/global-setup.ts',
  globalTeardown: './e2e/global-teardown.ts',
  outputDir: 'test-results',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: true,
  timeout: 90_000,
  expect: { timeout: 30_000 },
  reporter: [['list'], ['html', { open: 'never', outputFolder: 'playwright-report' }]],
  use: {
    baseURL: `http://127.0.0.1:${DEMO_PORT}`,
    viewport: { width: 1280, height: 900 },
    screenshot: 'on',
    trace: 'retain-on-failure',
    acceptDownloads: true,
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    },
  },
  webServer: [
    server(DEMO_PORT),
    server(UNREACHABLE_PORT, { DRIFTBOARD_DEMO_UNREACHABLE: 'staging' }),
    {
      command: 'npx tsx e2e/oidc-server.ts',
      url: `${OIDC_ISSUER}/.well-known/openid-configuration`,
      timeout: 60_000,
      reuseExistingServer: false,
      stdout: 'ignore' as const,
      stderr: 'pipe' as const,
    },
    server(AUTH_PORT, AUTH_ENV),
    // Two projects (e2e/projects.spec.ts): the wrapper builds their databases, then runs `next start`.
    { ...server(PROJECTS_PORT), command: 'npx tsx e2e/projects-server.ts', env: { ...server(PROJECTS_PORT).env, DRIFTBOARD_CACHE_DIR: join(runDir, 'cache-projects') } },
  ],
});
