import { introspect } from '../introspect';
import { openPgliteShadow, pgliteExtensionsFor } from '../expected/shadow';
import { redactText } from '../db/redact';
import type { TargetDb } from '../db';
import type { ModelDdl, ModelDuplicate, ModelSchema, ModelStatement, ModelUnresolved } from './types';

/**
 * Runs the models' DDL in a throw-away PGlite and reads it back with lib/introspect: the models become the
 * same normalized SchemaModel as a database or the migrations (PostgreSQL itself spells every type,
 * default and definition). A statement that fails is a named finding; the rest still runs.
 */
export async function buildModelSchema(ddl: ModelDdl): Promise<ModelSchema> {
  const all = [...ddl.prelude, ...ddl.tables.flatMap((t) => t.statements), ...ddl.epilogue];
  const shadow = await openPgliteShadow(pgliteExtensionsFor(all.map((s) => s.sql)));
  const unresolved: ModelUnresolved[] = [...ddl.unresolved];
  try {
    const db = shadow.db;
    for (const st of ddl.prelude) await runOrNote(db, st, unresolved);
    // Tables whose foreign keys name a table not created yet are retried after the others (create_all
    // sorts by dependency; retrying reaches the same end state without reimplementing the sort).
    let pending = ddl.tables.filter((t) => t.statements.length > 0);
    while (pending.length > 0) {
      const failed: typeof pending = [];
      const errors = new Map<(typeof pending)[number], string>();
      for (const t of pending) {
        const [create, ...rest] = t.statements;
        const err = await tryRun(db, create.sql);
        if (err) {
          failed.push(t);
          errors.set(t, err);
          continue;
        }
        for (const st of rest) await runOrNote(db, st, unresolved);
      }
      if (failed.length === pending.length) {
        for (const t of failed) unresolved.push({ file: t.statements[0].file, line: t.statements[0].line, message: `${t.table}: the models' table cannot be created: ${errors.get(t)}` });
        break;
      }
      pending = failed;
    }
    for (const st of ddl.epilogue) await runOrNote(db, st, unresolved);
    const snapshot = await introspect(db, { statementTimeoutMs: 60_000, shadow: true });
    return {
      orm: ddl.orm,
      schema: snapshot.schema,
      models: [...ddl.models].sort((a, b) => compareText(`${a.file}:${String(a.line).padStart(6, '0')}`, `${b.file}:${String(b.line).padStart(6, '0')}`)),
      duplicates: findDuplicates(ddl),
      unresolved: unresolved.sort((a, b) => compareText(a.file, b.file) || a.line - b.line || compareText(a.message, b.message)),
      unverified: [...ddl.unverified].sort((a, b) => compareText(`${a.schema}.${a.table}.${a.name}.${a.attribute}`, `${b.schema}.${b.table}.${b.name}.${b.attribute}`)),
    };
  } finally {
    await shadow.dispose().catch(() => {});
  }
}

async function tryRun(db: TargetDb, sql: string): Promise<string | null> {
  try {
    await db.exec(sql);
    return null;
  } catch (err) {
    return redactText(((err as Error).message ?? String(err)).split('\n')[0]);
  }
}

async function runOrNote(db: TargetDb, st: ModelStatement, unresolved: ModelUnresolved[]): Promise<void> {
  const err = await tryRun(db, st.sql);
  if (err) unresolved.push({ file: st.file, line: st.line, message: `${st.sql.split('\n')[0].slice(0, 80)}: ${err}` });
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Several classes for one table; classes of one name mapping same-named tables in different schemas. */
export function findDuplicates(ddl: Pick<ModelDdl, 'models'>): ModelDuplicate[] {
  const out: ModelDuplicate[] = [];
  const label = (m: ModelDdl['models'][number]) => `${m.file}:${m.line} ${m.class}`;
  const byTable = new Map<string, ModelDdl['models']>();
  for (const m of ddl.models) {
    if (m.table === null || m.inheritsFrom !== null) continue;
    const key = `${m.schema}\u0000${m.table}`;
    byTable.set(key, [...(byTable.get(key) ?? []), m]);
  }
  for (const ms of byTable.values()) {
    if (ms.length > 1) out.push({ schema: ms[0].schema, table: ms[0].table!, classes: ms.map(label).sort(), reason: 'same-table' });
  }
  const byClassTable = new Map<string, ModelDdl['models']>();
  for (const m of ddl.models) {
    if (m.table === null) continue;
    const key = `${m.class}\u0000${m.table}`;
    byClassTable.set(key, [...(byClassTable.get(key) ?? []), m]);
  }
  for (const ms of byClassTable.values()) {
    if (new Set(ms.map((m) => m.schema)).size > 1) out.push({ schema: null, table: ms[0].table!, classes: ms.map((m) => `${label(m)} (${m.schema}.${m.table})`).sort(), reason: 'same-class-name' });
  }
  return out.sort((a, b) => compareText(`${a.schema ?? ''}.${a.table}.${a.reason}`, `${b.schema ?? ''}.${b.table}.${b.reason}`));
}
