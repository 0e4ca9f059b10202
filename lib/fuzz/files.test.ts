import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildMigrationSet } from '../migrations/graph';
import { loadMigrationSet } from '../migrations/load';
import type { Migration } from '../model/migration';
import { alembicMigrationSource } from '../testing/alembic';

const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

async function folder(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'fuzz-files-'));
  dirs.push(dir);
  return dir;
}

/** Every odd kind of directory entry under `name(kind)`: a FIFO, a link to /dev/zero, a directory, a link loop, a dangling link. */
async function oddEntries(dir: string, name: (kind: string) => string): Promise<string[]> {
  execFileSync('mkfifo', [join(dir, name('fifo'))]);
  await symlink('/dev/zero', join(dir, name('zero')));
  await mkdir(join(dir, name('dir')));
  await symlink(name('loop'), join(dir, name('loop')));
  await symlink(join(dir, 'nowhere'), join(dir, name('dangling')));
  return ['fifo', 'zero', 'dir', 'loop', 'dangling'].map((k) => join(dir, name(k)));
}

const skipped = (set: { diagnostics: { code: string; file: string | null; message: string }[] }) =>
  set.diagnostics.filter((d) => d.code === 'not-a-file').map((d) => [d.file, d.message]).sort();

const EXPECTED_REASONS = [
  'a FIFO (named pipe), not a regular file; skipped',
  'a character device, not a regular file; skipped',
  'a directory, not a regular file; skipped',
  'a symbolic link loop, not a regular file; skipped',
  'a broken symbolic link, not a regular file; skipped',
];

describe('fuzz: odd files in a migrations folder are named and skipped, never read', () => {
  it('alembic: a FIFO, /dev/zero, a directory x.py, a link loop', async () => {
    const dir = await folder();
    await writeFile(join(dir, 'a1_x.py'), alembicMigrationSource({ rev: 'a1', down: null, message: 'x', upgrade: 'op.execute("SELECT 1")' }));
    const odd = await oddEntries(dir, (k) => `${k}_x.py`);
    const set = await loadMigrationSet({ tool: 'alembic', path: dir });
    expect(set.migrations.map((m) => m.id)).toEqual(['a1']);
    expect(skipped(set)).toEqual(odd.map((f, i) => [f, EXPECTED_REASONS[i]]).sort());
  });

  it('sql (Flyway): a directory named V2__x.sql and the rest', async () => {
    const dir = await folder();
    await writeFile(join(dir, 'V1__a.sql'), 'CREATE TABLE a (id int);');
    const odd = await oddEntries(dir, (k) => `V${['fifo', 'zero', 'dir', 'loop', 'dangling'].indexOf(k) + 2}__${k}.sql`);
    const set = await loadMigrationSet({ tool: 'sql', path: dir });
    expect(set.migrations.map((m) => m.id)).toEqual(['1']);
    expect(skipped(set)).toEqual(odd.map((f, i) => [f, EXPECTED_REASONS[i]]).sort());
  });

  it('prisma: migration.sql that is a FIFO or a link loop', async () => {
    const dir = await folder();
    await mkdir(join(dir, '20240101000000_a'));
    await writeFile(join(dir, '20240101000000_a', 'migration.sql'), 'CREATE TABLE a (id int);');
    await mkdir(join(dir, '20240102000000_fifo'));
    execFileSync('mkfifo', [join(dir, '20240102000000_fifo', 'migration.sql')]);
    await mkdir(join(dir, '20240103000000_loop'));
    await symlink('migration.sql', join(dir, '20240103000000_loop', 'migration.sql'));
    const set = await loadMigrationSet({ tool: 'prisma', path: dir });
    expect(set.migrations.map((m) => m.id)).toEqual(['20240101000000_a']);
    expect(skipped(set)).toEqual([
      [join(dir, '20240102000000_fifo', 'migration.sql'), EXPECTED_REASONS[0]],
      [join(dir, '20240103000000_loop', 'migration.sql'), EXPECTED_REASONS[3]],
    ]);
  });

  it('a file over migrations.maxFileBytes is an error naming it (the default is 5 MB)', async () => {
    const dir = await folder();
    await writeFile(join(dir, 'V1__big.sql'), `${'SELECT 1;\n'.repeat(600_000)}`);
    await expect(loadMigrationSet({ tool: 'sql', path: dir })).rejects.toThrow(
      `${join(dir, 'V1__big.sql')}: 6000000 bytes, over the limit of 5242880 bytes per migration file (raise migrations.maxFileBytes to read it)`,
    );
    const small = await folder();
    await writeFile(join(small, 'a1_x.py'), alembicMigrationSource({ rev: 'a1', down: null, message: 'x', upgrade: `op.execute("${'x'.repeat(2000)}")` }));
    await expect(loadMigrationSet({ tool: 'alembic', path: small, maxFileBytes: 1000 })).rejects.toThrow(`${join(small, 'a1_x.py')}: `);
  });
});

describe('fuzz: deep revision graphs', () => {
  it('a chain of 50,000 revisions closing into a cycle is ordered and the cycle named, without recursion', () => {
    const n = 50_000;
    const m = (i: number): Migration => ({
      id: `r${String(i).padStart(6, '0')}`,
      description: '',
      tool: 'alembic',
      file: `/v/r${i}.py`,
      parents: [`r${String((i + 1) % n).padStart(6, '0')}`],
      dependsOn: [],
      branchLabels: [],
      statements: [],
      downStatements: null,
      reversible: true,
      unanalyzed: [],
      checksum: '',
      meta: { idLine: '1', parentsLine: '2' },
    });
    const set = buildMigrationSet('alembic', '/v', Array.from({ length: n }, (_, i) => m(i)));
    expect(set.migrations).toHaveLength(n);
    expect(set.diagnostics.map((d) => [d.code, d.file, d.line])).toEqual([['cycle', '/v/r0.py', 2]]);
  });
});
