import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import { DEMO_HEAD, GHOST_COLUMNS, GHOST_MIGRATION } from '../lib/demo/scenario';
import { UNREACHABLE_BASE_URL, keepScreenshot } from './support';

/** The head's Create Date (lib/demo/project/versions/a6c3e9d2b814_soft_delete_orders.py): staging waits on it. */
const HEAD_WRITTEN = Date.parse('2024-05-21T15:16:38.004Z');
const wholeDays = (at: number) => Math.floor((Date.now() - at) / 86_400_000);

const matrix = (page: Page) => page.getByRole('table', { name: 'Migrations by environment' });
const behindOf = (page: Page, env: string) => page.getByRole('list', { name: 'Behind by environment' }).getByRole('listitem', { name: env });

test("the migrations page shows production's ghost, staging's pending migration and the days behind", async ({ page }, testInfo) => {
  await page.goto('/');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Migrations' }).click();
  await expect(page).toHaveURL(/\/migrations$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Migrations × environments' })).toBeVisible();

  // Staging waits on the head only, written (per its Create Date) this many days ago.
  const before = wholeDays(HEAD_WRITTEN);
  const stagingLine = behindOf(page, 'staging').getByText(/^1 behind, for \d+ days$/);
  await expect(stagingLine).toBeVisible();
  const days = Number(/for (\d+) days/.exec(await stagingLine.innerText())![1]);
  expect([before, wholeDays(HEAD_WRITTEN)]).toContain(days);
  await expect(behindOf(page, 'production').getByText(/^4 behind, for \d+ days$/)).toBeVisible();
  await expect(behindOf(page, 'local').getByText('up to date', { exact: true })).toBeVisible();

  // Rows newest first: the head is the first row.
  await expect(matrix(page).getByRole('rowheader').first()).toContainText(DEMO_HEAD);
  const ghost = matrix(page).getByRole('link', { name: `${GHOST_MIGRATION} on production: applied but missing (${GHOST_COLUMNS.length} objects)` });
  const pending = matrix(page).getByRole('link', { name: new RegExp(`^${DEMO_HEAD} on staging: pending \\((low|medium|high|critical) risk\\)$`) });
  await expect(ghost).toBeVisible();
  await expect(pending).toBeVisible();
  await expect(matrix(page).getByRole('link', { name: `${DEMO_HEAD} on local: applied`, exact: true })).toBeVisible();

  // The ghost's cell opens its missing objects.
  await ghost.click();
  const ghostDetail = page.getByRole('region', { name: `${GHOST_MIGRATION} on production: applied but missing` });
  await expect(ghostDetail).toBeVisible();
  const missing = ghostDetail.getByRole('list', { name: 'Missing objects' }).getByRole('listitem');
  await expect(missing).toHaveText(GHOST_COLUMNS.map((c) => `public.users.${c}`).sort());
  await keepScreenshot(page, testInfo, 'migrations-ghost');

  // Staging's pending cell opens the migration's findings, with a way to plan it.
  await pending.click();
  const pendingDetail = page.getByRole('region', { name: `${DEMO_HEAD} on staging: pending` });
  await expect(pendingDetail).toBeVisible();
  await expect(pendingDetail.getByRole('heading', { name: /^Findings/ })).toBeVisible();
  await expect(pendingDetail.getByRole('link', { name: 'Plan to here' })).toHaveAttribute('href', `/plan?env=staging&target=${DEMO_HEAD}`);
  await keepScreenshot(page, testInfo, 'migrations-pending');
});

test('an unreachable environment is unknown in every cell, never applied or pending', async ({ page, request }) => {
  // The page shows the latest stored read: wait until the server has recorded staging's first live poll.
  await expect
    .poll(async () => {
      const body = (await (await request.get(`${UNREACHABLE_BASE_URL}/api/migrations`)).json()) as { columns: Array<{ environment: string; health: string }> };
      return body.columns.find((c) => c.environment === 'staging')?.health;
    })
    .toBe('unreachable');
  await page.goto(`${UNREACHABLE_BASE_URL}/migrations`);
  await expect(behindOf(page, 'staging').getByText(/^behind: unknown/)).toBeVisible();
  await expect(matrix(page).getByRole('link', { name: `${DEMO_HEAD} on staging: unknown`, exact: true })).toBeVisible();
  await expect(matrix(page).getByRole('link', { name: /on staging: (applied|pending)/ })).toHaveCount(0);
});
