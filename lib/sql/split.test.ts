import { describe, expect, it } from 'vitest';
import { splitSql } from './split';
import { UserInputError } from '../model/errors';

describe('splitSql', () => {
  it('splits statements and reports the line of the first token, skipping leading comments', async () => {
    const sql = [
      '-- header comment',
      '/* block',
      '   comment */',
      'CREATE TABLE users (',
      '  id bigint PRIMARY KEY',
      ');',
      '',
      '-- add a column',
      'ALTER TABLE users ADD COLUMN email text; ALTER TABLE users ADD COLUMN name text;',
      '',
    ].join('\n');
    expect(await splitSql(sql)).toEqual([
      { sql: 'CREATE TABLE users (\n  id bigint PRIMARY KEY\n)', line: 4 },
      { sql: 'ALTER TABLE users ADD COLUMN email text', line: 9 },
      { sql: 'ALTER TABLE users ADD COLUMN name text', line: 9 },
    ]);
  });

  it('keeps dollar-quoted bodies and semicolons in strings inside one statement', async () => {
    const sql = [
      'CREATE FUNCTION touch() RETURNS trigger AS $fn$',
      'BEGIN',
      "  NEW.note := 'a;b';",
      '  RETURN NEW;',
      'END',
      '$fn$ LANGUAGE plpgsql;',
      "INSERT INTO notes VALUES ('x; y', E'it\\'s;');",
      'DO $$ BEGIN PERFORM 1; END $$;',
    ].join('\n');
    const chunks = await splitSql(sql);
    expect(chunks.map((c) => c.line)).toEqual([1, 7, 8]);
    expect(chunks[0].sql).toContain("NEW.note := 'a;b';");
    expect(chunks[0].sql.endsWith('LANGUAGE plpgsql')).toBe(true);
    expect(chunks[1].sql).toBe("INSERT INTO notes VALUES ('x; y', E'it\\'s;')");
  });

  it('maps UTF-8 byte offsets back to the right text and lines', async () => {
    const sql = "-- Café «naïve» 😀\nCOMMENT ON TABLE t IS 'é😀';\n\nSELECT 'ü';\n";
    expect(await splitSql(sql)).toEqual([
      { sql: "COMMENT ON TABLE t IS 'é😀'", line: 2 },
      { sql: "SELECT 'ü'", line: 4 },
    ]);
  });

  it('drops trailing comments after the last statement and empty statements', async () => {
    expect(await splitSql(';;\nSELECT 1;;\nSELECT 2 -- trailing; note\n/* end */\n')).toEqual([
      { sql: 'SELECT 1', line: 2 },
      { sql: 'SELECT 2', line: 3 },
    ]);
  });

  it('ignores a byte-order mark and keeps CRLF line numbers', async () => {
    expect(await splitSql('\uFEFF-- é\r\nSELECT 1;\r\n\r\nSELECT 2;\r\n')).toEqual([
      { sql: 'SELECT 1', line: 2 },
      { sql: 'SELECT 2', line: 4 },
    ]);
  });

  it('returns nothing for empty, blank or comment-only input', async () => {
    expect(await splitSql('')).toEqual([]);
    expect(await splitSql('  \n\t')).toEqual([]);
    expect(await splitSql('-- nothing here\n/* really */\n')).toEqual([]);
  });

  it('throws UserInputError naming file:line on a syntax error', async () => {
    const sql = "SELECT 'ü😀';\n\nCREAT TABLE broken (id int);\n";
    await expect(splitSql(sql, 'migrations/001.sql')).rejects.toThrow(UserInputError);
    await expect(splitSql(sql, 'migrations/001.sql')).rejects.toThrow(
      /^migrations\/001\.sql:3: syntax error at or near "CREAT"$/,
    );
    await expect(splitSql("SELECT 1;\nSELECT 'open")).rejects.toThrow(/^<sql>:2: unterminated quoted string/);
  });

  it('splits 500 migrations quickly', async () => {
    const one = [
      'CREATE TABLE t_@ (id bigserial PRIMARY KEY, name text NOT NULL, created_at timestamptz DEFAULT now());',
      'CREATE INDEX t_@_name ON t_@ (name);',
      'ALTER TABLE t_@ ADD COLUMN note varchar(200);',
      "CREATE FUNCTION f_@() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql;",
    ].join('\n');
    const started = performance.now();
    for (let i = 0; i < 500; i++) await splitSql(one.replaceAll('@', String(i)));
    expect(performance.now() - started).toBeLessThan(2000);
  });
});
