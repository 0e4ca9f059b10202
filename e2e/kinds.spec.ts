import { expect, test, type Locator, type Page } from '@playwright/test';
import { LOCAL_EXTRA_COLUMN } from '../lib/demo/scenario';

// The demo has no drift in functions, triggers, policies or grants; the filter is the same for every kind,
// so it is tested on the kinds the demo's environments do differ in.

const kindFilter = (page: Page) => page.getByRole('group', { name: 'Filter by kind' });

async function rowKinds(scope: Locator): Promise<string[]> {
  const headers = await scope.getByRole('rowheader').allTextContents();
  return [...new Set(headers.map((h) => h.trim().split(/\s+/)[0]))].sort();
}

test('the diff page filters the changes by kind', async ({ page }) => {
  await page.goto('/diff?left=env:production&right=env:local');
  await expect(page.getByRole('heading', { level: 2 })).toHaveText(/\d+ changes?/);
  const filter = kindFilter(page);
  // Each checkbox's label is `kind (count)`: the kinds offered are exactly the kinds listed.
  const kinds = (await filter.locator('label').allTextContents()).map((t) => t.trim().split(/\s+/)[0]).sort();
  const results = page.getByRole('region', { name: /^\d+ changes?/ });
  expect(await rowKinds(results)).toEqual(kinds);

  // Production and local differ in several kinds (columns, indexes, enum labels): checking one shows only it.
  expect(kinds.length).toBeGreaterThan(1);
  const pick = kinds.includes('column') ? 'column' : kinds[0];
  const box = filter.getByRole('checkbox', { name: new RegExp(`^${pick} \\(\\d+\\)$`) });
  await box.check();
  await expect.poll(() => rowKinds(results)).toEqual([pick]);

  await filter.getByRole('button', { name: 'all kinds' }).click();
  await expect(box).not.toBeChecked();
  await expect.poll(() => rowKinds(results)).toEqual(kinds);
});

test('the environment page filters its drift by kind', async ({ page }) => {
  // The column added by hand while debugging is local's drift.
  await page.goto('/env/local');
  const drift = page.getByRole('region', { name: /^Drift \(\d+\)$/ });
  const filter = drift.getByRole('group', { name: 'Filter by kind' });
  const column = filter.getByRole('checkbox', { name: /^column \(\d+\)$/ });
  await expect(column).toBeVisible();
  await column.check();
  const table = drift.getByRole('table', { name: `Drift in public.${LOCAL_EXTRA_COLUMN.table}` });
  await expect(table.getByRole('rowheader', { name: `column ${LOCAL_EXTRA_COLUMN.column}` })).toBeVisible();
  await expect.poll(() => rowKinds(drift)).toEqual(['column']);
});
