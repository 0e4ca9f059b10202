/** Small readers shared by the rules. */
import type { RangeVar } from '../../sql/parse';
import { nodeOf, rangeVarName } from '../../sql/parse';
import type { ParsedStmt, QualifiedName } from '../../sql/parse';
import type { RuleInput, TableInfo } from '../context';

export interface AlterCmd {
  subtype: string;
  name?: string;
  def?: unknown;
  missing_ok?: boolean;
}

export interface ConstraintNode {
  contype?: string;
  conname?: string;
  skip_validation?: boolean;
  raw_expr?: unknown;
  indexname?: string;
  keys?: unknown[];
  pktable?: RangeVar;
}

export interface ColumnDefNode {
  colname?: string;
  typeName?: import('../../sql/parse').TypeName;
  constraints?: unknown[];
  raw_default?: unknown;
}

/** The target and sub-commands of an `ALTER TABLE` on a table, else null. */
export function alterTableParts(stmt: ParsedStmt): { ref: QualifiedName; cmds: AlterCmd[] } | null {
  if (stmt.kind !== 'AlterTableStmt') return null;
  const body = stmt.node as { relation?: RangeVar; cmds?: unknown[]; objtype?: string };
  if (body.objtype !== 'OBJECT_TABLE') return null;
  const ref = rangeVarName(body.relation);
  if (!ref) return null;
  const cmds = (body.cmds ?? []).map((c) => nodeOf<AlterCmd>(c, 'AlterTableCmd')).filter((c): c is AlterCmd => !!c);
  return { ref, cmds };
}

/**
 * Like alterTableParts, plus what is known about the table. With `subtype`, only the subcommands of that
 * kind, and null when there are none (the rule has nothing to look at).
 */
export function alterTable(input: RuleInput, subtype?: string): { ref: QualifiedName; table: TableInfo; cmds: AlterCmd[] } | null {
  const parts = alterTableParts(input.stmt);
  if (!parts) return null;
  const cmds = subtype ? parts.cmds.filter((c) => c.subtype === subtype) : parts.cmds;
  if (subtype && cmds.length === 0) return null;
  return { ref: parts.ref, cmds, table: input.table(parts.ref) };
}

export function constraintsOf(col: ColumnDefNode): ConstraintNode[] {
  return (col.constraints ?? []).map((c) => nodeOf<ConstraintNode>(c, 'Constraint')).filter((c): c is ConstraintNode => !!c);
}

export function columnDefOf(cmd: AlterCmd): ColumnDefNode | undefined {
  return nodeOf<ColumnDefNode>(cmd.def, 'ColumnDef');
}

export function constraintOf(cmd: AlterCmd): ConstraintNode | undefined {
  return nodeOf<ConstraintNode>(cmd.def, 'Constraint');
}

/** The DEFAULT expression of a column definition, if any (DEFAULT NULL included). */
export function columnDefault(col: ColumnDefNode): unknown {
  return constraintsOf(col).find((c) => c.contype === 'CONSTR_DEFAULT')?.raw_expr ?? col.raw_default;
}

export const SERIAL_TYPES = new Set(['serial', 'serial4', 'bigserial', 'serial8', 'smallserial', 'serial2']);

export function isPg11OrLater(input: RuleInput): boolean {
  return input.serverVersion >= 110000;
}

export function isPg12OrLater(input: RuleInput): boolean {
  return input.serverVersion >= 120000;
}
