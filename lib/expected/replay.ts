import type { TargetDb } from '../db';
import { redactText } from '../db/redact';
import { introspect } from '../introspect';
import type { Migration } from '../model/migration';
import type { SchemaModel } from '../model/schema';
import { UserInputError } from '../model/errors';
import { displayPath } from '../config/load';
import { identityOf, objectsOf, type SchemaObject } from './objects';

/** A migration statement that fails on a clean database: names the file:line and the migration. */
export class ReplayError extends UserInputError {
  constructor(
    message: string,
    readonly migrationId: string,
    readonly file: string,
    readonly line: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ReplayError';
  }
}

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
}

/**
 * Runs `migrations` (already in apply order) statement by statement on `db`, introspecting after each
 * migration so every object is credited to the migration that made it appear.
 */
export async function replayMigrations(db: TargetDb, migrations: readonly Migration[], schemas: string[] | null): Promise<ExpectedSchema> {
  const read = async () => (await introspect(db, { schemas, statementTimeoutMs: 60_000 })).schema;
  let model = await read();
  let present = objectsOf(model);
  const credit = new Map<string, string>();

  for (const m of migrations) {
    if (m.statements.length === 0) continue;
    for (const st of m.statements) await runStatement(db, m, st.sql, st.line);
    model = await read();
    const now = objectsOf(model);
    for (const id of now.keys()) if (!present.has(id)) credit.set(id, m.id);
    for (const id of present.keys()) if (!now.has(id)) credit.delete(id);
    present = now;
  }

  const objects: ExpectedObject[] = [];
  for (const [id, o] of present) {
    const by = credit.get(id);
    if (by) objects.push({ ...o, createdBy: by });
  }
  objects.sort((a, b) => (identityOf(a) < identityOf(b) ? -1 : identityOf(a) > identityOf(b) ? 1 : 0));
  const createdBy: Record<string, string> = {};
  for (const o of objects) createdBy[o.key] ??= o.createdBy;
  return { model, createdBy, objects, migrations: migrations.map((m) => m.id) };
}

async function runStatement(db: TargetDb, m: Migration, sql: string, line: number): Promise<void> {
  try {
    await db.exec(sql);
  } catch (err) {
    // CONCURRENTLY changes how an index is built, not what exists afterwards; a shadow can do without it
    // (PGlite runs everything as one session, where it is sometimes refused).
    if (/\bconcurrently\b/i.test(sql)) {
      try {
        await db.exec(sql.replace(/\s+concurrently\b/gi, ''));
        return;
      } catch {
        // report the original failure
      }
    }
    const reason = redactText(((err as Error).message ?? String(err)).split('\n')[0]);
    const hint = /extension .* is not available/i.test(reason) ? ' (set shadowUrl in the config to replay on a PostgreSQL server that has it)' : '';
    throw new ReplayError(
      `${displayPath(m.file)}:${line}: migration ${m.id} fails to replay in the shadow database: ${reason}${hint}`,
      m.id,
      m.file,
      line,
      { cause: err },
    );
  }
}
