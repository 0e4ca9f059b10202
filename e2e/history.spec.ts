import { expect, test } from '@playwright/test';
import { keepScreenshot } from './support';

test("production's history draws its chart and lists the events", async ({ page }, testInfo) => {
  await page.goto('/history/production');
  await expect(page.getByRole('heading', { level: 1 })).toContainText('History of production');

  const chart = page.getByRole('figure', { name: 'History chart' });
  await expect(chart.locator('svg.recharts-surface').first()).toBeVisible();
  // One drawn line per series, with real points (the seeded past plus live polls).
  await expect(chart.locator('.recharts-line-curve').first()).toBeVisible();
  for (const series of ['Version', 'Pending', 'Drift']) await expect(chart.getByText(series, { exact: true }).first()).toBeVisible();

  const events = page.getByRole('list', { name: 'Events' });
  await expect(events.getByRole('listitem').first()).toBeVisible();
  await expect(events.getByRole('link', { name: /^View diff/ }).first()).toBeVisible();
  await keepScreenshot(page, testInfo, 'history-production');
});
