import fc from 'fast-check';
import { createServer, type Server, type Socket } from 'node:net';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { COMMON_OPTIONS, parseFlags, timeoutSeconds, validateFlags } from '../../bin/args';
import { UsageError } from '../../bin/io';
import { z } from 'zod';
import { describeDbError } from '../db/errors';
import { ADMIN_URL } from '../testing/pg-test-db';
import { FUZZ } from './oracle';

const flags = z.object({ timeout: timeoutSeconds.optional() });

function timeoutOf(argv: string[]): number | undefined {
  const { values } = parseFlags('status', argv, COMMON_OPTIONS);
  return validateFlags('status', flags, values).timeout;
}

describe('fuzz: --timeout', () => {
  it('is 1 to 3600 seconds; everything else, negative numbers too, gets the same one-line message', () => {
    expect(timeoutOf(['--timeout', '1'])).toBe(1000);
    expect(timeoutOf(['--timeout', '2.5'])).toBe(2500);
    expect(timeoutOf(['--timeout=3600'])).toBe(3_600_000);
    for (const bad of ['0', '-1', '-0.5', '3601', 'abc', '1e3', '', ' 5']) {
      expect(() => timeoutOf(['--timeout', bad]), bad).toThrow(new UsageError('status: --timeout: must be a number of seconds between 1 and 3600'));
    }
  });

  it('any argument list parses or is a UsageError naming the command', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.constantFrom('--timeout', '-c', '--json', '--', '-1', '--timeout=-5', '-h', 'x'), fc.string({ maxLength: 8 })), { maxLength: 6 }), (argv) => {
        try {
          timeoutOf(argv);
        } catch (error) {
          expect(error).toBeInstanceOf(UsageError);
          expect((error as Error).message).toMatch(/^status: \S/);
        }
      }),
      FUZZ,
    );
  });
});

describe('timeouts read as the README says: unreachable, "statement/connection timed out"', () => {
  const servers: Server[] = [];
  const sockets: Socket[] = [];
  afterAll(async () => {
    for (const s of sockets) s.destroy();
    for (const s of servers) await new Promise((r) => s.close(r));
  });

  it('a statement timeout from the real server', async () => {
    const client = new pg.Client({ connectionString: ADMIN_URL });
    await client.connect();
    try {
      await client.query('SET statement_timeout = 10');
      const err = await client.query('SELECT pg_sleep(5)').then(() => null, (e: unknown) => e);
      const d = describeDbError(err);
      expect(d.unreachable).toBe(true);
      expect(d.message).toBe('statement timed out: canceling statement due to statement timeout');
    } finally {
      await client.end();
    }
  });

  it('a server that accepts and never answers', async () => {
    const server = createServer((s) => sockets.push(s));
    servers.push(server);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    const client = new pg.Client({ host: '127.0.0.1', port, user: 'x', database: 'x', connectionTimeoutMillis: 100 });
    const err = await client.connect().then(() => null, (e: unknown) => e);
    const d = describeDbError(err);
    expect(d.unreachable).toBe(true);
    expect(d.message).toMatch(/^connection timed out: /);
  });
});
