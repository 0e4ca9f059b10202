import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createServer } from 'node:http';
import type { IncomingMessage, Server } from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SMTPServer } from 'smtp-server';
import type { DriftboardConfig, EnvironmentConfig } from '../model';
import { loadMigrationSet } from '../migrations/load';
import { checkEnvironment } from '../status';
import { openStore } from '../store';
import type { Store } from '../store';
import { listDeliveries } from '../store/alerts';
import { ADMIN_URL, createTestDatabase } from '../testing/pg-test-db';
import type { TestDatabase } from '../testing/pg-test-db';
import { runAlembic, writeAlembicProject } from '../testing/alembic';
import { startPoller } from '../poller';
import type { Poller } from '../poller';
import { createAlerter, resolveAlertsConfig, verifySignature } from '.';
import type { Alerter, RuleKind } from '.';

/**
 * Alerts from real polls: a real PostgreSQL environment migrated by the real Alembic, read by the real
 * checkEnvironment through a local TCP proxy (so it can really become unreachable), the history store
 * in another real database, and real receivers on 127.0.0.1: an HTTP server (webhook + Slack) and an
 * SMTP server. Time moves by the polls' checkedAt (the store's clock), never by sleeping.
 */

const HMAC_SECRET = 'whsec-0123456789abcdef-topsecret';
const DB_PASSWORD = 'pw-s3cret-xyz';

interface Received {
  path: string;
  body: string;
  json: { kind?: RuleKind; reminder?: boolean; title?: string; text?: string; blocks?: unknown[] } & Record<string, unknown>;
  verified: boolean | null;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let data = '';
    req.on('data', (c) => (data += c));
    req.on('end', () => resolve(data));
  });
}

