/** Statements that rewrite the whole table while holding ACCESS EXCLUSIVE (no reads, no writes). */
import type { Finding } from '../../model/risk';
import { nodeOf, rangeVarName, stringList, typeNameToString } from '../../sql/parse';
import type { RangeVar } from '../../sql/parse';
import type { RuleInput } from '../context';
import { findingFor } from '../finding';
import { levelFor } from '../size';
import { alterTypeVerdict, existingTypeFrom } from '../coercion';
import { classifyDefault } from '../volatility';
import { alterTable, columnDefault, columnDefOf, constraintsOf, isPg11OrLater, SERIAL_TYPES } from './util';

const REWRITE_ADVICE =
  'Add a new column, backfill it in batches, switch reads/writes to it, then drop the old one; or run it in a maintenance window.';

export function alterColumnType(input: RuleInput): Finding[] {
  const at = alterTable(input, 'AT_AlterColumnType');
  if (!at) return [];
  const out: Finding[] = [];
  for (const cmd of at.cmds) {
    const col = columnDefOf(cmd);
    const target = typeNameToString(col?.typeName);
    const tracked = cmd.name ? input.column(at.ref, cmd.name) : undefined;
    const stated = existingTypeFrom(input.source.origin, input.source.sql);
    const existing = tracked?.type ?? stated;
    // With the old type known, a USING of the column itself lets the types decide; without it, any
    // USING signals a real conversion.
    const complexUsing = existing ? !usingIsColumn(col?.raw_default, cmd.name) : col?.raw_default !== undefined;
    const verdict = alterTypeVerdict(target, existing, complexUsing);
    if (verdict === 'no-rewrite') continue;
    const possible = verdict === 'possible-rewrite';
    const from = existing ? ` from ${existing}${tracked ? ` (as ${tracked.source} has it)` : ''}` : '';
    out.push(
      findingFor(input, {
        rule: possible ? 'alter-column-type-possible-rewrite' : 'alter-column-type',
        level: levelFor(possible ? 'possibleRewrite' : 'rewrite', at.table.size),
        message: possible
          ? `Changing ${at.table.label} column ${cmd.name} to ${target} rewrites the table under ACCESS EXCLUSIVE unless it only widens the old type (the old type is not known here).`
          : `Changing ${at.table.label} column ${cmd.name}${from} to ${target} rewrites the whole table and its indexes under ACCESS EXCLUSIVE.`,
        suggestion: possible
          ? `If this only widens (varchar(n)→varchar(m>n) or text, numeric precision up, cidr→inet) it is catalog-only; otherwise: ${REWRITE_ADVICE}`
          : REWRITE_ADVICE,
        table: at.table.name,
        lock: 'ACCESS EXCLUSIVE',
        rewrite: true,
      }),
    );
  }
  return out;
}

/** True when there is no USING, or it is the column itself or a plain cast of it (the types then decide). */
function usingIsColumn(expr: unknown, column: string | undefined): boolean {
  if (expr === undefined) return true;
  const inner = nodeOf<{ arg?: unknown }>(expr, 'TypeCast')?.arg ?? expr;
  const fields = stringList(nodeOf<{ fields?: unknown[] }>(inner, 'ColumnRef')?.fields);
  return fields.length > 0 && fields[fields.length - 1] === column;
}

