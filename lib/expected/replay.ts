import type { TargetDb } from '../db';
import { redactText } from '../db/redact';
import { introspect, type RelationRows } from '../introspect';
import type { Migration, MigrationStatement } from '../model/migration';
import type { UncheckedAttribute } from '../model/diff';
import type { SchemaModel } from '../model/schema';
import type { ReplayProblem } from '../model/status';
import { displayPath } from '../config/load';
import { identityOf, objectsOf, type SchemaObject } from './objects';
import { resolveUnverified } from './unverified';
import { extensionNames, NameIndex, objectNames } from './names';
import { ReplayTracker } from './tracker';
import { timed } from './timing';

export interface ExpectedObject extends SchemaObject {
  /** Id of the migration that created it (the last one to, if it was dropped and created again). */
  createdBy: string;
}

/** The schema the code says an environment should have at a version, with who created what. */
export interface ExpectedSchema {
  model: SchemaModel;
  /** Readable key (`schema.table`, `schema.table.column`, `schema.index`, `schema.enum.value`, …) → migration id. */
  createdBy: Record<string, string>;
  /** The same attribution with each object's kind (exact when a column and a constraint share a name). */
  objects: ExpectedObject[];
  /** Ids of the replayed migrations, in apply order. */
  migrations: string[];
  /** Statements that failed in the shadow (the replay went on without their effect), in replay order. */
  replayProblems: ReplayProblem[];
  /** Attributes of objects in `model` that the migrations do not determine: not to be compared. */
  unverified: UncheckedAttribute[];
  /** How many statements ran and how many failed (transaction-control statements are not counted). */
  statements: { run: number; failed: number };
  /**
   * False when the replay did not follow who created what (attribution `none`): `objects` and `createdBy`
   * are empty. Absent: attributed. A caller that needs them (ghost detection) asks again without deferring.
   */
  attributed?: false;
}

/** Where a replay stands after some migrations: enough to go on from there (see ./cache.ts). */
export interface ReplayState {
  /** How many of the migrations (in apply order) have run. */
  applied: number;
  /** Kind-qualified identities (see identityOf) of the attributable objects present now. */
  present: string[];
  /** Identity → the migration that created it last. */
  credit: Array<[string, string]>;
  problems: ReplayProblem[];
  counts: { run: number; failed: number };
  /** Extensions the empty shadow came with (their versions are not the migrations' doing). */
  baseExtensions: string[];
  /**
   * Events attribution only: the owner (relation or type oid) of each of `present`, in the same order,
   * and index / constraint oid → owner, so a resumed replay need not read every name first.
   */
  owners?: { of: string[]; subs: Array<[string, string]> };
  /**
   * The per-relation catalog rows of the read-back (lib/introspect `keepRows`), kept with a stored
   * shadow: a replay resumed from it reads back only the relations its migrations touched.
   */
  catalog?: RelationRows;
}

/**
 * Drops that may change a relation's rows without the events naming the relation: a default, rule, … of
 * another class dropped through a CASCADE. Those of the classes below never do (their rows are read in
 * full, or what depended on them was dropped and reported too).
 */
const DROPS_WITHOUT_RELATION_ROWS = new Set([
  '1255', // pg_proc
  '2620', // pg_trigger
  '3256', // pg_policy
  '3381', // pg_statistic_ext
  '826', // pg_default_acl
  '3466', // pg_event_trigger
  '3456', // pg_collation
  '2618', // pg_rewrite: a view's rule goes with the view (reported itself), a table's rules are read in full
]);

/** Statements that change catalogs without any event trigger firing. */
const UNTRACKED_DDL = /\b(reassign\s+owned|security\s+label)\b/i;

function usableCatalog(c: RelationRows | undefined): c is RelationRows {
  return !!c && [c.relations, c.columns, c.comments, c.constraints, c.indexes].every(Array.isArray);
}

/**
 * How objects are credited to the migration that made them appear:
 * - `events`: event triggers report what each migration touched and only those relations and types are
 *   read again (./tracker.ts, ./names.ts NameIndex); the default, falls back to `names` where triggers
 *   cannot be installed;
 * - `names`: every name is read after every migration (one catalog query each);
 * - `exact`: a full introspection after every migration (slow; used when the cheaper ones and the final
 *   model disagree);
 * - `none`: nothing is credited (`attributed: false`), at the speed of the DDL alone. Only for a result that
 *   is neither stored nor resumed, of migrations without unverified placeholders (those need `credit`).
 */
