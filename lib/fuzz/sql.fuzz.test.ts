import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseStatement, SqlParseError, walk } from '../sql/parse';
import { MAX_SQL_DEPTH, SQL_BATCH_CHARS, splitSql } from '../sql/split';
import { FUZZ, namedOrOk } from './oracle';

const FILE = '/m/V2__x.sql';

/** SQL-shaped noise: keywords, names, every kind of quote and comment, brackets, semicolons, odd characters. */
const token = fc.constantFrom(
  'CREATE', 'TABLE', 'SELECT', 'FROM', 'WHERE', 'INSERT', 'INTO', 'VALUES', 'BEGIN', 'ATOMIC', 'END', 'CASE', 'FUNCTION',
  'DROP', 'SCHEMA', 'DATABASE', 'CASCADE', 't', 'a', '1', '2.5', '(', ')', ',', ';', ';', '\n', ' ', '  ', "'", "''", '"',
  '$$', '$x$', '--', '/*', '*/', 'E\'\\\'', '\\', '\r', '\r\n', '\t', 'é', '😀', '\u0000', '\ufeff', '::', '[', ']',
);
const noise = fc.array(token, { maxLength: 40 }).map((t) => t.join(' '));
/** Valid statements, so the suite also checks that good input splits. */
const statement = fc.constantFrom(
  'CREATE TABLE t (id int PRIMARY KEY, name text)',
  "INSERT INTO t VALUES (1, 'a;b')",
  'CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; SELECT CASE WHEN true THEN 2 END; END',
  "CREATE FUNCTION g() RETURNS trigger LANGUAGE plpgsql AS $fn$ BEGIN RAISE NOTICE 'x;'; RETURN NULL; END $fn$",
  '-- note; with a semicolon\nSELECT 1',
  'ALTER TABLE t ADD COLUMN c int /* ; */',
);

describe('fuzz: SQL splitting and parsing', () => {
  it('splitSql succeeds or names file:line for any input', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(noise, fc.array(statement, { maxLength: 5 }).map((s) => s.join(';\n')), fc.string({ maxLength: 200 })), async (sql) => {
        const out = await namedOrOk(FILE, () => splitSql(sql, FILE));
        if (out.ok) for (const c of out.value) expect(c.line).toBeGreaterThanOrEqual(1);
      }),
      FUZZ,
    );
  });

  it('parseStatement throws only SqlParseError with a real message', async () => {
    await fc.assert(
      fc.asyncProperty(noise, async (sql) => {
        try {
          await parseStatement(sql);
        } catch (error) {
          expect(error).toBeInstanceOf(SqlParseError);
          expect((error as Error).message).not.toMatch(/\[object Object\]|^$/);
        }
      }),
      { ...FUZZ, numRuns: 60 },
    );
  });

  it('a large script is parsed in batches with the same statements and lines as piece by piece', async () => {
    const stmts = [
      "CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; SELECT 2; END",
      "INSERT INTO t VALUES (1, 'x;y', $$a;b$$)",
      'CREATE TABLE "we;ird" (id int)',
      "COMMENT ON TABLE t IS E'it\\'s; fine'",
    ];
    const parts: string[] = [];
    let size = 0;
    for (let i = 0; size < SQL_BATCH_CHARS * 1.5; i++) {
      const s = stmts[i % stmts.length];
      parts.push(s);
      size += s.length + 3;
    }
    const chunks = await splitSql(parts.join(';\n\n'), FILE);
    expect(chunks.map((c) => c.sql)).toEqual(parts);
    expect(chunks.map((c) => c.line)).toEqual(parts.map((_, i) => 1 + i * 2));
  });

  it('a syntax error deep in a large script names its line', async () => {
    const good = Array.from({ length: 9_000 }, (_, i) => `INSERT INTO t VALUES (${i}, 'row')`);
    good[8_000] = 'INSERT INTO t VALUES (1,, 2)';
    await expect(splitSql(good.join(';\n'), FILE)).rejects.toThrow(`${FILE}:8001: syntax error at or near ","`);
  });

  it('3,000 nested subselects or 100,000 "(" are refused with file:line, not a stack overflow', async () => {
    const deep = `SELECT 1;\nSELECT ${'(SELECT '.repeat(3000)}1${')'.repeat(3000)}`;
    await expect(splitSql(deep, FILE)).rejects.toThrow(`${FILE}:2: parentheses nested deeper than ${MAX_SQL_DEPTH} levels; not parsed`);
    await expect(splitSql(`\n\nSELECT ${'('.repeat(100_000)}`, FILE)).rejects.toThrow(`${FILE}:3: parentheses nested deeper`);
    await expect(parseStatement(`SELECT ${'(SELECT '.repeat(3000)}1${')'.repeat(3000)}`)).rejects.toThrow(SqlParseError);
  });

  it('walks a tree of 900 nested subselects without recursion', async () => {
    const [stmt] = await parseStatement(`SELECT ${'(SELECT '.repeat(900)}1${')'.repeat(900)}`);
    let selects = 0;
    walk(stmt.node, (tag) => {
      if (tag === 'SelectStmt') selects++;
    });
    expect(selects).toBe(900);
  });
});

describe('line ends', () => {
  it('CR-only, CRLF and LF scripts give the same lines', async () => {
    for (const nl of ['\n', '\r\n', '\r']) {
      const chunks = await splitSql(['CREATE TABLE a (id int);', '', 'DROP TABLE a;'].join(nl), FILE);
      expect(chunks.map((c) => c.line)).toEqual([1, 3]);
    }
  });
});
