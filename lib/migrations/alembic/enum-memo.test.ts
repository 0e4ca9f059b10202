import { describe, expect, it } from 'vitest';
import { compareWithAlembic } from './real-replay.test-helpers';

describe('a named enum reused by a later migration’s create_table (real Alembic)', () => {
  it('is created once, as in one `alembic upgrade`, and the later migration carries the deploy-alone hazard', async () => {
    const out = await compareWithAlembic({}, [
      {
        rev: 'e1',
        down: null,
        message: 'tickets',
        upgrade: `op.create_table('tickets', sa.Column('id', sa.Integer(), primary_key=True), sa.Column('status', sa.Enum('open', 'closed', name='ticket_status'), nullable=False))`,
      },
      {
        rev: 'e2',
        down: 'e1',
        message: 'ticket archive',
        upgrade: `op.create_table('ticket_archive', sa.Column('id', sa.Integer(), primary_key=True), sa.Column('status', sa.Enum('open', 'closed', name='ticket_status'), nullable=False))`,
      },
    ]);
    expect(out.changes).toEqual([]);
    const [first, second] = out.migrations;
    expect(first.statements.some((s) => /^CREATE TYPE ticket_status/.test(s.sql))).toBe(true);
    expect(second.statements.some((s) => /^CREATE TYPE/.test(s.sql))).toBe(false);
    expect(second.unanalyzed.map((u) => u.reason)).toEqual([expect.stringMatching(/enum type ticket_status was already created by migration e1.*fails with "type already exists" when deployed on its own/)]);
  });
});
