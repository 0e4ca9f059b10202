import { afterAll, describe, expect, it } from 'vitest';
import { PGlite } from '@electric-sql/pglite';
import { openTarget, registerPglite, unregisterPglite } from '../db';
import { lazyPglite } from './lazy';

const opened: PGlite[] = [];
afterAll(async () => {
  for (const db of opened) await db.close().catch(() => {});
});

describe('lazyPglite', () => {
  it('starts the database on first use, once, and serves lib/db through it', async () => {
    let starts = 0;
    const db = lazyPglite(async () => {
      starts++;
      const real = await PGlite.create();
      opened.push(real);
      await real.exec('CREATE TABLE t (v int); INSERT INTO t VALUES (7)');
      return real;
    });
    expect(starts).toBe(0);
    expect(db.ready).toBe(false);
    const url = registerPglite('lazy-test', db);
    try {
      const target = await openTarget(url);
      const [a, b] = await Promise.all([target.query<{ v: number }>('SELECT v FROM t'), db.query<{ v: number }>('SELECT v FROM t')]);
      expect(a.rows).toEqual([{ v: 7 }]);
      expect(b.rows).toEqual([{ v: 7 }]);
      expect(starts).toBe(1);
      expect(db.ready).toBe(true);
    } finally {
      unregisterPglite('lazy-test');
    }
  });

  it('retries a failed start on the next call; closing one never started does nothing', async () => {
    let fail = true;
    const db = lazyPglite(async () => {
      if (fail) throw new Error('damaged');
      const real = await PGlite.create();
      opened.push(real);
      return real;
    });
    await expect(db.query('SELECT 1')).rejects.toThrow('damaged');
    fail = false;
    expect((await db.query<{ one: number }>('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
    await expect(lazyPglite(async () => { throw new Error('never called'); }).close()).resolves.toBeUndefined();
  });
});
