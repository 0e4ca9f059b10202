import { readFile } from 'node:fs/promises';
import { expect, test } from '@playwright/test';
import { DEMO_REVISIONS } from '../lib/demo/scenario';
import { keepScreenshot } from './support';

test('the plan for production to head exports as Markdown', async ({ page }, testInfo) => {
  await page.goto('/plan?env=production&target=head');
  await expect(page.getByRole('heading', { level: 1, name: 'Migration plan' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Pre-flight checklist' })).toBeVisible();
  await expect(page.getByRole('list', { name: 'Plan steps' }).getByRole('listitem').first()).toBeVisible();

  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export Markdown' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^driftboard-plan-production-.*\.md$/);
  const markdown = await readFile((await file.path())!, 'utf8');
  expect(markdown).toMatch(/^# Migration plan: production → /);
  // Every pending step is in it, in apply order, the risky index build among them.
  const pending = DEMO_REVISIONS.slice(-4);
  const stepsAt = markdown.search(/^#+ .*Steps/m);
  expect(stepsAt).toBeGreaterThan(0);
  const steps = markdown.slice(stepsAt);
  const positions = pending.map((id) => steps.indexOf(id));
  expect(positions.every((p) => p >= 0)).toBe(true);
  expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  expect(markdown).toMatch(/ix_events_organization_id_created_at/);
  await testInfo.attach('plan.md', { body: markdown, contentType: 'text/markdown' });
  await keepScreenshot(page, testInfo, 'plan-production');
});
