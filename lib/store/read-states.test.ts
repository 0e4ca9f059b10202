import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { latestOfEach, latestPolls, latestStates, openStore, recordCheck } from '.';
import type { Store } from '.';
import type { Prisma } from './generated/client';
import { fixtureCheck, fixtureSchema } from './fixtures.test-helpers';

const minute = (m: number) => new Date(Date.UTC(2026, 0, 1, 12, m));

describe('latestOfEach (the overview read, cached by row version)', () => {
  let dir: string;
  let store: Store;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'driftboard-read-states-'));
    store = await openStore({ databaseUrl: null, dataDir: join(dir, 'store') });
  });
  afterAll(async () => {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('follows every write: a new poll, a new environment, a write this process did not make', async () => {
    const schema = fixtureSchema(3);
    const r1 = await recordCheck(store, 'staging', fixtureCheck({ name: 'staging', version: 'v1', schema }), { at: minute(1) });
    let latest = await latestOfEach(store);
    expect([...latest.keys()]).toEqual(['staging']);
    expect(latest.get('staging')).toMatchObject({ status: { version: 'v1' }, poll: { id: r1.pollId, version: 'v1' } });

    // unchanged rows come back as the same objects (not read again)
    const again = await latestOfEach(store);
    expect(again.get('staging')!.status).toBe(latest.get('staging')!.status);

    const r2 = await recordCheck(store, 'staging', fixtureCheck({ name: 'staging', version: 'v2', schema }), { at: minute(2) });
    await recordCheck(store, 'production', fixtureCheck({ name: 'production', status: 'unreachable' }), { at: minute(2) });
    latest = await latestOfEach(store);
    expect([...latest.keys()]).toEqual(['production', 'staging']);
    expect(latest.get('staging')).toMatchObject({ status: { version: 'v2' }, poll: { id: r2.pollId } });
    expect(latest.get('production')).toMatchObject({ status: { status: 'unreachable' }, poll: { status: 'unreachable' } });

    // Another instance on the same PostgreSQL store writes through its own client: only the row tells.
    await store.prisma.environmentState.update({
      where: { environment: 'staging' },
      data: { status: { ...latest.get('staging')!.status!, version: 'v3' } as unknown as Prisma.InputJsonValue, updatedAt: minute(3) },
    });
    expect((await latestOfEach(store)).get('staging')!.status!.version).toBe('v3');

    expect((await latestStates(store)).map((s) => [s.name, s.status])).toEqual([['production', 'unreachable'], ['staging', 'ok']]);
    expect((await latestPolls(store)).map((p) => p.environment)).toEqual(['production', 'staging']);
  });

  it('hands out frozen objects: a reader cannot change what the next one sees', async () => {
    const status = (await latestStates(store))[0];
    expect(() => {
      (status as { version: string | null }).version = 'changed';
    }).toThrow(TypeError);
    expect(() => (status.pending as unknown[]).push(1)).toThrow(TypeError);
  });
});
