/**
 * Volatility of a column default, from the raw parse tree (no catalog). What matters for ADD COLUMN:
 * since PG 11 a non-volatile default is evaluated once and stored in the catalog (no rewrite); a
 * volatile one must be computed per row, so the table is rewritten.
 *
 * now() / CURRENT_TIMESTAMP / transaction_timestamp() are STABLE: evaluated once, no rewrite.
 * A function not listed here is treated as volatile, because that is PostgreSQL's default for
 * user-defined functions; the message says so.
 */
import { nodeOf, stringList, walk } from '../sql/parse';

export type Volatility = 'none' | 'constant' | 'stable' | 'volatile';

const VOLATILE = new Set([
  'random', 'random_normal', 'gen_random_uuid', 'uuid_generate_v1', 'uuid_generate_v1mc', 'uuid_generate_v4',
  'uuidv4', 'uuidv7', 'clock_timestamp', 'timeofday', 'nextval', 'setseed', 'txid_current', 'pg_current_xact_id',
]);

/** Stable or immutable: safe to evaluate once for every existing row. */
const NON_VOLATILE = new Set([
  'now', 'transaction_timestamp', 'statement_timestamp', 'current_database', 'current_schema', 'current_user',
  'lower', 'upper', 'trim', 'btrim', 'ltrim', 'rtrim', 'length', 'concat', 'concat_ws', 'coalesce', 'nullif',
  'greatest', 'least', 'abs', 'round', 'floor', 'ceil', 'md5', 'to_char', 'to_date', 'to_timestamp', 'to_json',
  'to_jsonb', 'json_build_object', 'jsonb_build_object', 'json_build_array', 'jsonb_build_array', 'array_fill',
  'make_date', 'make_interval', 'date_trunc', 'timezone', 'uuid_nil', 'format', 'replace', 'substring', 'left', 'right',
]);

export interface DefaultInfo {
  volatility: Volatility;
  /** Volatile functions found, or unknown functions assumed volatile. */
  functions: string[];
}

export function classifyDefault(expr: unknown): DefaultInfo {
  if (expr === undefined || expr === null) return { volatility: 'none', functions: [] };
  const aConst = nodeOf<{ isnull?: boolean }>(expr, 'A_Const');
  if (aConst?.isnull) return { volatility: 'none', functions: [] };
  let volatility: Volatility = 'constant';
  const functions: string[] = [];
  const raise = (v: Volatility) => {
    const order: Volatility[] = ['none', 'constant', 'stable', 'volatile'];
    if (order.indexOf(v) > order.indexOf(volatility)) volatility = v;
  };
  const visit = (tag: string, body: Record<string, unknown>) => {
    if (tag === 'FuncCall') {
      const names = stringList(body.funcname as unknown[]);
      const name = (names[names.length - 1] ?? '').toLowerCase();
      if (NON_VOLATILE.has(name)) raise('stable');
      else {
        functions.push(name);
        raise('volatile');
      }
    } else if (tag === 'SQLValueFunction') {
      raise('stable');
    } else if (tag === 'SubLink') {
      functions.push('(subquery)');
      raise('volatile');
    }
  };
  walk({ root: expr }, visit);
  return { volatility, functions };
}
