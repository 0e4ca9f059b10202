import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openTarget, UnreachableError } from '.';
import { tlsSettingsOf } from './tls';
import { ADMIN_URL } from '../testing/pg-test-db';

/**
 * A second PostgreSQL server of our own (never the shared one's config), on a free loopback port with
 * ssl=on and a certificate signed by a CA made here with openssl.
 */
const BIN = '/usr/lib/postgresql/15/bin';
let dir: string;
let port: number;
let started = false;

const asPostgres = (cmd: string, args: string[]) =>
  process.getuid?.() === 0 ? execFileSync('runuser', ['-u', 'postgres', '--', cmd, ...args], { stdio: 'pipe' }) : execFileSync(cmd, args, { stdio: 'pipe' });
const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => resolve(p));
    });
  });
}

const url = (query: string) => `postgres://postgres@localhost:${port}/postgres?${query}`;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'driftboard-tls-'));
  openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=driftboard test CA', '-keyout', 'ca.key', '-out', 'ca.crt');
  openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=another CA', '-keyout', 'other.key', '-out', 'other.crt');
  openssl('req', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=localhost', '-keyout', 'server.key', '-out', 'server.csr');
  writeFileSync(join(dir, 'san.ext'), 'subjectAltName=DNS:localhost,IP:127.0.0.1\n');
  openssl('x509', '-req', '-in', 'server.csr', '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-days', '2', '-extfile', 'san.ext', '-out', 'server.crt');
  chmodSync(dir, 0o755);
  chmodSync(join(dir, 'server.key'), 0o600);
  if (process.getuid?.() === 0) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
    chownSync(dir, uid, gid);
    for (const f of ['server.key', 'server.crt']) chownSync(join(dir, f), uid, gid);
  }
  port = await freePort();
  const data = join(dir, 'data');
  asPostgres(`${BIN}/initdb`, ['-D', data, '-U', 'postgres', '--auth=trust', '--no-sync']);
  const opts = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=10 -c ssl=on -c ssl_cert_file=${dir}/server.crt -c ssl_key_file=${dir}/server.key -c fsync=off`;
  asPostgres(`${BIN}/pg_ctl`, ['-D', data, '-o', opts, '-l', join(dir, 'log'), '-w', 'start']);
  started = true;
}, 120_000);

afterAll(() => {
  if (started) asPostgres(`${BIN}/pg_ctl`, ['-D', join(dir, 'data'), '-m', 'fast', '-w', 'stop']);
  rmSync(dir, { recursive: true, force: true });
});

async function sslInUse(target: string): Promise<boolean> {
  const db = await openTarget(target, { timeoutMs: 5_000 });
  try {
    const { rows } = await db.query<{ ssl: boolean }>('SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()');
    return rows[0].ssl;
  } finally {
    await db.close();
  }
}

describe('TLS options against a server with a self-signed CA', () => {
  it('sslmode=require encrypts without checking the certificate, and prints no security warning', async () => {
    const warnings = vi.spyOn(process, 'emitWarning');
    const stderr = vi.spyOn(process.stderr, 'write');
    try {
      expect(await sslInUse(url('sslmode=require'))).toBe(true);
      expect(warnings).not.toHaveBeenCalled();
      expect(stderr.mock.calls.map((c) => String(c[0])).join('')).not.toMatch(/SECURITY WARNING/);
    } finally {
      warnings.mockRestore();
      stderr.mockRestore();
    }
  });

  it('verify-full with sslrootcert pointing at the CA connects; without sslmode it is plain text', async () => {
    expect(await sslInUse(url(`sslmode=verify-full&sslrootcert=${join(dir, 'ca.crt')}`))).toBe(true);
    expect(await sslInUse(url(`sslmode=verify-ca&sslrootcert=${join(dir, 'ca.crt')}`))).toBe(true);
    expect(await sslInUse(url('sslmode=disable'))).toBe(false);
    expect(await sslInUse(url('application_name=x'))).toBe(false);
  });

  it('a wrong CA fails with one clear line', async () => {
    const err = await openTarget(url(`sslmode=verify-full&sslrootcert=${join(dir, 'other.crt')}`), { timeoutMs: 5_000 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UnreachableError);
    const message = (err as Error).message;
    expect(message).not.toContain('\n');
    expect(message).toMatch(/^TLS \(sslmode=verify-full\): the server's certificate is signed by a CA that sslrootcert does not hold \(checked against .*other\.crt\)/);
  });

  it('verify-full checks the host name: the certificate names localhost and 127.0.0.1, not 127.0.0.2', async () => {
    const wrongHost = `postgres://postgres@127.0.0.2:${port}/postgres?sslmode=verify-full&sslrootcert=${join(dir, 'ca.crt')}`;
    const err = await openTarget(wrongHost, { timeoutMs: 3_000 }).catch((e: unknown) => e);
    expect((err as Error).message).toMatch(/^(TLS \(sslmode=verify-full\): the server's certificate does not name this host|connection refused)/);
  });

  it('bad TLS settings are named: an unknown sslmode, an unreadable sslrootcert, verify-ca without a CA', async () => {
    expect(() => tlsSettingsOf(url('sslmode=on'))).toThrow('sslmode "on" is not one of disable, allow, prefer, require, verify-ca, verify-full');
    await expect(openTarget(url('sslmode=verify-full&sslrootcert=/nonexistent/ca.crt'))).rejects.toThrow('sslrootcert /nonexistent/ca.crt: cannot read it (ENOENT)');
    await expect(openTarget(url('sslmode=verify-ca'))).rejects.toThrow('sslmode=verify-ca needs sslrootcert');
  });

  it('sslmode=prefer uses TLS when offered and falls back to plain text on the shared server (ssl=off); require does not', async () => {
    expect(await sslInUse(url('sslmode=prefer'))).toBe(true);
    const shared = new URL(ADMIN_URL);
    shared.searchParams.set('sslmode', 'prefer');
    expect(await sslInUse(shared.toString())).toBe(false);
    shared.searchParams.set('sslmode', 'require');
    await expect(openTarget(shared.toString(), { timeoutMs: 5_000 })).rejects.toThrow('TLS (sslmode=require): the server does not accept TLS connections');
  });
});
