import { expect, test } from '@playwright/test';
import { UNREACHABLE_PASSWORD } from '../lib/demo/scenario';
import { UNREACHABLE_BASE_URL } from './support';

// Staging's (unreachable) URL carries a password: nothing the app serves may contain it, or any connection URL.
const PATHS = [
  '/',
  '/env/staging',
  '/env/production',
  '/history/staging',
  '/diff?left=env:staging&right=env:production',
  '/plan?env=staging&target=head',
  '/api/status',
  '/api/overview',
  '/api/environments/staging',
  '/api/history/staging',
  '/api/events?env=staging',
  '/api/snapshots/staging',
];

test('no password or connection URL appears in any page or API answer', async ({ request }) => {
  for (const path of PATHS) {
    const res = await request.get(`${UNREACHABLE_BASE_URL}${path}`);
    expect(res.status(), path).toBeLessThan(500);
    const body = await res.text();
    expect(body, path).not.toContain(UNREACHABLE_PASSWORD);
    expect(body, path).not.toMatch(/(postgres(ql)?|pglite):\/\//);
  }
});
