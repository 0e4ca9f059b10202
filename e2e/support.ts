import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { expect } from '@playwright/test';
import type { Locator, Page, TestInfo } from '@playwright/test';
import { DEMO_HEAD, finalVersion } from '../lib/demo/scenario';
import type { DemoEnvironment } from '../lib/demo/scenario';

/** The normal demo, and the demo whose staging environment is unreachable (see playwright.config.ts). */
export const DEMO_PORT = 3201;
export const UNREACHABLE_PORT = 3202;
export const UNREACHABLE_BASE_URL = `http://127.0.0.1:${UNREACHABLE_PORT}`;
/** The dashboard on a `projects` config (e2e/projects-server.ts). */
export const PROJECTS_PORT = 3204;
export const PROJECTS_BASE_URL = `http://127.0.0.1:${PROJECTS_PORT}`;

/** What the demo's overview must say about each environment. */
export const EXPECTED: Record<DemoEnvironment, { version: string; behind: number }> = {
  local: { version: finalVersion('local'), behind: 0 },
  staging: { version: finalVersion('staging'), behind: 1 },
  production: { version: finalVersion('production'), behind: 4 },
};
export { DEMO_HEAD };

const ARTIFACTS = resolve('e2e/artifacts');

/** Keeps a full-page screenshot as a named artifact in e2e/artifacts (git-ignored). */
export async function keepScreenshot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const path = join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  await testInfo.attach(name, { path, contentType: 'image/png' });
}

/** The cell of `row` under the column whose header starts with `header` (the row header counts as a cell). */
export async function cellUnder(table: Locator, row: Locator, header: string): Promise<Locator> {
  await expect(table.getByRole('columnheader').first()).toBeVisible();
  const headers = (await table.getByRole('columnheader').allInnerTexts()).map((h) => h.trim());
  const index = headers.findIndex((h) => h.startsWith(header));
  if (index < 0) throw new Error(`no column "${header}" in [${headers.join(', ')}]`);
  return row.locator(':scope > th, :scope > td').nth(index);
}

/** The row of a table whose row header links to `name`. */
export function rowOf(table: Locator, name: string): Locator {
  return table.getByRole('row').filter({ has: table.page().getByRole('link', { name, exact: true }) });
}
