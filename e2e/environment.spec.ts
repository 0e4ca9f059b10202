import { expect, test } from '@playwright/test';
import { GHOST_COLUMNS, GHOST_MIGRATION } from '../lib/demo/scenario';
import { keepScreenshot } from './support';

test('production highlights its applied-but-missing migration and lists what is pending', async ({ page }, testInfo) => {
  await page.goto('/env/production');
  await expect(page.getByRole('heading', { level: 1 })).toContainText('production');

  await expect(page.getByRole('heading', { name: 'Applied but missing' })).toBeVisible();
  // Scoped to the item that names the missing objects (events mention the migration as well).
  const ghost = page.getByRole('listitem').filter({ hasText: GHOST_MIGRATION }).filter({ hasText: 'public.users.' });
  for (const column of GHOST_COLUMNS) await expect(ghost).toContainText(`public.users.${column}`);

  await expect(page.getByRole('heading', { name: 'Pending migrations (4)' })).toBeVisible();
  const pending = page.getByRole('list', { name: 'Pending migrations' });
  await expect(pending.locator(':scope > li')).toHaveCount(4);
  await expect(pending.locator(':scope > li').filter({ hasText: '5d8a2c7f1e39' })).toContainText(/high|critical/);
  await keepScreenshot(page, testInfo, 'environment-production');
});
