import { describe, expect, it } from 'vitest';
import { formatQualified, intConst, parseStatement, rangeVarName, SqlParseError, typeNameToString } from './parse';
import type { RangeVar, TypeName } from './parse';

describe('parseStatement', () => {
  it('returns each statement with its kind, text and line offset', async () => {
    const stmts = await parseStatement('CREATE TABLE a (id int);\n\n  DROP TABLE b;');
    expect(stmts.map((s) => s.kind)).toEqual(['CreateStmt', 'DropStmt']);
    expect(stmts[1].sql).toBe('DROP TABLE b');
    expect(stmts[1].lineOffset).toBe(2);
  });

  it('slices statements by character even after multi-byte text', async () => {
    const stmts = await parseStatement("COMMENT ON TABLE t IS 'žluťoučký kůň'; DROP TABLE ü");
    expect(stmts[1].sql).toBe('DROP TABLE ü');
  });

  it('throws SqlParseError with the line of the error', async () => {
    const err = await parseStatement('ALTER TABLE t\n  ADD COLUMN x int,\n  ADD COLUMN y itn nt').catch((e) => e);
    expect(err).toBeInstanceOf(SqlParseError);
    expect(err.message).toContain('syntax error at or near "nt"');
    expect(err.lineOffset).toBe(2);
  });

  it('reads names and types', async () => {
    const [s] = await parseStatement('ALTER TABLE app.users ALTER COLUMN n TYPE numeric(10, 2)');
    const rv = s.node.relation as RangeVar;
    expect(formatQualified(rangeVarName(rv)!)).toBe('app.users');
    const cmd = (s.node.cmds as { AlterTableCmd: { def: { ColumnDef: { typeName: TypeName } } } }[])[0];
    expect(typeNameToString(cmd.AlterTableCmd.def.ColumnDef.typeName)).toBe('numeric(10,2)');
    expect(intConst({ A_Const: { ival: {} } })).toBe(0);
  });
});