export type Attribution = 'events' | 'names' | 'exact' | 'none';

export interface ReplayOptions {
  /** Go on from this state: the shadow already holds its first `applied` migrations. */
  resume?: ReplayState;
  /** Default `events`. */
  attribution?: Attribution;
}

/**
 * Whether a replay of `migrations` may leave out who created what (attribution `none`): not when a
 * migration has unverified placeholders, which are resolved with it.
 */
export const canSkipAttribution = (migrations: readonly Migration[]): boolean => migrations.every((m) => !m.unverified?.length);

/** The name query and the final model disagree: the cheap attribution cannot be trusted for this replay. */
export class AttributionMismatch extends Error {
  constructor(
    message: string,
    readonly attribution: Attribution,
  ) {
    super(message);
  }
}

/**
 * Runs `migrations` (already in apply order) on `db` the way Alembic's transaction-per-migration does:
 * one transaction per migration, each statement under its own SAVEPOINT so that a failing one is rolled
 * back alone, recorded as a ReplayProblem and skipped; statements that cannot run in a transaction
 * (inTransaction=false) commit what came before and run on their own. Never throws for a migration
 * statement; only a shadow that cannot be read back does. After each migration the names of the
 * objects present are read so every object is credited to the migration that made it appear; the full
 * model is introspected once, at the end.
 */
export async function replayMigrations(db: TargetDb, migrations: readonly Migration[], schemas: string[] | null, options: ReplayOptions = {}): Promise<ExpectedSchema> {
  return (await replayWithState(db, migrations, schemas, options)).expected;
}