async function listen(server: Server | net.Server, port = 0): Promise<number> {
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

/** A TCP proxy to the local PostgreSQL that can be taken down and brought back on the same port. */
function createProxy() {
  const sockets = new Set<net.Socket>();
  let server: net.Server | null = null;
  let port = 0;
  const make = () =>
    net.createServer((client) => {
      const upstream = net.connect(5432, '127.0.0.1');
      sockets.add(client).add(upstream);
      client.pipe(upstream).pipe(client);
      const end = () => {
        client.destroy();
        upstream.destroy();
      };
      client.on('error', end).on('close', end);
      upstream.on('error', end).on('close', end);
    });
  return {
    async up() {
      server = make();
      port = await listen(server, port);
      return port;
    },
    async down() {
      for (const s of sockets) s.destroy();
      sockets.clear();
      await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
      server = null;
    },
  };
}

describe('alerts from real polls of real PostgreSQL', () => {
  let storeDb: TestDatabase;
  let target: TestDatabase;
  let dir: string;
  let store: Store;
  let poller: Poller;
  let alerter: Alerter;
  let http: Server;
  let smtp: SMTPServer;
  const proxy = createProxy();
  let proxyPortOf = () => 0;
  const inbox: Received[] = [];
  const mails: string[] = [];
  const hanging = new Set<import('node:http').ServerResponse>();
  let clock = new Date('2026-02-01T09:00:00.000Z');
  const logs: string[] = [];

  beforeAll(async () => {
    [storeDb, target] = await Promise.all([createTestDatabase('alertstore'), createTestDatabase('alerttarget')]);
    dir = await mkdtemp(join(tmpdir(), 'driftboard-alerts-'));
    const versions = join(dir, 'versions');
    // Create Date: 2024-01-01 (written by the fixture): far more than 14 days before the clock.
    await writeAlembicProject(versions, [
      { rev: '0001', down: null, message: 'create accounts', upgrade: `op.create_table('accounts', sa.Column('id', sa.BigInteger, primary_key=True), sa.Column('email', sa.Text, nullable=False))` },
      { rev: '0002', down: '0001', message: 'create invoices', upgrade: `op.create_table('invoices', sa.Column('id', sa.BigInteger, primary_key=True), sa.Column('total', sa.Numeric(12, 2)))` },
      { rev: '0003', down: '0002', message: 'accounts need a plan', upgrade: `op.add_column('accounts', sa.Column('plan', sa.Text, nullable=False))` },
    ]);
    const models = join(dir, 'models');
    await mkdir(models);
    await writeFile(
      join(models, 'models.py'),
      `from sqlalchemy import BigInteger, Column, Text
from sqlalchemy.orm import declarative_base

Base = declarative_base()


class Account(Base):
    __tablename__ = 'accounts'
    id = Column(BigInteger, primary_key=True)
    email = Column(Text, nullable=False)


class Coupon(Base):
    __tablename__ = 'coupons'
    id = Column(BigInteger, primary_key=True)
`,
    );
    await runAlembic(versions, target.url, 'upgrade', '0001');
    await target.exec(`INSERT INTO accounts (email) VALUES ('a@example.com')`);

    http = createServer(async (req, res) => {
      const body = await readBody(req);
      if (req.url === '/hang') {
        hanging.add(res);
        return;
      }
      const sig = req.headers['x-driftboard-signature'];
      const ts = req.headers['x-driftboard-timestamp'];
      const verified = req.url === '/hook' ? typeof sig === 'string' && typeof ts === 'string' && verifySignature(HMAC_SECRET, ts, body, sig) : null;
      inbox.push({ path: req.url ?? '', body, json: JSON.parse(body), verified });
      res.writeHead(verified === false ? 401 : 200).end('ok');
    });
    const httpPort = await listen(http);
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onData(stream, _session, callback) {
        let data = '';
        stream.on('data', (c: Buffer) => (data += c.toString('utf8')));
        stream.on('end', () => {
          // Unfold long header lines (RFC 5322) so a subject reads as one line.
          mails.push(data.replace(/\r?\n[ \t]+/g, ' '));
          callback();
        });
      },
    });
    const smtpPort = await listen(smtp.server as unknown as net.Server);
    // A port nobody listens on: the "unreachable receiver".
    const closed = net.createServer();
    const deadPort = await listen(closed);
    await new Promise<void>((resolve) => closed.close(() => resolve()));

    const proxyPort = await proxy.up();
    proxyPortOf = () => proxyPort;
    const env: EnvironmentConfig = {
      name: 'production',
      url: `postgres://postgres:${DB_PASSWORD}@127.0.0.1:${proxyPort}/${target.name}`,
      schemas: ['public'],
      pollIntervalSeconds: 3600,
    };
    const alerts = resolveAlertsConfig(
      {
        publicBaseUrl: 'https://driftboard.example.com',
        channels: {
          hook: { type: 'webhook', url: `http://127.0.0.1:${httpPort}/hook`, secret: HMAC_SECRET },
          slack: { type: 'slack', url: `http://127.0.0.1:${httpPort}/slack` },
          mail: { type: 'email', smtp: { host: '127.0.0.1', port: smtpPort, ignoreTLS: true }, from: 'driftboard@example.com', to: ['oncall@example.com'] },
          dead: { type: 'webhook', url: `http://127.0.0.1:${deadPort}/hook`, secret: HMAC_SECRET },
          stuck: { type: 'webhook', url: `http://127.0.0.1:${httpPort}/hang`, secret: HMAC_SECRET, timeoutMs: 500 },
        },
        rules: [
          { on: 'migration-applied', channels: ['hook', 'slack', 'mail'] },
          { name: 'applied-elsewhere', on: 'migration-applied', environments: ['production'], channels: ['dead', 'stuck'] },
          { on: 'changed-outside-migrations', channels: ['hook'] },
          { on: 'unreachable', minutes: 10, channels: ['hook'] },
          { on: 'recovered', channels: ['hook', 'slack'] },
          { on: 'ghost-migration', channels: ['hook', 'mail'] },
          { on: 'model-drift', channels: ['hook'] },
          { on: 'pending-risk', minRisk: 'high', channels: ['hook'] },
          { on: 'behind', days: 14, channels: ['hook', 'slack'] },
        ],
        retry: { maxAttempts: 3, initialDelayMs: 10 },
      },
      ['production'],
    );
    const config: DriftboardConfig = {
      file: null,
      migrations: { tool: 'alembic', path: versions },
      models: { orm: 'sqlalchemy', path: models },
      environments: [env],
      // The replay runs on the local server (a temporary database per check): faster than PGlite here.
      shadowUrl: ADMIN_URL,
      alerts,
    };
    const set = await loadMigrationSet(config.migrations);
    store = await openStore({ databaseUrl: storeDb.url });
    alerter = createAlerter({ store, config: alerts, migrations: set, secrets: [env.url, DB_PASSWORD], log: (l, m) => void logs.push(`${l} ${m}`) });
    poller = startPoller({
      store,
      environments: [env],
      initialDelayMs: 3_600_000,
      check: async (e) => {
        const result = await checkEnvironment(config, e, { set });
        result.status.checkedAt = clock.toISOString();
        return result;
      },
      onRecorded: (p) => alerter.onRecorded(p),
      log: () => {},
    });
  }, 60_000);

  afterAll(async () => {
    for (const res of hanging) res.destroy();
    await poller?.stop();
    await alerter?.stop();
    await store?.close();
    await proxy.down();
    await new Promise<void>((resolve) => (http ? http.close(() => resolve()) : resolve()));
    await new Promise<void>((resolve) => (smtp ? smtp.close(() => resolve()) : resolve()));
    await rm(dir, { recursive: true, force: true }).catch(() => {});
    await Promise.all([storeDb?.drop(), target?.drop()]);
  });

  /** Waits on a condition (the receivers' inboxes); generous because the machine is shared, never a sleep. */
  const until = <T,>(fn: () => T) => vi.waitFor(fn, { timeout: 20_000, interval: 20 });
  const minutes = (n: number) => (clock = new Date(clock.getTime() + n * 60_000));
  const hooks = (kind: RuleKind) => inbox.filter((r) => r.path === '/hook' && r.json.kind === kind);
  const poll = async () => {
    const outcome = await poller.pollNow('production');
    expect(outcome.recorded).toBe(true);
    return outcome;
  };

  it('alerts on every rule kind, de-duplicates, reminds daily, retries a dead receiver and never blocks polling', async () => {
    // 1. production at 0001, two migrations behind; 0003 adds a NOT NULL column without default to a table with rows
    await poll();
    await until(() => {
      expect(hooks('pending-risk')).toHaveLength(1);
      expect(hooks('behind')).toHaveLength(1);
      expect(hooks('model-drift')).toHaveLength(1);
    });
    expect(hooks('pending-risk')[0].json).toMatchObject({ environment: 'production', reminder: false, facts: { migrationId: '0003', risk: 'high' } });
    expect(hooks('behind')[0].json).toMatchObject({ facts: { behind: 2, oldestPending: '0002', dateSource: 'file' } });
    expect(hooks('behind')[0].json.title).toMatch(/^production: 2 migrations and \d+ days behind$/);
    expect(hooks('model-drift')[0].json.lines).toEqual(['missing table public.coupons']);
    await until(() => expect(inbox.filter((r) => r.path === '/slack')).toHaveLength(1));

    // 2. a migration applied by the real Alembic, and its table dropped by hand: 0002 becomes a ghost
    await runAlembic(join(dir, 'versions'), target.url, 'upgrade', '0002');
    await target.exec('DROP TABLE invoices');
    minutes(1);
    await poll();
    await until(() => {
      expect(hooks('migration-applied')).toHaveLength(1);
      expect(hooks('ghost-migration')).toHaveLength(1);
    });
    expect(hooks('migration-applied')[0].json).toMatchObject({ facts: { fromVersion: '0001', toVersion: '0002' }, link: 'https://driftboard.example.com/env/production' });
    expect(hooks('ghost-migration')[0].json).toMatchObject({ reminder: false, facts: { migrationId: '0002', missing: ['public.invoices'] } });
    // The subject may be MIME-encoded (it carries an arrow): the ASCII alert-key header identifies each mail.
    await until(() => expect(mails.some((m) => m.includes('X-Driftboard-Alert: migration-applied#1|migration-applied:production:event-'))).toBe(true));
    await until(() => expect(mails.some((m) => m.includes('X-Driftboard-Alert: ghost-migration#6|ghost-migration:production:ghost-0002'))).toBe(true));
    expect(mails.every((m) => /^To: oncall@example\.com/m.test(m))).toBe(true);
    const slackApplied = await until(() => {
      const found = inbox.find((r) => r.path === '/slack' && /migration applied/.test(String(r.json.text)));
      expect(found).toBeDefined();
      return found!;
    });
    expect(slackApplied.json.blocks).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ type: 'section', fields: expect.arrayContaining([{ type: 'mrkdwn', text: '*Environment*\nproduction' }]) }),
        expect.objectContaining({ type: 'actions', elements: [expect.objectContaining({ url: 'https://driftboard.example.com/env/production' })] }),
      ]),
    );

    // the stuck receiver holds its request open while polling goes on
    await until(() => expect(hanging.size).toBeGreaterThan(0));
    // 3. an hour later, a column added by hand: a change outside the migrations; nothing else is repeated
    await target.exec('ALTER TABLE accounts ADD COLUMN nickname text');
    minutes(60);
    await poll();
    await until(() => expect(hooks('changed-outside-migrations')).toHaveLength(1));
    await alerter.idle();
    expect(hooks('ghost-migration')).toHaveLength(1);
    expect(hooks('pending-risk')).toHaveLength(1);
    expect(hooks('migration-applied')).toHaveLength(1);

    // 4. unreachable: not alerted after 1 minute, alerted once down for more than 10
    await proxy.down();
    minutes(1);
    await poll();
    await alerter.idle();
    expect(hooks('unreachable')).toHaveLength(0);
    minutes(11);
    await poll();
    await until(() => expect(hooks('unreachable')).toHaveLength(1));
    expect(hooks('unreachable')[0].json.title).toBe('production: unreachable for 11 min');

    // 5. back a day later: recovered, and one reminder per standing condition (at most daily)
    await proxy.up();
    minutes(24 * 60);
    await poll();
    await until(() => {
      expect(hooks('recovered')).toHaveLength(1);
      expect(hooks('ghost-migration')).toHaveLength(2);
      expect(hooks('pending-risk')).toHaveLength(2);
    });
    expect(hooks('recovered')[0].json.title).toBe('production: recovered after 24 h 11 min');
    expect(hooks('ghost-migration')[1].json).toMatchObject({ reminder: true });
    expect(String(hooks('ghost-migration')[1].json.title)).toMatch(/^Reminder: production: migration 0002/);

    // the dead receiver: retried, then logged as failed; the stuck one timed out the same way
    await alerter.idle();
    const log = await listDeliveries(store, { limit: 1000 });
    const dead = log.filter((d) => d.channel === 'dead');
    expect(dead).toHaveLength(1);
    expect(dead[0]).toMatchObject({ status: 'failed', attempts: 3, kind: 'migration-applied', rule: 'applied-elsewhere' });
    expect(dead[0].lastError).toMatch(/could not be reached: ECONNREFUSED/);
    expect(log.find((d) => d.channel === 'stuck')).toMatchObject({ status: 'failed', attempts: 3, lastError: expect.stringMatching(/no answer within 500 ms/) });
    expect(log.filter((d) => d.channel === 'hook').every((d) => d.status === 'delivered' && d.attempts === 1)).toBe(true);
    expect(logs.some((l) => /attempt 1 of 3 failed/.test(l))).toBe(true);

    // every kind reached the webhook, every webhook delivery verified, no secret in any message
    expect([...new Set(inbox.filter((r) => r.path === '/hook').map((r) => r.json.kind))].sort()).toEqual([
      'behind',
      'changed-outside-migrations',
      'ghost-migration',
      'migration-applied',
      'model-drift',
      'pending-risk',
      'recovered',
      'unreachable',
    ]);
    expect(inbox.filter((r) => r.path === '/hook').every((r) => r.verified === true)).toBe(true);
    const everything = [...inbox.map((r) => r.body), ...mails, JSON.stringify(log)].join('\n');
    for (const secret of [DB_PASSWORD, HMAC_SECRET, `:${proxyPortOf()}/`]) expect(everything).not.toContain(secret);
  }, 120_000);
});
