import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { loadPrismaMigrations, prismaChecksumMatches } from './load';
import { fixtureDirs } from '../../testing/fixture-dir';

const INIT = `-- CreateEnum
CREATE TYPE "Role" AS ENUM ('USER', 'ADMIN');

-- CreateTable
CREATE TABLE "User" (
    "id" SERIAL NOT NULL,
    "email" TEXT NOT NULL,
    "role" "Role" NOT NULL DEFAULT 'USER',

    CONSTRAINT "User_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "User_email_key" ON "User"("email");
`;
const ADD_POSTS = `-- CreateTable
CREATE TABLE "Post" (
    "id" SERIAL NOT NULL,
    "authorId" INTEGER NOT NULL,
    CONSTRAINT "Post_pkey" PRIMARY KEY ("id")
);

-- AddForeignKey
ALTER TABLE "Post" ADD CONSTRAINT "Post_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
`;

const fixtures = fixtureDirs('prisma-mig-');
let dir: string;
const fixture = async (files: Record<string, string>) => (dir = await fixtures.write(files));
afterEach(fixtures.cleanup);

describe('loadPrismaMigrations', () => {
  it('reads migration folders in name order with checksum, statements and lines', async () => {
    await fixture({
      'migration_lock.toml': 'provider = "postgresql"\n',
      '20240302090000_add_posts/migration.sql': ADD_POSTS,
      '20240301120000_init/migration.sql': INIT,
      '20240303100000_add_index/migration.sql': 'CREATE INDEX CONCURRENTLY "Post_authorId_idx" ON "Post"("authorId");\n',
    });
    const set = await loadPrismaMigrations(dir);
    expect(set.tool).toBe('prisma');
    expect(set.path).toBe(dir);
    expect(set.migrations.map((m) => m.id)).toEqual(['20240301120000_init', '20240302090000_add_posts', '20240303100000_add_index']);
    expect(set.heads).toEqual(['20240303100000_add_index']);
    expect(set.diagnostics).toEqual([]);

    const [init, posts, index] = set.migrations;
    expect(init.description).toBe('init');
    expect(posts.description).toBe('add posts');
    expect(init.parents).toEqual([]);
    expect(posts.parents).toEqual(['20240301120000_init']);
    expect(init.file).toBe(join(dir, '20240301120000_init', 'migration.sql'));
    expect(init.checksum).toBe(createHash('sha256').update(INIT).digest('hex'));
    expect(init.statements.map((s) => s.line)).toEqual([2, 5, 14]);
    expect(init.statements[2].sql).toBe('CREATE UNIQUE INDEX "User_email_key" ON "User"("email")');
    // A multi-statement script runs in PostgreSQL's implicit transaction; a lone statement does not.
    expect(init.statements.every((s) => s.inTransaction)).toBe(true);
    expect(index.statements).toEqual([
      { sql: 'CREATE INDEX CONCURRENTLY "Post_authorId_idx" ON "Post"("authorId")', line: 1, origin: null, inTransaction: false },
    ]);
    expect(init.downStatements).toBeNull();
    expect(init.reversible).toBe(true);
    expect(init.meta.down).toBe('none');
  });

  it('warns about a folder without migration.sql and names the file of a syntax error', async () => {
    await fixture({ '20240301120000_init/migration.sql': INIT, '20240302000000_empty/README.md': 'nothing' });
    const set = await loadPrismaMigrations(dir);
    expect(set.migrations).toHaveLength(1);
    expect(set.diagnostics).toMatchObject([{ level: 'warning', code: 'missing-migration-sql', file: join(dir, '20240302000000_empty') }]);

    await rm(dir, { recursive: true });
    await fixture({ '20240301120000_init/migration.sql': 'CREATE TABLE a (id int);\n\nALTER TABLE a ADD COLUMN;\n' });
    await expect(loadPrismaMigrations(dir)).rejects.toThrow(`${join(dir, '20240301120000_init', 'migration.sql')}:3: syntax error at or near ";"`);
  });

  it('matches checksums the way Prisma does: either line ending, and the old unpadded format', async () => {
    await fixture({ '20240301120000_init/migration.sql': INIT.replace(/\n/g, '\r\n') });
    const [m] = (await loadPrismaMigrations(dir)).migrations;
    const lf = createHash('sha256').update(INIT).digest('hex');
    expect(m.checksum).not.toBe(lf);
    expect(prismaChecksumMatches(m, m.checksum)).toBe(true);
    expect(prismaChecksumMatches(m, lf)).toBe(true);
    expect(prismaChecksumMatches(m, createHash('sha256').update(INIT + '-- edited\n').digest('hex'))).toBe(false);
    const unpadded = m.checksum.replace(/(..)/g, (b) => b.replace(/^0/, ''));
    expect(unpadded.length).toBeLessThan(64); // this fixture's hash has a byte below 0x10
    expect(prismaChecksumMatches(m, unpadded)).toBe(true);
  });

  it('reversible means "a later migration can undo it without data loss"', async () => {
    await fixture({
      '20240301120000_init/migration.sql': INIT,
      '20240302000000_drop_col/migration.sql': 'ALTER TABLE "User" ADD COLUMN "bio" TEXT;\nALTER TABLE "User" DROP COLUMN "email";\n',
      '20240303000000_drop_table/migration.sql': 'DROP TABLE "Post";\n',
      '20240304000000_truncate/migration.sql': 'TRUNCATE "User";\n',
      '20240305000000_enum/migration.sql': 'ALTER TYPE "Role" ADD VALUE \'GUEST\';\n',
      '20240306000000_rename_enum_value/migration.sql': 'ALTER TYPE "Role" RENAME VALUE \'GUEST\' TO \'VISITOR\';\nALTER TABLE "User" DROP CONSTRAINT "x";\n',
    });
    const set = await loadPrismaMigrations(dir);
    expect(set.migrations.map((m) => [m.id.slice(15), m.reversible])).toEqual([
      ['init', true],
      ['drop_col', false],
      ['drop_table', false],
      ['truncate', false],
      ['enum', false],
      ['rename_enum_value', true],
    ]);
  });

  it('reports every migration.sql that does not split in one error, each as file:line: message', async () => {
    await fixture({
      '20240301120000_a/migration.sql': 'CREATE TABLE a (id int);\n\nALTER TABLE a ADD COLUMN;\n',
      '20240302000000_b/migration.sql': INIT,
      '20240303000000_c/migration.sql': 'CREATE TABEL c (id int);\n',
    });
    const err = (await loadPrismaMigrations(dir).catch((e: unknown) => e)) as Error;
    expect(err.message.split('\n')).toEqual([
      '2 migration files cannot be read:',
      `  ${join(dir, '20240301120000_a', 'migration.sql')}:3: syntax error at or near ";"`,
      `  ${join(dir, '20240303000000_c', 'migration.sql')}:1: syntax error at or near "TABEL"`,
    ]);
  });
});
