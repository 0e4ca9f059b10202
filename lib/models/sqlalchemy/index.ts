import { typeResolverForFile, type TypeResolver } from '../../migrations/alembic/project-types';
import type { ModelDdl, ModelStatement, ModelUnverified } from '../types';
import { tableDdl } from './ddl';
import { disposeModules, type PyModule, scanPython } from './scan';
import { readTables } from './tables';

/** The SQLAlchemy models under `dir`, read statically, as the DDL `metadata.create_all()` would emit. */
export async function readSqlalchemyModels(dir: string): Promise<ModelDdl> {
  const modules = await scanPython(dir);
  const releases: Array<() => void> = [];
  try {
    const resolvers = new Map<PyModule, TypeResolver | null>();
    for (const m of modules) {
      try {
        const r = await typeResolverForFile(m.file);
        resolvers.set(m, r.resolver);
        releases.push(r.release);
      } catch {
        resolvers.set(m, null);
      }
    }
    const read = readTables(modules, resolvers);
    const unresolved = [...read.unresolved];
    const tables = read.tables.map((t) => tableDdl(t, read.rendered, unresolved));
    // Enum types are created once, before the tables (create_all does the same).
    const prelude: ModelStatement[] = [];
    const seenTypes = new Set<string>();
    const schemas = new Set(read.tables.map((t) => t.schema).filter((s): s is string => s !== null && s !== 'public'));
    for (const s of [...schemas].sort()) prelude.push({ sql: `CREATE SCHEMA IF NOT EXISTS "${s}"`, file: read.tables.find((t) => t.schema === s)!.file, line: 1 });
    for (const t of tables) {
      t.statements = t.statements.filter((st) => {
        if (!/^CREATE TYPE /.test(st.sql)) return true;
        if (!seenTypes.has(st.sql)) prelude.push(st);
        seenTypes.add(st.sql);
        return false;
      });
    }
    const unverified: ModelUnverified[] = read.unverified.map((u) => ({ ...u, schema: u.schema ?? 'public' }));
    return { orm: 'sqlalchemy', models: read.models, prelude, tables, epilogue: [], unresolved, unverified };
  } finally {
    for (const r of releases) r();
    disposeModules(modules);
  }
}
