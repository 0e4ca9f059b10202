import { describe, expect, it } from 'vitest';
import type { Migration } from '../model/migration';
import { ancestorsOf, buildMigrationSet, pendingMigrations, resolveRevision } from './graph';

function mig(id: string, parents: string[] = [], extra: Partial<Migration> = {}): Migration {
  return {
    id,
    description: id,
    tool: 'alembic',
    file: `/v/${id}.py`,
    parents,
    dependsOn: [],
    branchLabels: [],
    statements: [],
    downStatements: null,
    reversible: true,
    unanalyzed: [],
    checksum: '',
    meta: { idLine: '7', parentsLine: '8' },
    ...extra,
  };
}

const ids = (ms: { id: string }[]) => ms.map((m) => m.id);

describe('buildMigrationSet', () => {
  it('orders a linear history whatever the input order', () => {
    const set = buildMigrationSet('alembic', '/v', [mig('c', ['b']), mig('a'), mig('b', ['a'])]);
    expect(ids(set.migrations)).toEqual(['a', 'b', 'c']);
    expect(set.heads).toEqual(['c']);
    expect(set.diagnostics).toEqual([]);
  });

  it('orders a branch and its merge, ties by id', () => {
    const set = buildMigrationSet('alembic', '/v', [
      mig('m', ['y', 'x']),
      mig('y', ['root']),
      mig('x', ['root']),
      mig('root'),
    ]);
    expect(ids(set.migrations)).toEqual(['root', 'x', 'y', 'm']);
    expect(set.heads).toEqual(['m']);
    expect(set.diagnostics).toEqual([]);
  });

  it('applies depends_on first without making it a parent', () => {
    const set = buildMigrationSet('alembic', '/v', [mig('a'), mig('z'), mig('b', ['a'], { dependsOn: ['z'] }), mig('y', ['z'])]);
    const order = ids(set.migrations);
    expect(order.indexOf('z')).toBeLessThan(order.indexOf('b'));
    expect(set.heads.sort()).toEqual(['b', 'y']);
  });

  it('warns about several heads with file:line', () => {
    const set = buildMigrationSet('alembic', '/v', [mig('a'), mig('b', ['a']), mig('c', ['a'])]);
    expect(set.heads).toEqual(['b', 'c']);
    expect(set.diagnostics).toEqual([
      expect.objectContaining({ level: 'warning', code: 'multiple-heads', file: '/v/c.py', line: 7 }),
    ]);
    expect(set.diagnostics[0].message).toContain('/v/b.py:7');
  });

  it('reports a dangling down_revision at the down_revision line', () => {
    const set = buildMigrationSet('alembic', '/v', [mig('a'), mig('b', ['nope'])]);
    const d = set.diagnostics.find((x) => x.code === 'dangling-down-revision');
    expect(d).toMatchObject({ level: 'error', file: '/v/b.py', line: 8 });
    expect(d!.message).toContain('"nope"');
    expect(ids(set.migrations).sort()).toEqual(['a', 'b']);
  });

  it('reports a dangling depends_on', () => {
    const set = buildMigrationSet('alembic', '/v', [mig('a', [], { dependsOn: ['ghost'] })]);
    expect(set.diagnostics).toEqual([expect.objectContaining({ level: 'error', code: 'dangling-depends-on', file: '/v/a.py', line: 8 })]);
  });

  it('reports a duplicate revision naming both files', () => {
    const set = buildMigrationSet('alembic', '/v', [mig('a'), mig('a', [], { file: '/v/other.py' })]);
    const d = set.diagnostics.find((x) => x.code === 'duplicate-revision')!;
    expect(d).toMatchObject({ level: 'error', file: '/v/other.py', line: 7 });
    expect(d.message).toContain('/v/a.py:7');
    expect(set.migrations).toHaveLength(1);
  });

  it('reports a cycle naming its ids and keeps every migration', () => {
    const set = buildMigrationSet('alembic', '/v', [mig('a'), mig('b', ['a', 'd']), mig('c', ['b']), mig('d', ['c'])]);
    const d = set.diagnostics.find((x) => x.code === 'cycle')!;
    expect(d).toMatchObject({ level: 'error', file: '/v/b.py', line: 8 });
    expect(d.message).toBe('revision cycle: b -> d -> c -> b');
    expect(ids(set.migrations)).toEqual(['a', 'b', 'c', 'd']);
  });
});

describe('pending and ancestors', () => {
  const set = buildMigrationSet('alembic', '/v', [
    mig('root'),
    mig('x1', ['root']),
    mig('x2', ['x1']),
    mig('y1', ['root'], { branchLabels: ['feature'] }),
    mig('m', ['x2', 'y1']),
  ]);

  it('ancestors are inclusive', () => {
    expect([...ancestorsOf(set, ['x2'])].sort()).toEqual(['root', 'x1', 'x2']);
  });

  it('alembic: everything below the applied heads counts as applied', () => {
    expect(ids(pendingMigrations(set, ['x1']))).toEqual(['x2', 'y1', 'm']);
    expect(ids(pendingMigrations(set, []))).toEqual(['root', 'x1', 'x2', 'y1', 'm']);
    expect(ids(pendingMigrations(set, ['m']))).toEqual([]);
    expect(ids(pendingMigrations(set, ['x2', 'y1']))).toEqual(['m']);
    expect(ids(pendingMigrations(set, ['root'], 'x2'))).toEqual(['x1', 'x2']);
  });

  it('linear tools: only listed ids are applied, so gaps stay pending', () => {
    const lin = buildMigrationSet('sql', '/s', [mig('1', [], { tool: 'sql' }), mig('2', ['1'], { tool: 'sql' }), mig('3', ['2'], { tool: 'sql' })]);
    expect(ids(pendingMigrations(lin, ['1', '3']))).toEqual(['2']);
  });

  it('resolves revision references', () => {
    expect(resolveRevision(set, 'head')).toEqual(['m']);
    expect(resolveRevision(set, 'base')).toEqual([]);
    expect(resolveRevision(set, 'heads')).toEqual(['m']);
    expect(resolveRevision(set, 'ro')).toEqual(['root']);
    expect(resolveRevision(set, 'feature')).toEqual(['y1']);
    expect(resolveRevision(set, 'feature@head')).toEqual(['m']);
    expect(() => resolveRevision(set, 'x')).toThrow(/ambiguous: x1, x2/);
    expect(() => resolveRevision(set, 'zzz')).toThrow(/unknown revision "zzz"/);
  });
});
