/**
 * Updates what the analysis knows after a statement ran: created tables/indexes/types, column types,
 * ACCESS EXCLUSIVE locks still held, proven NOT NULLs.
 */
import { formatQualified, nameListQualified, nodeOf, rangeVarName, stringList, typeNameToString } from '../sql/parse';
import type { ParsedStmt, QualifiedName, RangeVar } from '../sql/parse';
import type { MigrationStatement } from '../model/migration';
import type { AnalysisState, KnownColumn } from './context';
import { columnsKey, createdKeys } from './context';
import { alterTableParts, columnDefOf, constraintOf } from './rules/util';
import type { ColumnDefNode } from './rules/util';

/** ALTER TABLE subcommands that take less than ACCESS EXCLUSIVE (everything else is treated as exclusive). */
const WEAKER_ALTERS = new Set([
  'AT_ValidateConstraint',
  'AT_SetStatistics',
  'AT_SetOptions',
  'AT_ResetOptions',
  'AT_ClusterOn',
  'AT_DropCluster',
  'AT_AttachPartition',
  'AT_DetachPartition',
  'AT_EnableTrig',
  'AT_DisableTrig',
  'AT_EnableAlwaysTrig',
  'AT_EnableReplicaTrig',
  'AT_EnableTrigAll',
  'AT_DisableTrigAll',
  'AT_EnableTrigUser',
  'AT_DisableTrigUser',
]);

export function trackStatement(stmt: ParsedStmt, state: AnalysisState, source?: MigrationStatement): void {
  const { kind, node } = stmt;
  if (kind === 'CreateStmt') {
    const ref = rangeVarName(node.relation as RangeVar);
    if (ref) {
      for (const k of createdKeys(ref)) state.created.add(k);
      trackCreatedColumns(ref, node, state);
    }
  } else if (kind === 'CreateTableAsStmt') {
    const ref = rangeVarName((node.into as { rel?: RangeVar } | undefined)?.rel);
    if (ref) state.columns.delete(createKey(ref)); // columns of a query result: not known here
  } else if (kind === 'IndexStmt' && typeof node.idxname === 'string') {
    const schema = (node.relation as RangeVar | undefined)?.schemaname;
    state.createdIndexes.add(node.idxname);
    if (schema) state.createdIndexes.add(`${schema}.${node.idxname}`);
  } else if (kind === 'RenameStmt') {
    trackRename(node, state, source);
  } else if (kind === 'AlterTableStmt') {
    trackNotNullChecks(stmt, state);
    trackAlterColumns(stmt, state, source);
  } else if (kind === 'DropStmt') {
    trackDrop(node, state);
  } else if (kind === 'CreateEnumStmt' || kind === 'CompositeTypeStmt' || kind === 'CreateDomainStmt') {
    const names = kind === 'CompositeTypeStmt' ? [] : stringList((kind === 'CreateEnumStmt' ? node.typeName : node.domainname) as unknown[]);
    const ref =
      kind === 'CompositeTypeStmt'
        ? rangeVarName(node.typevar as RangeVar)
        : names.length
          ? { schema: names.length > 1 ? names[names.length - 2] : null, name: names[names.length - 1] }
          : null;
    if (ref) for (const k of createdKeys(ref)) state.createdTypes.add(k);
  } else if (kind === 'TruncateStmt' || kind === 'LockStmt') {
    const mode = kind === 'LockStmt' ? (node.mode as number | undefined) : 8;
    // LOCK TABLE defaults to ACCESS EXCLUSIVE (mode 8); weaker explicit modes let reads through.
    if ((mode ?? 8) === 8) {
      for (const r of (node.relations as unknown[]) ?? []) lock(rangeVarName(nodeOf<RangeVar>(r, 'RangeVar')), state, source);
    }
  }
}

/** A table created without a schema goes to the first schema of the search path: `public` by default. */
function createKey(ref: QualifiedName): string {
  return `${ref.schema ?? 'public'}.${ref.name}`;
}

function known(type: string, state: AnalysisState): KnownColumn {
  return { type, source: state.migrationId ? `migration ${state.migrationId}` : 'an earlier statement' };
}

function lock(ref: QualifiedName | null, state: AnalysisState, source: MigrationStatement | undefined): void {
  if (!ref || !source?.inTransaction) return;
  const name = formatQualified(ref);
  if (!state.exclusiveLocks.has(name)) state.exclusiveLocks.set(name, source.line);
}

function trackCreatedColumns(ref: QualifiedName, node: Record<string, unknown>, state: AnalysisState): void {
  const cols = new Map<string, KnownColumn>();
  for (const el of (node.tableElts as unknown[]) ?? []) {
    const col = nodeOf<ColumnDefNode>(el, 'ColumnDef');
    const type = typeNameToString(col?.typeName);
    if (col?.colname && type) cols.set(col.colname, known(type, state));
  }
  // Inherited or LIKE-copied columns are not known here; the table's own columns are.
  state.columns.set(createKey(ref), cols);
}

function trackAlterColumns(stmt: ParsedStmt, state: AnalysisState, source: MigrationStatement | undefined): void {
  const at = alterTableParts(stmt);
  if (!at) return;
  if (at.cmds.some((c) => !WEAKER_ALTERS.has(c.subtype) && !isForeignKeyAdd(c))) lock(at.ref, state, source);
  const cols = state.columns.get(columnsKey(at.ref, state));
  if (!cols) return;
  for (const cmd of at.cmds) {
    if (cmd.subtype === 'AT_AddColumn') {
      const col = columnDefOf(cmd);
      const type = typeNameToString(col?.typeName);
      if (col?.colname && type && !cols.has(col.colname)) cols.set(col.colname, known(type, state));
    } else if (cmd.subtype === 'AT_AlterColumnType' && cmd.name) {
      const type = typeNameToString(columnDefOf(cmd)?.typeName);
      if (type) cols.set(cmd.name, known(type, state));
      else cols.delete(cmd.name);
    } else if (cmd.subtype === 'AT_DropColumn' && cmd.name) {
      cols.delete(cmd.name);
    }
  }
}

function isForeignKeyAdd(cmd: { subtype: string; def?: unknown }): boolean {
  return cmd.subtype === 'AT_AddConstraint' && constraintOf(cmd)?.contype === 'CONSTR_FOREIGN';
}

function trackRename(node: Record<string, unknown>, state: AnalysisState, source: MigrationStatement | undefined): void {
  const ref = rangeVarName(node.relation as RangeVar);
  const newname = typeof node.newname === 'string' ? node.newname : null;
  if (!ref || !newname) return;
  if (node.renameType === 'OBJECT_TABLE') {
    if (state.created.has(formatQualified(ref))) {
      for (const k of createdKeys({ schema: ref.schema, name: newname })) state.created.add(k);
    }
    const key = columnsKey(ref, state);
    const cols = state.columns.get(key);
    state.columns.delete(key);
    if (cols) state.columns.set(`${key.slice(0, key.indexOf('.'))}.${newname}`, cols);
    lock(ref, state, source);
  } else if (node.renameType === 'OBJECT_COLUMN' && typeof node.subname === 'string') {
    const cols = state.columns.get(columnsKey(ref, state));
    const col = cols?.get(node.subname);
    if (cols && col) {
      cols.delete(node.subname);
      cols.set(newname, col);
    }
    lock(ref, state, source);
  }
}

function trackDrop(node: Record<string, unknown>, state: AnalysisState): void {
  if (node.removeType !== 'OBJECT_TABLE') return;
  for (const o of (node.objects as unknown[]) ?? []) {
    const q = nameListQualified(o);
    if (q) state.columns.delete(columnsKey(q, state));
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
