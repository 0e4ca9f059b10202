import type { TargetDb } from '../db';
import { diffSchemas, forEachNamedRole, isUserRole } from '../diff';
import { openPgliteShadow, openServerShadow, pgliteExtensionsFor } from '../expected/shadow';
import { introspect } from '../introspect';
import type { SchemaChange, UncheckedAttribute } from '../model/diff';
import type { RepairStatement } from '../model/repair';
import type { SchemaModel } from '../model/schema';
import { planRepair } from './plan';
import { quoteIdent, quoteLiteral } from '../sql/ident';

export interface VerifyOptions {
  /** A PostgreSQL server for the throw-away copy; null = in-process PGlite. */
  shadowUrl: string | null;
  /** Tables left out of every comparison (version tables). */
  ignoreTables: string[];
  /** Unexpected objects the script leaves alone on purpose: they are not "remaining". */
  leftAlone: readonly SchemaChange[];
  /** Target attributes nobody knows: not compared. */
  unverified?: UncheckedAttribute[];
}

export interface Verification {
  verified: boolean;
  remaining: SchemaChange[];
  error: string | null;
}

/** A new database, with every kind read (an absent kind would not be compared, so not rebuilt). */
const EMPTY: SchemaModel = {
  schemas: ['public'],
  extensions: [],
  tables: [],
  enums: [],
  sequences: [],
  views: [],
  schemaDetails: [{ name: 'public', owner: 'pg_database_owner', comment: 'standard public schema' }],
  functions: [],
  triggers: [],
  eventTriggers: [],
  policies: [],
  privileges: [],
  defaultPrivileges: [],
  domains: [],
  compositeTypes: [],
  rangeTypes: [],
  collations: [],
  statistics: [],
  rules: [],
};

const sameObject = (a: SchemaChange, b: SchemaChange) => a.kind === b.kind && a.change === b.change && a.schema === b.schema && a.table === b.table && a.name === b.name;

/**
 * Applies the repair to a throw-away copy of the environment's schema — the live model rebuilt from
 * nothing by the same planner — and diffs the result with the target. The environment itself is never
 * touched. A copy that cannot be built faithfully is an error, not a verification.
 */
export async function verifyRepair(live: SchemaModel, target: SchemaModel, repair: readonly RepairStatement[], options: VerifyOptions): Promise<Verification> {
  const rebuild = planRepair(diffSchemas(live, EMPTY), live, EMPTY).statements.filter((s) => !s.commented);
  const run = repair.filter((s) => !s.commented);
  const shadow = options.shadowUrl
    ? await openServerShadow(options.shadowUrl)
    : await openPgliteShadow(pgliteExtensionsFor([...rebuild, ...run].map((s) => s.sql)));
  try {
    // Every schema of the shadow: it holds only what the copy and the script made (a repaired schema included).
    const read = async () => (await introspect(shadow.db, { schemas: null, statementTimeoutMs: 60_000 })).schema;
    // Roles are cluster-wide, so no schema carries them: a throw-away PGlite gets the ones both sides name.
    if (!options.shadowUrl) {
      for (const role of rolesNamed(live, target)) {
        await shadow.db.exec(`DO $r$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = ${quoteLiteral(role)}) THEN CREATE ROLE ${quoteIdent(role)} NOLOGIN; END IF; END $r$`);
      }
    }
    const rebuilt = await runAll(shadow.db, rebuild);
    if (rebuilt) return { verified: false, remaining: [], error: `cannot build a copy of the environment (${rebuilt.object}): ${rebuilt.error}` };
    const copyDiff = diffSchemas(live, await read(), { ignoreTables: options.ignoreTables });
    if (copyDiff.length > 0) {
      return { verified: false, remaining: [], error: `the shadow copy differs from the environment in ${copyDiff.length} object(s), first ${describe(copyDiff[0])}` };
    }
    const failed = await runAll(shadow.db, run);
    if (failed) {
      return { verified: false, remaining: diffSchemas(target, await read(), { ignoreTables: options.ignoreTables, unverified: options.unverified }), error: `${failed.object}: ${failed.error}` };
    }
    const remaining = diffSchemas(target, await read(), { ignoreTables: options.ignoreTables, unverified: options.unverified }).filter((c) => !options.leftAlone.some((l) => sameObject(l, c)));
    return { verified: remaining.length === 0, remaining, error: null };
  } finally {
    await shadow.dispose().catch(() => {});
  }
}

const BATCH = 200;

/**
 * Runs the statements in order: consecutive transactional ones in batches (one round trip each), the
 * others alone. A failing batch is rolled back and replayed one statement at a time to name the culprit.
 * Returns the first failure, or null.
 */
async function runAll(db: TargetDb, statements: readonly RepairStatement[]): Promise<{ object: string; error: string } | null> {
  const one = async (s: RepairStatement) => {
    try {
      await db.exec(s.sql);
      return null;
    } catch (err) {
      return { object: s.object, error: firstLine(err) };
    }
  };
  for (let i = 0; i < statements.length; ) {
    if (!statements[i].transactional) {
      const failed = await one(statements[i++]);
      if (failed) return failed;
      continue;
    }
    const batch: RepairStatement[] = [];
    while (i < statements.length && statements[i].transactional && batch.length < BATCH) batch.push(statements[i++]);
    try {
      await db.exec(`BEGIN;\n${batch.map((s) => `${s.sql};`).join('\n')}\nCOMMIT;`);
    } catch {
      await db.exec('ROLLBACK').catch(() => {});
      for (const s of batch) {
        const failed = await one(s);
        if (failed) return failed;
      }
    }
  }
  return null;
}

/** Every role the two models name as owner, grantee or policy role (not PUBLIC, not pg_* built-ins). */
function rolesNamed(...models: SchemaModel[]): string[] {
  const out = new Set<string>();
  for (const m of models) {
    forEachNamedRole(m, true, (role) => out.add(role));
    // Beyond what the diff's missing-role check looks at: the server's own roles and the owners of types and schemas.
    for (const r of m.roles ?? []) if (isUserRole(r)) out.add(r);
    for (const x of [...(m.domains ?? []), ...(m.compositeTypes ?? []), ...(m.schemaDetails ?? [])]) if (isUserRole(x.owner)) out.add(x.owner);
  }
  return [...out].sort();
}

function firstLine(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).split('\n')[0];
}

function describe(c: SchemaChange): string {
  return `${c.change} ${c.kind} ${[c.schema, c.table, c.name].filter(Boolean).join('.')}`;
}
