/**
 * Functions other objects depend on. Uses are looked up in the known schema (RiskContext.schema: the
 * live schema before the first migration rated); uses created earlier in the same run are not seen.
 */
import type { Finding } from '../../model/risk';
import type { DbFunction } from '../../model/schema';
import { formatQualified, nameListQualified, nodeOf } from '../../sql/parse';
import type { QualifiedName } from '../../sql/parse';
import type { RuleInput } from '../context';
import { findingFor } from '../finding';
import { functionUses } from '../function-uses';

export function dropFunctionInUse(input: RuleInput): Finding[] {
  if (input.stmt.kind !== 'DropStmt') return [];
  const node = input.stmt.node as { removeType?: string; objects?: unknown[]; behavior?: string };
  if (node.removeType !== 'OBJECT_FUNCTION' && node.removeType !== 'OBJECT_ROUTINE') return [];
  const cascade = node.behavior === 'DROP_CASCADE';
  return (node.objects ?? []).flatMap((o) => {
    const objname = nodeOf<{ objname?: unknown[] }>(o, 'ObjectWithArgs')?.objname;
    const fn = nameListQualified({ List: { items: objname ?? [] } });
    if (!fn) return [];
    const name = formatQualified(fn);
    if (!input.schema) {
      return [
        findingFor(input, {
          rule: 'drop-function-in-use',
          level: 'low',
          message: `DROP FUNCTION ${name}: the schema before the migration is not known, so whether a column default, trigger or index uses it could not be checked; running code that calls it breaks.`,
          suggestion: 'Rate against an environment (so its schema is known), or check pg_depend for the function first.',
          table: null,
          lock: null,
        }),
      ];
    }
    const uses = functionUses(input.schema, fn);
    if (uses.length === 0) {
      return [
        findingFor(input, {
          rule: 'drop-function-in-use',
          level: 'low',
          message: `DROP FUNCTION ${name}: no column default, check, trigger or index of the known schema uses it; running code that calls it breaks.`,
          suggestion: 'Deploy code that no longer calls the function first.',
          table: null,
          lock: null,
        }),
      ];
    }
    const list = uses.map((u) => u.what).join(', ');
    return [
      findingFor(input, {
        rule: 'drop-function-in-use',
        level: 'critical',
        message: cascade
          ? `DROP FUNCTION ${name} CASCADE also drops what uses it: ${list}; inserts then get no default, the trigger stops firing, queries lose the index.`
          : `DROP FUNCTION ${name} fails: ${list} still use${uses.length === 1 ? 's' : ''} it (and when forced with CASCADE, those go too).`,
        suggestion: 'First move the default / trigger / index off the function (ALTER COLUMN … SET DEFAULT, DROP TRIGGER, DROP INDEX CONCURRENTLY), in an earlier migration; then drop it.',
        table: uses[0].table,
        lock: null,
      }),
    ];
  });
}

type Volatility = DbFunction['volatility'];

function declaredVolatility(options: unknown[] | undefined): Volatility {
  for (const o of options ?? []) {
    const d = nodeOf<{ defname?: string; arg?: unknown }>(o, 'DefElem');
    if (d?.defname === 'volatility') {
      const v = nodeOf<{ sval?: string }>(d.arg, 'String')?.sval;
      if (v === 'immutable' || v === 'stable' || v === 'volatile') return v;
    }
  }
  return 'volatile'; // PostgreSQL's default when none is written
}

function knownFunctions(fns: DbFunction[], fn: QualifiedName): DbFunction[] {
  return fns.filter((f) => f.name === fn.name && f.schema === (fn.schema ?? 'public'));
}

export function functionVolatilityChange(input: RuleInput): Finding[] {
  if (input.stmt.kind !== 'CreateFunctionStmt') return [];
  const node = input.stmt.node as { replace?: boolean; funcname?: unknown[]; options?: unknown[] };
  if (!node.replace) return [];
  const fn = nameListQualified({ List: { items: node.funcname ?? [] } });
  if (!fn) return [];
  const name = formatQualified(fn);
  const volatility = declaredVolatility(node.options);
  if (!input.schema?.functions) {
    return [
      findingFor(input, {
        rule: 'function-volatility-change',
        level: 'low',
        message: `CREATE OR REPLACE FUNCTION ${name} (${volatility.toUpperCase()}): the functions of the schema before the migration are not known, so whether it changes the volatility of a function an index uses could not be checked.`,
        suggestion: 'Rate against an environment (so its schema is known); never change the volatility or results of a function an index uses in place.',
        table: null,
        lock: null,
      }),
    ];
  }
  const before = knownFunctions(input.schema.functions, fn);
  const changed = before.filter((f) => f.volatility !== volatility);
  if (before.length === 0 || changed.length === 0) return [];
  const indexes = functionUses(input.schema, fn).filter((u) => u.kind === 'index');
  if (indexes.length === 0) return [];
  const was = [...new Set(changed.map((f) => f.volatility.toUpperCase()))].sort().join('/');
  return [
    findingFor(input, {
      rule: 'function-volatility-change',
      level: 'high',
      message: `CREATE OR REPLACE FUNCTION ${name} changes it from ${was} to ${volatility.toUpperCase()}, but ${indexes.map((u) => u.what).join(', ')} use${indexes.length === 1 ? 's' : ''} it: the index may now be wrong (rows indexed by old results), and a REINDEX or restore fails when it is no longer IMMUTABLE.`,
      suggestion: 'Create a new function under a new name, build a new index on it CONCURRENTLY, move queries over, then drop the old index and function.',
      table: indexes[0].table,
      lock: null,
    }),
  ];
}

export const functionChangeRules = [dropFunctionInUse, functionVolatilityChange];
