import { request as httpRequest } from 'node:http';
import { expect, test, type Page } from '@playwright/test';
import { AUTH_BASE_URL, OIDC_ISSUER } from './auth-support';
import { routeTree } from './route-tree';
import { DEMO_PORT } from './support';

/**
 * Sign-in on (the third server of playwright.config.ts) through a real OIDC provider on loopback
 * (e2e/oidc-server.ts, the `oidc-provider` package): logins starting with "admin" are admins.
 */
test.describe.configure({ mode: 'serial' });

/** Signs in through the provider's own login and consent pages, starting from `path`. */
async function signIn(page: Page, login: string, path: string): Promise<void> {
  await page.goto(`${AUTH_BASE_URL}${path}`);
  await expect(page).toHaveURL(new RegExp(`^${OIDC_ISSUER}/`));
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill('any');
  await page.locator('button[type="submit"]').click();
  // The consent page, the first time this login meets this client.
  const consent = page.getByRole('button', { name: /continue/i });
  await expect(consent.or(page.getByTestId('signed-in-as'))).toBeVisible();
  if (await consent.isVisible()) await consent.click();
  await expect(page.getByTestId('signed-in-as')).toContainText(login);
  await expect(page).toHaveURL(`${AUTH_BASE_URL}${path}`);
}

test.beforeAll(async ({ request }) => {
  test.setTimeout(300_000);
  // The server answers at once but opens its history store (and builds the demo) in the background; a token
  // can be checked only once it is open (503 until then, 401 for this unknown token after).
  await expect
    .poll(async () => (await request.get(`${AUTH_BASE_URL}/api/status`, { headers: { authorization: 'Bearer dbt_unknown' } })).status(), {
      timeout: 240_000,
      message: 'the sign-in server never opened its history store',
    })
    .toBe(401);
});

test('an anonymous request to every route in the app is refused', async ({ request }) => {
  const routes = routeTree().filter((r) => !r.path.startsWith('/api/auth'));
  expect(routes.filter((r) => r.kind === 'page').map((r) => r.path)).toEqual(expect.arrayContaining(['/', '/env/production', '/admin/tokens', '/admin/audit']));
  expect(routes.filter((r) => r.kind === 'api').map((r) => `${r.method} ${r.path}`)).toEqual(
    expect.arrayContaining(['GET /api/status', 'GET /api/overview', 'POST /api/tokens', 'DELETE /api/tokens/1', 'GET /api/audit']),
  );
  for (const r of routes) {
    // A same-origin Origin, so CSRF protection does not answer first: this is about sign-in.
    const res = await request.fetch(`${AUTH_BASE_URL}${r.path}`, { method: r.method, maxRedirects: 0, headers: { origin: AUTH_BASE_URL } });
    if (r.kind === 'api') {
      expect(res.status(), `${r.method} ${r.path} (${r.file})`).toBe(401);
      expect(await res.json()).toEqual({ error: expect.stringMatching(/sign in/) });
    } else {
      expect(res.status(), `${r.path} (${r.file})`).toBe(307);
      expect(new URL(res.headers().location, AUTH_BASE_URL).href).toBe(`${AUTH_BASE_URL}/api/auth/login?next=${encodeURIComponent(r.path)}`);
    }
  }
  // A token that does not exist is no better than none.
  const forged = await request.get(`${AUTH_BASE_URL}/api/status`, { headers: { authorization: 'Bearer dbt_forged' } });
  expect(forged.status()).toBe(401);
});

test('a viewer signs in, sees environments, and cannot reach the admin pages or APIs', async ({ page }) => {
  await signIn(page, 'viewer1', '/env/production');
  await expect(page.getByRole('heading', { level: 1 })).toContainText('production');
  await expect(page.getByRole('link', { name: 'Tokens' })).toHaveCount(0);
  for (const path of ['/admin/tokens', '/admin/audit']) {
    const res = await page.goto(`${AUTH_BASE_URL}${path}`);
    expect(res?.status(), path).toBe(403);
  }
  for (const path of ['/api/tokens', '/api/audit']) {
    const res = await page.request.get(`${AUTH_BASE_URL}${path}`);
    expect(res.status(), path).toBe(403);
  }
  const created = await page.request.post(`${AUTH_BASE_URL}/api/tokens`, { data: { name: 'sneaky' }, headers: { origin: AUTH_BASE_URL } });
  expect(created.status()).toBe(403);
  const cookies = await page.context().cookies(AUTH_BASE_URL);
  const session = cookies.find((c) => /session_token$/.test(c.name));
  expect(session).toMatchObject({ httpOnly: true, sameSite: 'Lax' });
});

