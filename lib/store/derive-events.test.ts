import { describe, expect, it } from 'vitest';
import { deriveEvents } from './derive-events';
import type { PollFacts } from './derive-events';

const at = (m: number) => new Date(Date.UTC(2026, 0, 1, 0, m));
const poll = (id: number, o: Partial<PollFacts> = {}): PollFacts => ({
  id,
  at: at(id),
  status: 'ok',
  error: null,
  version: 'v1',
  schemaHash: 'h1',
  ...o,
});

describe('deriveEvents', () => {
  it('reports nothing for the first poll or an unchanged environment', () => {
    expect(deriveEvents(null, poll(1))).toEqual([]);
    expect(deriveEvents(poll(1), poll(2))).toEqual([]);
  });

  it('a version change is a migration applied, with both sides of the diff', () => {
    const [e, ...rest] = deriveEvents(poll(1), poll(2, { version: 'v2', schemaHash: 'h2' }));
    expect(rest).toEqual([]);
    expect(e).toMatchObject({ type: 'migration-applied', fromPollId: 1, toPollId: 2, fromHash: 'h1', toHash: 'h2', fromVersion: 'v1', toVersion: 'v2', at: at(2) });
  });

  it('a schema change at the same version is a change outside the migrations', () => {
    expect(deriveEvents(poll(1), poll(2, { schemaHash: 'h9' })).map((e) => e.type)).toEqual(['changed-outside-migrations']);
  });

  it('ok → unreachable or error is "unreachable" with the reason; back to ok is "recovered"', () => {
    const down = poll(2, { status: 'unreachable', error: 'connection refused', version: null, schemaHash: null });
    expect(deriveEvents(poll(1), down)).toMatchObject([{ type: 'unreachable', detail: 'connection refused', toPollId: 2 }]);
    expect(deriveEvents(poll(1), poll(2, { status: 'error', error: 'boom' })).map((e) => e.type)).toEqual(['unreachable']);
    expect(deriveEvents(down, poll(3), poll(1)).map((e) => e.type)).toEqual(['recovered']);
    expect(deriveEvents(down, poll(3, { status: 'unreachable', schemaHash: null }), poll(1))).toEqual([]);
  });

  it('a migration applied while unreachable is reported on recovery, against the last readable poll', () => {
    const down = poll(2, { status: 'unreachable', version: null, schemaHash: null });
    const events = deriveEvents(down, poll(3, { version: 'v2', schemaHash: 'h2' }), poll(1));
    expect(events.map((e) => e.type)).toEqual(['recovered', 'migration-applied']);
    expect(events[1]).toMatchObject({ fromPollId: 1, fromVersion: 'v1', toVersion: 'v2' });
  });
});