/** replayMigrations, also giving the state reached (to be cached and resumed from). */
export async function replayWithState(
  db: TargetDb,
  migrations: readonly Migration[],
  schemas: string[] | null,
  options: ReplayOptions = {},
): Promise<{ expected: ExpectedSchema; state: ReplayState; readBack: 'partial' | 'full' }> {
  let catalog: RelationRows | undefined;
  const read = async (reuse?: { rows: RelationRows; touched: readonly string[] }) =>
    restrictExtensions(
      (await introspect(db, { schemas, statementTimeoutMs: 60_000, shadow: true, reuse, keepRows: (rows) => (catalog = rows) })).schema,
      schemas,
    );
  const asked: Attribution = options.attribution ?? 'events';
  // Placeholders are resolved with who created what; a resumed state has its credit to carry on.
  const mode: Attribution = asked === 'none' && (options.resume || !canSkipAttribution(migrations)) ? 'events' : asked;
  const untracked = mode === 'none';
  const exact = mode === 'exact';
  const tracker = mode === 'events' ? await timed('replay: install the tracker', () => ReplayTracker.install(db, schemas)) : null;
  const index = new NameIndex(db, schemas);
  const names = async () => (exact ? new Set(objectsOf(await read()).keys()) : tracker ? await index.readAll() : await objectNames(db, schemas));
  const resume = options.resume;
  let present: Set<string>;
  let baseExtensions: Set<string>;
  let credit: Map<string, string>;
  let problems: ReplayProblem[];
  let counts: { run: number; failed: number };
  // What the migrations of this run changed (event attribution only): oids of the objects, or everything.
  const changed = { all: !tracker, oids: new Set<string>() };
  try {
    if (resume) {
      present = new Set(resume.present);
      const restored = tracker && resume.owners ? index.restore(resume.present, resume.owners) : false;
      if (tracker && !restored && !sameKeys(await timed('replay: read every name', () => index.readAll()), present)) {
        throw new AttributionMismatch('the stored shadow does not hold the objects of its replay state', mode);
      }
      baseExtensions = new Set(resume.baseExtensions);
      credit = new Map(resume.credit);
      problems = resume.problems.map((p) => ({ ...p }));
      counts = { ...resume.counts };
    } else {
      baseExtensions = new Set(await extensionNames(db, schemas));
      present = untracked ? new Set() : await names();
      credit = new Map();
      problems = [];
      counts = { run: 0, failed: 0 };
    }

    await timed(`replay: ${migrations.length - (resume?.applied ?? 0)} migrations`, async () => {
      for (const m of migrations.slice(resume?.applied ?? 0)) {
        if (m.statements.length === 0) continue;
        await replayOne(db, m, problems, counts);
        if (untracked) continue;
        let now: Set<string>;
        if (tracker) {
          const touched = await tracker.take();
          if (touched.all) {
            changed.all = true;
            now = await index.readAll();
          } else {
            now = index.apply(touched.asked, [...touched.rows, ...(await index.ownersOfDropped(touched.asked, touched.rows))]);
            for (const oid of touched.asked) changed.oids.add(oid);
            for (const oid of index.lastReplaced) changed.oids.add(oid);
            for (const e of touched.others) {
              changed.oids.add(e.objid);
              if (e.drop && e.cascade && !DROPS_WITHOUT_RELATION_ROWS.has(e.classid)) changed.all = true;
            }
          }
          if (m.statements.some((st) => UNTRACKED_DDL.test(st.sql))) changed.all = true;
        } else now = await names();
        for (const id of now) if (!present.has(id)) credit.set(id, m.id);
        for (const id of present) if (!now.has(id)) credit.delete(id);
        present = now;
      }
    });
  } finally {
    // The triggers must be gone before the model is read back or the shadow is saved.
    await tracker?.uninstall();
  }

  // Resumed from a stored shadow whose catalog rows are known: only what the new migrations touched is read again.
  const reuse = resume && usableCatalog(resume.catalog) && !changed.all && !exact ? { rows: resume.catalog, touched: [...changed.oids] } : undefined;
  const model = await timed(reuse ? 'replay: read back the touched relations' : 'replay: read back the model', () => read(reuse));
  const final = objectsOf(model);
  if (!exact && !untracked && !sameKeys(final, present)) throw new AttributionMismatch('the object names read between migrations differ from the final model', mode);
  const objects: ExpectedObject[] = [];
  for (const [id, o] of final) {
    const by = credit.get(id);
    if (by) objects.push({ ...o, createdBy: by });
  }
  objects.sort((a, b) => (identityOf(a) < identityOf(b) ? -1 : identityOf(a) > identityOf(b) ? 1 : 0));
  const createdBy: Record<string, string> = {};
  for (const o of objects) createdBy[o.key] ??= o.createdBy;
  const unverified = await timed('replay: unverified attributes', () => resolveUnverified(migrations, model, credit, baseExtensions));
  const expected: ExpectedSchema = { model, createdBy, objects, migrations: migrations.map((m) => m.id), replayProblems: problems, unverified, statements: counts };
  if (untracked) expected.attributed = false;
  const state: ReplayState = {
    applied: migrations.length,
    present: [...present].sort(),
    credit: [...credit].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)),
    problems: problems.map((p) => ({ ...p })),
    counts: { ...counts },
    baseExtensions: [...baseExtensions].sort(),
  };
  if (tracker) state.owners = index.owners(state.present);
  if (catalog) state.catalog = catalog;
  return { expected, state, readBack: reuse ? 'partial' : 'full' };
}

/** Whether the keys of `a` (a set or a map) are exactly the members of `b`. */
function sameKeys(a: ReadonlySet<string> | ReadonlyMap<string, unknown>, b: ReadonlySet<string>): boolean {
  if (a.size !== b.size) return false;
  for (const k of a.keys()) if (!b.has(k)) return false;
  return true;
}

/** Extensions live in a schema too: an environment restricted to some schemas expects only theirs. */
function restrictExtensions(model: SchemaModel, schemas: string[] | null): SchemaModel {
  if (!schemas) return model;
  const keep = new Set(schemas);
  return { ...model, extensions: model.extensions.filter((e) => keep.has(e.schema)) };
}

/** The replay opens and closes transactions itself: a migration's own BEGIN / COMMIT would break that. */
const TRANSACTION_CONTROL = /^\s*(begin|start\s+transaction|commit|end|rollback|abort)(\s+(work|transaction))?\s*;?\s*$/i;