test('an admin creates a token that works for /api/status until revoked, and the audit page lists it all', async ({ page, playwright }) => {
  await signIn(page, 'admin1', '/admin/tokens');
  await page.getByLabel('Name').fill('ci-pipeline');
  await page.getByRole('button', { name: 'Create token' }).click();
  const token = (await page.getByTestId('new-token').innerText()).trim();
  expect(token).toMatch(/^dbt_/);

  // A script: no cookies, only the token.
  const script = await playwright.request.newContext();
  const bearer = { authorization: `Bearer ${token}` };
  const ok = await script.get(`${AUTH_BASE_URL}/api/status`, { headers: bearer });
  expect(ok.status()).toBe(200);
  expect((await ok.json()).environments).toHaveLength(3);
  expect((await script.get(`${AUTH_BASE_URL}/api/plan?env=staging&format=markdown`, { headers: bearer })).status()).toBe(200);
  // A viewer token may read, not administer.
  expect((await script.get(`${AUTH_BASE_URL}/api/tokens`, { headers: bearer })).status()).toBe(403);

  await page.reload();
  await page.getByRole('button', { name: 'Revoke ci-pipeline' }).click();
  await expect(page.getByRole('row', { name: /ci-pipeline/ })).toContainText('revoked');
  const after = await script.get(`${AUTH_BASE_URL}/api/status`, { headers: bearer });
  expect(after.status()).toBe(401);
  await script.dispose();

  await page.goto(`${AUTH_BASE_URL}/repair?env=production`);
  await page.goto(`${AUTH_BASE_URL}/admin/audit`);
  const table = page.getByRole('table');
  for (const [principal, action, object] of [
    ['user:viewer1@example.test', 'sign-in', '—'],
    ['user:viewer1@example.test', 'view-environment', 'production'],
    ['user:admin1@example.test', 'sign-in', '—'],
    ['user:admin1@example.test', 'create-token', /token:\d+:ci-pipeline/],
    [/token:\d+:ci-pipeline/, 'export-plan', 'staging → head'],
    ['user:admin1@example.test', 'revoke-token', /token:\d+:ci-pipeline/],
    ['user:admin1@example.test', 'generate-repair', 'production → expected'],
  ] as const) {
    const row = table.getByRole('row').filter({ hasText: principal }).filter({ hasText: action }).filter({ hasText: object });
    await expect(row.first(), `${String(principal)} ${action}`).toBeVisible();
    await expect(row.first()).toContainText('127.0.0.1');
  }
  const api = await page.request.get(`${AUTH_BASE_URL}/api/audit`);
  expect(api.status()).toBe(200);
  expect((await api.json()).entries.map((e: { action: string }) => e.action)).toEqual(expect.arrayContaining(['sign-in', 'create-token', 'revoke-token']));
});

test('state-changing API calls from another site are refused (CSRF), and other Host names get nothing', async ({ request }) => {
  const res = await request.post(`${AUTH_BASE_URL}/api/tokens`, { data: { name: 'x' }, headers: { origin: 'https://evil.example' } });
  expect(res.status()).toBe(403);
  expect(await hostStatus(AUTH_BASE_URL, '/api/status', 'rebind.evil.example')).toBe(403);
  expect(await hostStatus(AUTH_BASE_URL, '/api/status', '127.0.0.1')).toBe(401);
});

test('security headers on every answer', async ({ request }) => {
  const res = await request.get(`http://127.0.0.1:${DEMO_PORT}/`);
  const h = res.headers();
  expect(h['content-security-policy']).toContain("frame-ancestors 'none'");
  expect(h['content-security-policy']).not.toContain('unsafe-eval');
  expect(h['x-content-type-options']).toBe('nosniff');
  expect(h['referrer-policy']).toBe('same-origin');
});

test('HTTP faults: malformed %-escapes are 400, unknown environments 404, other methods on pages 405', async ({ request }) => {
  const base = `http://127.0.0.1:${DEMO_PORT}`;
  for (const path of ['/api/environments/%', '/env/%zz', '/history/%ff%fe']) {
    const res = await request.get(`${base}${path}`);
    expect(res.status(), path).toBe(400);
  }
  for (const path of ['/env/no-such-env', '/history/no-such-env']) {
    const res = await request.get(`${base}${path}`);
    expect(res.status(), path).toBe(404);
  }
  for (const method of ['POST', 'PUT', 'DELETE']) {
    const res = await request.fetch(`${base}/env/production`, { method });
    expect(res.status(), method).toBe(405);
    expect(res.headers().allow).toBe('GET, HEAD');
  }
});

/** A request with its own Host header (browsers and fetch cannot set one). */
function hostStatus(base: string, path: string, host: string): Promise<number> {
  const url = new URL(path, base);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: url.hostname, port: url.port, path: url.pathname, headers: { host } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}
