import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createTestDatabase, type TestDatabase } from '../testing/pg-test-db';
import { openStore, type Store } from '../store';
import { appendAudit, listAudit } from '../store/audit';
import { createToken, listTokens, revokeToken, verifyToken } from '../store/tokens';
import { readAuthSettings, roleFromClaims } from './settings';
import { isAllowedHost } from './hosts';
import { listenRefusal } from './listen';
import { publicText } from './public-text';
import { auditTargetOf } from './audit-target';
import { signRole, verifyRole } from './role-signature';

const AUTH_ENV = {
  DRIFTBOARD_CONFIG: '',
  DRIFTBOARD_AUTH_ISSUER: 'https://idp.example.test/realms/x/',
  DRIFTBOARD_AUTH_CLIENT_ID: 'driftboard',
  DRIFTBOARD_AUTH_CLIENT_SECRET: 's3cret',
  DRIFTBOARD_PUBLIC_URL: 'https://drift.example.test',
  DRIFTBOARD_AUTH_SECRET: 'x'.repeat(40),
  DRIFTBOARD_AUTH_ADMIN_GROUPS: 'platform, dba',
};

/** Config folders of these tests, removed afterwards. */
const configDirs: string[] = [];
const configDir = () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'auth-cfg-'));
  configDirs.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of configDirs) rmSync(dir, { recursive: true, force: true });
});

describe('auth settings', () => {
  it('are off without configuration, and the demo may then listen anywhere but a real config only on loopback', () => {
    const demo = readAuthSettings({ DRIFTBOARD_CONFIG: '' });
    expect(demo).toMatchObject({ enabled: false, demo: true, error: null });
    expect(listenRefusal('0.0.0.0', demo)).toBeNull();
    const dir = configDir();
    const file = path.join(dir, 'driftboard.config.json');
    writeFileSync(file, JSON.stringify({ migrations: { tool: 'sql', path: '.' }, environments: [] }));
    const real = readAuthSettings({ DRIFTBOARD_CONFIG: file });
    expect(real).toMatchObject({ enabled: false, demo: false });
    expect(listenRefusal('127.0.0.1', real)).toBeNull();
    expect(listenRefusal('::1', real)).toBeNull();
    expect(listenRefusal('0.0.0.0', real)).toMatch(/^driftboard: refusing to listen on 0\.0\.0\.0 without sign-in: configure "auth"/);
  });

  it('come from variables, with roles from groups, and allow listening beyond loopback', () => {
    const s = readAuthSettings(AUTH_ENV);
    expect(s).toMatchObject({ enabled: true, error: null, allowedHosts: ['drift.example.test'] });
    expect(s.oidc).toMatchObject({ issuer: 'https://idp.example.test/realms/x', roles: { claim: 'groups', admin: ['platform', 'dba'], viewer: [] } });
    expect(listenRefusal('0.0.0.0', s)).toBeNull();
  });

  it('come from the config file, with ${ENV} secrets, and name the key of a problem', () => {
    const dir = configDir();
    const file = path.join(dir, 'driftboard.config.json');
    const auth = { issuer: 'https://idp.example.test', clientId: 'c', clientSecret: '${OIDC_SECRET}', publicUrl: 'https://d.example.test:8443', secret: '${SESSION_SECRET}', roles: { claim: 'roles', admin: ['admin'], viewer: ['dev'] } };
    writeFileSync(file, JSON.stringify({ auth }));
    const ok = readAuthSettings({ DRIFTBOARD_CONFIG: file, OIDC_SECRET: 'abc', SESSION_SECRET: 'y'.repeat(32) });
    expect(ok).toMatchObject({ enabled: true, allowedHosts: ['d.example.test:8443'], oidc: { clientSecret: 'abc', roles: { claim: 'roles' } } });
    const missing = readAuthSettings({ DRIFTBOARD_CONFIG: file, OIDC_SECRET: 'abc' });
    expect(missing).toMatchObject({ enabled: false, error: 'driftboard.config.json: auth.secret: environment variable SESSION_SECRET is not set' });
    expect(listenRefusal('127.0.0.1', missing)).toMatch(/misconfigured/);
    const short = readAuthSettings({ DRIFTBOARD_CONFIG: file, OIDC_SECRET: 'abc', SESSION_SECRET: 'short' });
    expect(short.error).toBe('driftboard.config.json: auth.secret: must be at least 32 characters');
  });

  it('map claims to roles: admin group wins, a viewer list restricts, no match means no access', () => {
    const roles = { claim: 'groups', admin: ['ops'], viewer: ['dev'] };
    expect(roleFromClaims({ groups: ['dev', 'ops'] }, roles)).toBe('admin');
    expect(roleFromClaims({ groups: ['dev'] }, roles)).toBe('viewer');
    expect(roleFromClaims({ groups: 'dev ops' }, roles)).toBe('admin');
    expect(roleFromClaims({ groups: ['sales'] }, roles)).toBeNull();
    expect(roleFromClaims({}, { ...roles, viewer: [] })).toBe('viewer');
  });
});

