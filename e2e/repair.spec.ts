import { readFile } from 'node:fs/promises';
import { expect, test } from '@playwright/test';
import { GHOST_COLUMNS } from '../lib/demo/scenario';
import { keepScreenshot } from './support';

test('production’s repair re-adds its ghost columns, verified, and downloads as .sql', async ({ page }, testInfo) => {
  await page.goto('/env/production');
  await page.getByRole('link', { name: 'Repair SQL' }).click();
  await expect(page).toHaveURL(/\/repair\?env=production/);
  await expect(page.getByRole('status').filter({ hasText: 'Verified on a shadow copy' })).toBeVisible();
  const script = page.getByRole('textbox', { name: 'repair SQL' });
  for (const column of GHOST_COLUMNS) await expect(script).toHaveValue(new RegExp(`ADD COLUMN IF NOT EXISTS ${column} `));
  await expect(page.getByRole('heading', { name: 'What the script cannot restore' })).toBeVisible();

  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download repair SQL' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe('driftboard-repair-production-to-expected.sql');
  const sql = await readFile((await file.path())!, 'utf8');
  expect(sql).toMatch(/^-- Driftboard repair for production → expected/);
  expect(sql).toMatch(/^SET lock_timeout = '5s';$/m);
  await keepScreenshot(page, testInfo, 'repair-production');
});

test('local’s hand-added column is offered as a commented-out drop, and the plan offers to repair first', async ({ page }) => {
  await page.goto('/repair?env=local');
  const script = page.getByRole('textbox', { name: 'repair SQL' });
  await expect(script).toHaveValue(/^-- ALTER TABLE public\.orders DROP COLUMN IF EXISTS internal_note;$/m);
  await page.goto('/plan?env=production&target=head');
  await expect(page.getByRole('heading', { name: 'Step 0: repair drift first' })).toBeVisible();
  await page.getByRole('link', { name: 'Repair drift first' }).click();
  await expect(page).toHaveURL(/\/repair\?env=production/);
});
