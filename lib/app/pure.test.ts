import { describe, expect, it } from 'vitest';
import type { SchemaChange } from '../model/diff';
import type { StoredPoll } from '../store/types';
import { diffHref, formatRef, refSchema } from './refs';
import { toPublic } from './sanitize';
import { describeError } from './route';
import { NotFoundError, AppStartError } from './errors';
import { UserInputError } from '../model/errors';
import { downsample } from './downsample';

describe('diff refs', () => {
  it('parses the three kinds and round-trips them', () => {
    for (const text of ['env:production', 'expected:head', `snapshot:${'ab'.repeat(32)}`]) {
      expect(formatRef(refSchema.parse(text))).toBe(text);
    }
    expect(refSchema.parse('snapshot:ABCDEF12')).toEqual({ type: 'snapshot', hash: 'abcdef12' });
  });

  it('rejects what is not a ref with a message naming the forms', () => {
    expect(refSchema.safeParse('production').error?.issues[0].message).toMatch(/env:NAME, expected:VERSION or snapshot:HASH/);
    expect(refSchema.safeParse('table:x').error?.issues[0].message).toMatch(/unknown kind "table"/);
    expect(refSchema.safeParse('snapshot:not-hex').success).toBe(false);
  });

  it('builds shareable URLs', () => {
    expect(diffHref({ type: 'expected', version: 'head' }, { type: 'env', name: 'prod' })).toBe('/diff?left=expected%3Ahead&right=env%3Aprod');
  });
});

describe('toPublic', () => {
  it('drops URL keys and blanks secrets anywhere in strings', () => {
    const out = toPublic(
      { env: { name: 'p', url: 'postgres://u:pw123@h/db', nested: [{ shadowUrl: 'x', error: 'auth failed for pw123 at postgres://u:pw123@h/db' }] } },
      ['pw123'],
    );
    expect(JSON.stringify(out)).not.toContain('pw123');
    expect(out).toEqual({ env: { name: 'p', nested: [{ error: 'auth failed for *** at postgres://u:***@h/db' }] } });
  });
});

describe('describeError', () => {
  it('maps errors to statuses and hides internals', () => {
    expect(describeError(new UserInputError('config.json: environments[0].url: bad')).status).toBe(422);
    expect(describeError(new NotFoundError('no environment named "x"'))).toEqual({ status: 404, body: { error: 'no environment named "x"' } });
    expect(describeError(new AppStartError('driftboard.config.json: not found')).status).toBe(503);
    const foreign = new Error('from another bundle');
    foreign.name = 'NotFoundError';
    expect(describeError(foreign).status).toBe(404);
    expect(describeError(new Error('secret stack detail'))).toEqual({ status: 500, body: { error: 'Internal error: the details are in the server log.' } });
  });
});

describe('downsample', () => {
  const poll = (i: number, version: string): StoredPoll => ({
    id: i, environment: 'e', startedAt: new Date(i * 60_000).toISOString(), durationMs: 5, status: 'ok', error: null,
    version, head: 'z', behind: 0, pendingCount: 0, driftCount: 0, modelDriftCount: null, maxRisk: null, schemaHash: version,
  });

  it('keeps every change and the ends while thinning unchanged runs', () => {
    const polls = Array.from({ length: 10_000 }, (_, i) => poll(i, i < 5_000 ? 'a' : 'b'));
    const kept = downsample(polls, 100);
    expect(kept.length).toBeLessThanOrEqual(104);
    expect(kept[0]).toBe(polls[0]);
    expect(kept[kept.length - 1]).toBe(polls[polls.length - 1]);
    expect(kept).toContain(polls[4_999]);
    expect(kept).toContain(polls[5_000]);
  });
});

describe('groupByTable', async () => {
  const { groupByTable } = await import('./schemas');
  const change = (over: Partial<SchemaChange>): SchemaChange => ({
    kind: 'column', change: 'missing', schema: 'public', table: 'users', name: 'x', expected: {}, actual: null, ...over,
  });
  it('puts columns under their table, tables under themselves, schema objects under the schema', () => {
    const groups = groupByTable([
      change({ name: 'avatar_url' }),
      change({ kind: 'table', table: null, name: 'orders', change: 'unexpected' }),
      change({ kind: 'extension', table: null, name: 'pgcrypto' }),
      change({ name: 'timezone' }),
    ]);
    expect(groups.map((g) => [g.table, g.changes.map((c) => c.name)])).toEqual([
      ['public', ['pgcrypto']],
      ['public.orders', ['orders']],
      ['public.users', ['avatar_url', 'timezone']],
    ]);
  });
});