describe('role signature', () => {
  it('holds only for the same secret, user and role', () => {
    const sig = signRole('k'.repeat(32), 'a@x', 'viewer');
    expect(verifyRole('k'.repeat(32), 'a@x', 'viewer', sig)).toBe(true);
    expect(verifyRole('k'.repeat(32), 'a@x', 'admin', sig)).toBe(false);
    expect(verifyRole('k'.repeat(32), 'b@x', 'viewer', sig)).toBe(false);
    expect(verifyRole('j'.repeat(32), 'a@x', 'viewer', sig)).toBe(false);
    expect(verifyRole('k'.repeat(32), 'a@x', 'viewer', '')).toBe(false);
  });
});

describe('host check', () => {
  it('accepts loopback on any port and the public host, refuses anything else', () => {
    for (const h of ['127.0.0.1:3000', 'localhost', 'LOCALHOST:80', '[::1]:3000', 'drift.example.test', 'drift.example.test:443']) {
      expect(isAllowedHost(h, ['drift.example.test'])).toBe(true);
    }
    for (const h of ['evil.example', 'drift.example.test.evil.example', '10.0.0.5:3000', '', null]) {
      expect(isAllowedHost(h, ['drift.example.test'])).toBe(false);
    }
  });
});

describe('publicText', () => {
  it('shows paths relative to the project and hides internal host:port', () => {
    expect(publicText('/srv/app/migrations/V2__x.sql:12: bad', ['/srv/app'], [])).toBe('migrations/V2__x.sql:12: bad');
    expect(publicText('connect ECONNREFUSED 10.1.2.3:5432', [], [])).toBe('connect ECONNREFUSED <db-server>');
    expect(publicText('timeout (db.internal:6432)', [], ['db.internal:6432'])).toBe('timeout (<db-server>)');
    expect(publicText('V2__x.sql:12: syntax error', [], [])).toBe('V2__x.sql:12: syntax error');
    expect(publicText('/elsewhere/x.sql', ['/srv/app'], [])).toBe('/elsewhere/x.sql');
  });
});

describe('auditTargetOf', () => {
  it('names environment views, plan exports and repair SQL, by page or API', () => {
    const q = (s: string) => new URLSearchParams(s);
    expect(auditTargetOf('/env/production', q(''))).toEqual({ action: 'view-environment', object: 'production' });
    expect(auditTargetOf('/api/environments/prod%2Da', q(''))).toEqual({ action: 'view-environment', object: 'prod-a' });
    expect(auditTargetOf('/api/plan', q('env=staging&format=markdown'))).toEqual({ action: 'export-plan', object: 'staging → head' });
    expect(auditTargetOf('/repair', q('env=production&to=0042'))).toEqual({ action: 'generate-repair', object: 'production → 0042' });
    expect(auditTargetOf('/', q(''))).toBeNull();
    expect(auditTargetOf('/plan', q(''))).toBeNull();
  });
});

describe('tokens and audit in the history store (real PostgreSQL)', () => {
  let db: TestDatabase;
  let store: Store;
  beforeAll(async () => {
    db = await createTestDatabase('authstore');
    store = await openStore({ databaseUrl: db.url });
  });
  afterAll(async () => {
    await store?.close();
    await db?.drop();
  });

  it('stores only the hash, verifies until revoked or expired', async () => {
    const { token, record } = await createToken(store, { name: 'ci', role: 'viewer', createdBy: 'user:a@x', expiresAt: new Date(Date.now() + 86_400_000) });
    expect(token).toMatch(/^dbt_[A-Za-z0-9_-]{43}$/);
    const rows = await store.prisma.apiToken.findMany();
    expect(JSON.stringify(rows)).not.toContain(token.slice(4));
    expect(await verifyToken(store, token)).toMatchObject({ id: record.id, role: 'viewer' });
    expect(await verifyToken(store, token + 'x')).toBeNull();
    expect(await verifyToken(store, 'not-a-token')).toBeNull();
    expect(await verifyToken(store, token, new Date(Date.now() + 2 * 86_400_000))).toBeNull();
    expect((await revokeToken(store, record.id))?.revokedAt).not.toBeNull();
    expect(await verifyToken(store, token)).toBeNull();
    expect(await revokeToken(store, 9999)).toBeNull();
    expect((await listTokens(store)).map((t) => t.name)).toEqual(['ci']);
  });

  it('appends audit entries and lists them newest first', async () => {
    await appendAudit(store, { principal: 'user:a@x', action: 'sign-in', sourceIp: '127.0.0.1' });
    await appendAudit(store, { principal: 'token:1:ci', action: 'view-environment', object: 'production' });
    const entries = await listAudit(store);
    expect(entries.map((e) => [e.principal, e.action, e.object, e.sourceIp])).toEqual([
      ['token:1:ci', 'view-environment', 'production', null],
      ['user:a@x', 'sign-in', null, '127.0.0.1'],
    ]);
    expect(await listAudit(store, { before: entries[0].id })).toHaveLength(1);
  });
});
