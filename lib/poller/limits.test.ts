import { describe, expect, it } from 'vitest';
import { createSemaphore, isTooManyClients } from './limits';

describe('createSemaphore', () => {
  it('hands out permits in FIFO order and never more than its size', async () => {
    const s = createSemaphore(2);
    const order: string[] = [];
    const a = await s.acquire();
    const b = await s.acquire();
    const c = s.acquire().then((release) => {
      order.push('c');
      return release;
    });
    const d = s.acquire(2).then((release) => {
      order.push('d');
      return release;
    });
    expect(s.inUse).toBe(2);
    a();
    const releaseC = await c;
    expect(order).toEqual(['c']);
    b();
    releaseC();
    (await d)();
    expect(order).toEqual(['c', 'd']);
    expect(s.inUse).toBe(0);
    expect(s.peak).toBe(2);
  });

  it('clamps a request larger than the semaphore, and a double release frees once', async () => {
    const s = createSemaphore(1);
    const release = await s.acquire(5);
    expect(s.inUse).toBe(1);
    release();
    release();
    expect(s.inUse).toBe(0);
    expect(() => createSemaphore(0)).toThrow(/at least one permit/);
  });
});

describe('isTooManyClients', () => {
  it("recognises PostgreSQL's refusals for a full server or role", () => {
    expect(isTooManyClients('sorry, too many clients already')).toBe(true);
    expect(isTooManyClients('too many connections for role "app"')).toBe(true);
    expect(isTooManyClients('remaining connection slots are reserved for non-replication superuser connections')).toBe(true);
    expect(isTooManyClients('connection refused: connect ECONNREFUSED 127.0.0.1:5432')).toBe(false);
    expect(isTooManyClients(null)).toBe(false);
  });
});
