/** Updates what the analysis knows after a statement ran: created tables/indexes, proven NOT NULLs. */
import { formatQualified, nodeOf, rangeVarName, stringList } from '../sql/parse';
import type { ParsedStmt, RangeVar } from '../sql/parse';
import type { AnalysisState } from './context';
import { createdKeys } from './context';
import { alterTableParts, constraintOf } from './rules/util';

export function trackStatement(stmt: ParsedStmt, state: AnalysisState): void {
  const { kind, node } = stmt;
  if (kind === 'CreateStmt') {
    const ref = rangeVarName(node.relation as RangeVar);
    if (ref) for (const k of createdKeys(ref)) state.created.add(k);
  } else if (kind === 'IndexStmt' && typeof node.idxname === 'string') {
    const schema = (node.relation as RangeVar | undefined)?.schemaname;
    state.createdIndexes.add(node.idxname);
    if (schema) state.createdIndexes.add(`${schema}.${node.idxname}`);
  } else if (kind === 'RenameStmt' && node.renameType === 'OBJECT_TABLE') {
    const ref = rangeVarName(node.relation as RangeVar);
    if (ref && state.created.has(formatQualified(ref)) && typeof node.newname === 'string') {
      for (const k of createdKeys({ schema: ref.schema, name: node.newname })) state.created.add(k);
    }
  } else if (kind === 'AlterTableStmt') {
    trackNotNullChecks(stmt, state);
  }
}

function trackNotNullChecks(stmt: ParsedStmt, state: AnalysisState): void {
  const at = alterTableParts(stmt);
  if (!at) return;
  const table = formatQualified(at.ref);
  for (const cmd of at.cmds) {
    if (cmd.subtype === 'AT_AddConstraint') {
      const c = constraintOf(cmd);
      const test = nodeOf<{ arg?: unknown; nulltesttype?: string }>(c?.raw_expr, 'NullTest');
      if (!c || c.contype !== 'CONSTR_CHECK' || test?.nulltesttype !== 'IS_NOT_NULL') continue;
      const col = stringList(nodeOf<{ fields?: unknown[] }>(test.arg, 'ColumnRef')?.fields).pop();
      if (!col) continue;
      if (c.skip_validation) {
        if (c.conname) state.pendingNotNullChecks.set(`${table}|${c.conname}`, col);
      } else state.provenNotNull.add(`${table}|${col}`);
    } else if (cmd.subtype === 'AT_ValidateConstraint' && cmd.name) {
      const col = state.pendingNotNullChecks.get(`${table}|${cmd.name}`);
      if (col) state.provenNotNull.add(`${table}|${col}`);
    }
  }
}
