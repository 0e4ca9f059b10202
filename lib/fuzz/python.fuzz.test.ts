import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseAlembicFile } from '../migrations/alembic';
import type { Migration } from '../model/migration';
import { FUZZ, namedOrOk } from './oracle';

const FILE = '/v/r1_x.py';

function source(upgrade: string, opts: { down?: string; nl?: string; indent?: string } = {}): string {
  const nl = opts.nl ?? '\n';
  const body = upgrade.split('\n').map((l) => `${opts.indent ?? '    '}${l}`).join(nl);
  return [
    '"""x"""',
    'from alembic import op',
    'import sqlalchemy as sa',
    '',
    "revision = 'r1'",
    `down_revision = ${opts.down ?? 'None'}`,
    'branch_labels = None',
    'depends_on = None',
    '',
    '',
    'def upgrade():',
    body,
    '',
    '',
    'def downgrade():',
    '    pass',
    '',
  ].join(nl);
}

/** Python-shaped noise for the body of upgrade(). */
const token = fc.constantFrom(
  'op.execute(', 'op.create_table(', "'t'", 'sa.Column(', "'id'", 'sa.Integer()', ')', '(', '[', ']', '{', '}', ',', ':', '\n',
  '\n    ', '\n\t', '\t', ' ', 'if True:', 'print "x"', 'pass', '"""', "'''", '#', '\\', '\r', '\r\n', 'lambda', '=', '**',
  'x', '1', 'None', '"SELECT 1;"', '"SELEC"', 'é', '\u0000', '\ufeff', 'f"{x}"', 'async', 'await', 'yield',
);
const body = fc.array(token, { maxLength: 40 }).map((t) => t.join(''));

describe('fuzz: Alembic migration files', () => {
  it('any upgrade() body reads, or names file:line', async () => {
    await fc.assert(
      fc.asyncProperty(body, async (b) => {
        const out = await namedOrOk(FILE, () => parseAlembicFile(FILE, Buffer.from(source(b))), true);
        if (out.ok && out.value) {
          expect(out.value.id).toBe('r1');
          for (const u of out.value.unanalyzed) expect(u.line).toBeGreaterThanOrEqual(1);
        }
      }),
      FUZZ,
    );
  });

  it('any bytes read, or name the file', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 300 }), async (bytes) => {
        await namedOrOk(FILE, () => parseAlembicFile(FILE, Buffer.concat([Buffer.from(source('pass')), Buffer.from(bytes)])));
      }),
      { ...FUZZ, numRuns: 60 },
    );
  });

  const unanalyzedOf = async (text: string | Buffer): Promise<Migration> => (await parseAlembicFile(FILE, Buffer.from(text)))!;

  it('100,000 "(" in upgrade() is a finding at its line; the header is still read', async () => {
    const m = await unanalyzedOf(source(`op.execute(${'('.repeat(100_000)}`));
    expect(m.id).toBe('r1');
    expect(m.unanalyzed).toEqual([expect.objectContaining({ line: 12, reason: expect.stringContaining('too many nested parentheses') })]);
  });

  it('a 50,000-deep down_revision is an error naming file:line', async () => {
    const deep = `${'('.repeat(50_000)}'a'${',)'.repeat(50_000)}`;
    await expect(parseAlembicFile(FILE, Buffer.from(source('pass', { down: deep })))).rejects.toThrow(`${FILE}:6: Python syntax error: too many nested parentheses`);
  });

  it('a 20,000-term expression is a finding at its def line instead of a stack overflow', async () => {
    const out = await namedOrOk(FILE, () => unanalyzedOf(source(`op.execute("SELECT 1")\nx = ${Array(20_000).fill('1').join(' + ')}`)));
    if (out.ok) expect(out.value.unanalyzed).toEqual([expect.objectContaining({ line: 11, reason: 'upgrade(): nested too deeply to read: not analyzed' })]);
  });

  it('Python 3 rejections: print statement, inconsistent tabs, invalid UTF-8', async () => {
    const print = await unanalyzedOf(source('op.execute("SELECT 1")\nprint "x"'));
    expect(print.unanalyzed).toEqual([expect.objectContaining({ line: 13, reason: expect.stringContaining('Python 2 print statement') })]);
    expect(print.statements).toEqual([]);

    const tabs = await unanalyzedOf(source('    if True:\n\t\top.execute("SELECT 1")', { indent: '' }));
    expect(tabs.unanalyzed).toEqual([expect.objectContaining({ line: 13, reason: expect.stringContaining('inconsistent use of tabs and spaces') })]);
    // Tabs alone are fine.
    expect((await unanalyzedOf(source('op.execute("SELECT 1")', { indent: '\t' }))).statements.map((s) => s.sql)).toEqual(['SELECT 1']);

    const text = source('pass');
    const bytes = Buffer.concat([Buffer.from(text), Buffer.from('# '), Buffer.from([0xff, 0xfe]), Buffer.from('\n')]);
    await expect(parseAlembicFile(FILE, bytes)).rejects.toThrow(`${FILE}:${text.split('\n').length}: not valid UTF-8`);
  });

  it('CR-only and CRLF line endings read like LF', async () => {
    for (const nl of ['\r', '\r\n']) {
      const m = await unanalyzedOf(source('op.execute("SELECT 1")\nop.execute("SELECT 2")', { nl }));
      expect(m.statements.map((s) => [s.sql, s.line])).toEqual([['SELECT 1', 12], ['SELECT 2', 13]]);
      expect(m.unanalyzed).toEqual([]);
    }
  });
});