async function replayOne(db: TargetDb, m: Migration, problems: ReplayProblem[], counts: { run: number; failed: number }): Promise<void> {
  let open = false;
  let last: MigrationStatement | null = null;
  const commit = async () => {
    if (!open) return;
    open = false;
    try {
      await db.exec('COMMIT');
    } catch (err) {
      // A deferred constraint failing at COMMIT loses the whole transaction: say so once.
      await db.exec('ROLLBACK').catch(() => {});
      problems.push(problemOf(m, last?.line ?? 1, 'COMMIT', err));
    }
  };
  let n = 0;
  const one = async (st: MigrationStatement) => {
    last = st;
    let error: unknown;
    if (st.inTransaction) {
      if (!open) {
        await db.exec('BEGIN');
        open = true;
      }
      const savepoint = `driftboard_${++n}`;
      error = await attempt(db, st.sql, (sql) => guarded(db, savepoint, sql));
    } else {
      await commit();
      error = await attempt(db, st.sql, (sql) => db.exec(sql));
    }
    if (error === undefined) counts.run++;
    else {
      counts.failed++;
      problems.push(problemOf(m, st.line, st.sql, error));
    }
  };
  const statements = m.statements.filter((st) => !TRANSACTION_CONTROL.test(st.sql));
  // The usual migration: one transaction, nothing fails. One round trip for all of it; only when it fails
  // is it rolled back and run again the slow way below (savepoints) to find and skip the failing statements.
  if (statements.length > 0 && statements.every((st) => st.inTransaction)) {
    const ok = await db.exec(`BEGIN;\n${statements.map((st) => st.sql).join('\n;\n')}\n;\nCOMMIT`).then(
      () => true,
      () => false,
    );
    if (ok) {
      counts.run += statements.length;
      return;
    }
    await db.exec('ROLLBACK').catch(() => {});
  }
  for (let i = 0; i < statements.length; ) {
    // Consecutive transactional statements run as one batch (one round trip); only when the batch fails
    // are they run again one by one, each under its own savepoint, to find and skip the failing ones.
    let j = i;
    while (j < statements.length && statements[j].inTransaction) j++;
    if (j - i > 1) {
      const batch = statements.slice(i, j);
      if (!open) {
        await db.exec('BEGIN');
        open = true;
      }
      const savepoint = `driftboard_${++n}`;
      const ok = await guarded(db, savepoint, batch.map((st) => st.sql).join('\n;\n')).then(
        () => true,
        () => false,
      );
      if (ok) {
        counts.run += batch.length;
        last = batch[batch.length - 1];
      } else for (const st of batch) await one(st);
      i = j;
    } else {
      await one(statements[i]);
      i++;
    }
  }
  await commit();
}

/** Runs `sql` under a savepoint; on failure only that statement is undone and the transaction goes on. */
async function guarded(db: TargetDb, savepoint: string, sql: string): Promise<void> {
  await db.exec(`SAVEPOINT ${savepoint}`);
  try {
    await db.exec(sql);
  } catch (err) {
    await db.exec(`ROLLBACK TO SAVEPOINT ${savepoint}`);
    throw err;
  }
  await db.exec(`RELEASE SAVEPOINT ${savepoint}`);
}

/** The error of running `sql` (undefined when it succeeded). */
async function attempt(db: TargetDb, sql: string, run: (sql: string) => Promise<void>, rolesMade = 0): Promise<unknown> {
  try {
    await run(sql);
    return undefined;
  } catch (err) {
    // Roles are cluster-wide, never in a migration folder: a throw-away PGlite gets the ones the migrations
    // GRANT to or hand objects to, so the grant itself is replayed (a server shadow keeps its own roles).
    const role = /role "([^"]+)" does not exist/.exec((err as Error)?.message ?? '')?.[1];
    if (role && db.kind === 'pglite' && rolesMade < 8) {
      const created = await db.exec(`CREATE ROLE "${role.replace(/"/g, '""')}" NOLOGIN`).then(
        () => true,
        () => false,
      );
      if (created) return attempt(db, sql, run, rolesMade + 1);
    }
    // CONCURRENTLY changes how an index is built, not what exists afterwards; a shadow can do without it
    // (PGlite runs everything as one session, where it is sometimes refused).
    if (/\bconcurrently\b/i.test(sql)) {
      try {
        await run(sql.replace(/\s+concurrently\b/gi, ''));
        return undefined;
      } catch {
        // report the original failure
      }
    }
    return err ?? new Error('unknown error');
  }
}

function problemOf(m: Migration, line: number, sql: string, err: unknown): ReplayProblem {
  const reason = redactText(((err as Error)?.message ?? String(err)).split('\n')[0]);
  const hint = /extension .* is not available/i.test(reason) ? ' (set shadowUrl in the config to replay on a PostgreSQL server that has it)' : '';
  const statement = sql.trim().split('\n')[0].trim();
  return { migrationId: m.id, file: displayPath(m.file), line, statement: redactText(statement), error: `${reason}${hint}` };
}
