import { expect, test } from '@playwright/test';
import { EXPECTED, UNREACHABLE_BASE_URL, cellUnder, keepScreenshot, rowOf } from './support';

test.use({ baseURL: UNREACHABLE_BASE_URL });

test('with staging unreachable, the other environments still render and staging shows why', async ({ page }, testInfo) => {
  await page.goto('/');
  const table = page.getByRole('table', { name: 'Environments' });
  const staging = rowOf(table, 'staging');
  await expect(await cellUnder(table, staging, 'Status')).toContainText('unreachable');
  await expect(await cellUnder(table, staging, 'Status')).toContainText(/refused/i);
  for (const env of ['local', 'production'] as const) {
    const row = rowOf(table, env);
    await expect(await cellUnder(table, row, 'Status')).toContainText('ok');
    await expect(await cellUnder(table, row, 'Version')).toContainText(EXPECTED[env].version.slice(0, 12));
  }
  await keepScreenshot(page, testInfo, 'overview-staging-unreachable');

  await page.goto('/env/staging');
  await expect(page.getByRole('alert').filter({ hasText: /^Unreachable: / })).toBeVisible();
  await keepScreenshot(page, testInfo, 'environment-staging-unreachable');
});
