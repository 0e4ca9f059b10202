import { expect, test } from '@playwright/test';
import { GHOST_COLUMNS, finalVersion } from '../lib/demo/scenario';
import { keepScreenshot } from './support';

test('the diff of production against its expected schema lists the columns dropped by hand', async ({ page }, testInfo) => {
  const version = finalVersion('production');
  await page.goto(`/diff?left=expected:${version}&right=env:production`);
  await expect(page.getByRole('heading', { level: 1, name: 'Diff' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 2 })).toHaveText(/\d+ changes?/);

  const users = page.getByRole('table', { name: 'Changes in public.users' });
  for (const column of GHOST_COLUMNS) {
    const row = users.getByRole('row').filter({ has: page.getByRole('rowheader', { name: `column ${column}` }) });
    await expect(row).toContainText('missing');
  }
  // The choice lives in the URL: reloading it (a link shared in a chat) shows the same diff.
  await page.reload();
  await expect(page.getByRole('table', { name: 'Changes in public.users' })).toBeVisible();
  await keepScreenshot(page, testInfo, 'diff-production');
});