export function addColumnRewrite(input: RuleInput): Finding[] {
  const at = alterTable(input, 'AT_AddColumn');
  if (!at) return [];
  const out: Finding[] = [];
  for (const cmd of at.cmds) {
    const col = columnDefOf(cmd);
    if (!col) continue;
    const constraints = constraintsOf(col);
    const typeName = stringList(col.typeName?.names).pop() ?? '';
    const def = classifyDefault(columnDefault(col));
    let why: string | null = null;
    let suggestion = 'Add the column without a default (or with a constant one), then backfill it in batches.';
    if (SERIAL_TYPES.has(typeName)) why = `a ${typeName} column fills every row from a sequence`;
    else if (constraints.some((c) => c.contype === 'CONSTR_IDENTITY')) why = 'an identity column fills every row';
    else if (constraints.some((c) => c.contype === 'CONSTR_GENERATED')) {
      why = 'a stored generated column is computed for every row';
      suggestion = 'Add a plain nullable column, backfill it in batches, and keep it current with a trigger.';
    } else if (def.volatility === 'volatile') {
      why = `its default calls volatile ${def.functions.join(', ')}() (or a function of unknown volatility), evaluated per row`;
    } else if (def.volatility !== 'none' && !isPg11OrLater(input)) {
      why = 'before PostgreSQL 11 any non-null default is written into every row';
      suggestion = 'Add the column without a default, set the default in a second statement, and backfill in batches.';
    }
    if (!why) continue;
    out.push(
      findingFor(input, {
        rule: 'add-column-rewrite',
        level: levelFor('rewrite', at.table.size),
        message: `Adding column ${col.colname} to ${at.table.label} rewrites the table under ACCESS EXCLUSIVE: ${why}.`,
        suggestion,
        table: at.table.name,
        lock: 'ACCESS EXCLUSIVE',
        rewrite: true,
      }),
    );
  }
  return out;
}

export function setLoggedOrAccessMethod(input: RuleInput): Finding[] {
  const at = alterTable(input);
  if (!at) return [];
  const what: Record<string, string> = {
    AT_SetLogged: 'SET LOGGED',
    AT_SetUnLogged: 'SET UNLOGGED',
    AT_SetAccessMethod: 'SET ACCESS METHOD',
    AT_SetTableSpace: 'SET TABLESPACE',
  };
  return at.cmds
    .filter((c) => c.subtype in what)
    .map((c) =>
      findingFor(input, {
        rule: 'table-rewrite',
        level: levelFor('rewrite', at.table.size),
        message: `ALTER TABLE ${at.table.label} ${what[c.subtype]} copies the whole table under ACCESS EXCLUSIVE.`,
        suggestion: 'Run it in a maintenance window, or create a new table and move the data in batches.',
        table: at.table.name,
        lock: 'ACCESS EXCLUSIVE',
        rewrite: true,
      }),
    );
}

export function vacuumFullOrCluster(input: RuleInput): Finding[] {
  const { kind, node } = input.stmt;
  let refs: RangeVar[] = [];
  let verb: string;
  if (kind === 'VacuumStmt') {
    const opts = ((node.options as unknown[]) ?? []).map((o) => nodeOf<{ defname?: string }>(o, 'DefElem')?.defname);
    if (!opts.includes('full')) return [];
    verb = 'VACUUM FULL';
    refs = ((node.rels as unknown[]) ?? [])
      .map((r) => nodeOf<{ relation?: RangeVar }>(r, 'VacuumRelation')?.relation)
      .filter((r): r is RangeVar => !!r);
  } else if (kind === 'ClusterStmt') {
    verb = 'CLUSTER';
    if (node.relation) refs = [node.relation as RangeVar];
  } else return [];
  const suggestion = 'Use pg_repack (or pg_squeeze) to compact online, or run it in a maintenance window.';
  if (refs.length === 0) {
    return [
      findingFor(input, {
        rule: 'table-rewrite',
        level: levelFor('rewrite', 'unknown'),
        message: `${verb} without a table rewrites every table of the database, each under ACCESS EXCLUSIVE.`,
        suggestion,
        table: null,
        lock: 'ACCESS EXCLUSIVE',
        rewrite: true,
      }),
    ];
  }
  return refs.map((rv) => {
    const table = input.table(rangeVarName(rv)!);
    return findingFor(input, {
      rule: 'table-rewrite',
      level: levelFor('rewrite', table.size),
      message: `${verb} ${table.label} rewrites the table under ACCESS EXCLUSIVE.`,
      suggestion,
      table: table.name,
      lock: 'ACCESS EXCLUSIVE',
      rewrite: true,
    });
  });
}

export const rewriteRules = [alterColumnType, addColumnRewrite, setLoggedOrAccessMethod, vacuumFullOrCluster];
