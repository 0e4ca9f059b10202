/**
 * Prisma has no down migrations: a change is undone by a later migration. So `reversible` means "a
 * later migration can undo it without data loss": false as soon as the script drops a table or a
 * column, truncates, or adds an enum value (PostgreSQL cannot drop one). Read with the real parser;
 * a statement that does not parse is left to the risk analysis (which reports it).
 */
import { nodeOf, parseStatementCached } from '../../sql/parse';
import type { ParsedStmt } from '../../sql/parse';

export async function undoableWithoutDataLoss(sqls: string[]): Promise<boolean> {
  for (const sql of sqls) {
    let stmts: ParsedStmt[];
    try {
      stmts = await parseStatementCached(sql);
    } catch {
      continue;
    }
    if (stmts.some(losesData)) return false;
  }
  return true;
}

function losesData(stmt: ParsedStmt): boolean {
  const { kind, node } = stmt;
  if (kind === 'TruncateStmt') return true;
  if (kind === 'DropStmt') return node.removeType === 'OBJECT_TABLE' || (node.removeType === 'OBJECT_SCHEMA' && node.behavior === 'DROP_CASCADE');
  if (kind === 'AlterEnumStmt') return typeof node.newVal === 'string' && !node.oldVal;
  if (kind === 'AlterTableStmt' && node.objtype === 'OBJECT_TABLE') {
    return ((node.cmds as unknown[]) ?? []).some((c) => nodeOf<{ subtype?: string }>(c, 'AlterTableCmd')?.subtype === 'AT_DropColumn');
  }
  return false;
}
