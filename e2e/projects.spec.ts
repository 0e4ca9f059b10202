import { expect, test } from '@playwright/test';
import { ACCOUNTS_HEAD } from '../lib/testing/two-projects';
import { PROJECTS_BASE_URL, keepScreenshot } from './support';

test.use({ baseURL: PROJECTS_BASE_URL });

test('two projects on one dashboard: grouped overview, a matrix and head each, pages carry the project', async ({ page }, testInfo) => {
  await page.goto('/');
  const billing = page.getByRole('region', { name: 'Project billing' });
  const accounts = page.getByRole('region', { name: 'Project accounts' });
  await expect(billing.getByRole('heading', { name: 'billing' })).toBeVisible();
  await expect(billing.getByText(/2 environments · sql migrations · head\s*3/)).toBeVisible();
  await expect(accounts.getByText(new RegExp(`1 environment · alembic migrations · head\\s*${ACCOUNTS_HEAD}`))).toBeVisible();
  // Each project has its own matrix, of its own environments only.
  await expect(billing.getByRole('table', { name: 'Sync matrix of billing' }).getByRole('columnheader')).toHaveText(['production', 'staging']);
  await expect(accounts.getByRole('table', { name: 'Sync matrix of accounts' })).toBeVisible();
  await keepScreenshot(page, testInfo, 'projects-overview');

  // Both have a "production": each link opens its own project's.
  await accounts.getByRole('table', { name: 'Environments' }).getByRole('link', { name: 'production' }).click();
  await expect(page).toHaveURL(/\/env\/production\?project=accounts$/);
  await expect(page.getByText('Project accounts')).toBeVisible();
  await expect(page.getByText('legacy_code')).toBeVisible();
  await page.goBack();
  await billing.getByRole('table', { name: 'Environments' }).getByRole('link', { name: 'production' }).click();
  await expect(page).toHaveURL(/\/env\/production\?project=billing$/);
  await expect(page.getByText('Project billing')).toBeVisible();
  await expect(page.getByText('legacy_code')).toHaveCount(0);

  // The migration × environment page per project, switched with the project picker.
  await page.goto('/migrations?project=billing');
  await expect(page.getByRole('heading', { level: 1, name: 'Migrations × environments · billing' })).toBeVisible();
  await expect(page.getByRole('list', { name: 'Behind by environment' }).getByRole('listitem', { name: 'staging' }).getByText(/^1 behind/)).toBeVisible();
  await page.getByRole('navigation', { name: 'Projects' }).getByRole('link', { name: 'accounts' }).click();
  await expect(page).toHaveURL(/\/migrations\?project=accounts$/);
  await expect(page.getByRole('table', { name: 'Migrations by environment' }).getByRole('rowheader').first()).toContainText(ACCOUNTS_HEAD);
});
