import { describe, expect, it } from 'vitest';
import { groupModelDrift } from './model-drift';

const change = (table: string, name: string) => ({ kind: 'column', change: 'missing', schema: 'public', table, name, expected: { type: 'text' }, actual: null }) as never;

describe('groupModelDrift', () => {
  it('groups by table with the declaring model file:line; a table no model declares has none', () => {
    const d = groupModelDrift(
      { changes: [change('b', 'x'), change('a', 'y'), change('c', 'z')], unchecked: [], untrackedByMigrations: ['public.a'], error: null },
      [
        { class: 'A', file: 'app/a.py', line: 3, schema: 'public', table: 'a', inheritsFrom: null },
        { class: 'B', file: 'prisma/schema.prisma', line: 9, schema: 'public', table: 'b', inheritsFrom: null },
      ],
    );
    expect(d.groups.map((g) => `${g.table}:${g.models.map((m) => `${m.class}@${m.file}:${m.line}`).join(',')}:${g.changes.length}`)).toEqual([
      'public.a:A@app/a.py:3:1',
      'public.b:B@prisma/schema.prisma:9:1',
      'public.c::1',
    ]);
    expect(d.untrackedByMigrations).toEqual(['public.a']);
    expect(d.checked).toBe(true);
  });

  it('no stored comparison is "not checked", never "no drift"', () => {
    expect(groupModelDrift(undefined, [])).toMatchObject({ checked: false, groups: [] });
  });
});
