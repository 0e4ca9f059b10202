import { expect, test } from '@playwright/test';
import { EXPECTED, cellUnder, keepScreenshot, rowOf } from './support';

test('the overview shows the three demo environments with their versions and how far behind they are', async ({ page }, testInfo) => {
  await page.goto('/');
  await expect(page.getByRole('region', { name: 'Demo notice' })).toContainText('This is the embedded demo');
  await expect(page.getByRole('heading', { level: 1, name: 'Environments' })).toBeVisible();

  const table = page.getByRole('table', { name: 'Environments' });
  await expect(table.getByRole('rowheader')).toHaveCount(3);
  for (const [env, expected] of Object.entries(EXPECTED)) {
    const row = rowOf(table, env);
    await expect(await cellUnder(table, row, 'Version')).toContainText(expected.version.slice(0, 12));
    await expect(await cellUnder(table, row, 'Behind')).toHaveText(String(expected.behind));
    await expect(await cellUnder(table, row, 'Status')).toContainText('ok');
  }
  // Production's index build on a million-row table is what makes its pending risk high.
  await expect(await cellUnder(table, rowOf(table, 'production'), 'Highest pending risk')).toHaveText(/high|critical/);
  await expect(page.getByRole('table', { name: 'Sync matrix' })).toBeVisible();
  await keepScreenshot(page, testInfo, 'overview');
});
