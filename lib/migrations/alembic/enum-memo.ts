import type { MigrationSet } from '../../model/migration';

/**
 * SQLAlchemy creates a named Enum once per DDL run: Alembic hands every create_table of one `alembic
 * upgrade` the same runner, whose memo remembers the types it made. So a later migration whose
 * create_table reuses an enum an earlier one created emits no second CREATE TYPE when both run together
 * (as when a database is built from scratch), yet fails with "type already exists" when it is deployed
 * on its own. The expected schema follows the single run; the hazard becomes a finding on that migration.
 */
export function applyEnumMemo(set: MigrationSet): MigrationSet {
  const createdBy = new Map<string, string>();
  const migrations = set.migrations.map((m) => {
    const notes: typeof m.unanalyzed = [];
    const kept = m.statements.filter((s) => {
      const name = s.origin === 'op.create_table' ? enumCreated(s.sql) : null;
      if (name === null) return true;
      const earlier = createdBy.get(name);
      if (earlier === undefined || earlier === m.id) {
        createdBy.set(name, m.id);
        return true;
      }
      notes.push({
        file: m.file,
        line: s.line,
        code: s.sql.split('\n')[0],
        reason: `create_table: enum type ${name} was already created by migration ${earlier}; SQLAlchemy skips it when both run in one \`alembic upgrade\`, but this migration fails with "type already exists" when deployed on its own (use postgresql.ENUM(..., create_type=False))`,
      });
      return false;
    });
    return notes.length === 0 ? m : { ...m, statements: kept, unanalyzed: [...m.unanalyzed, ...notes] };
  });
  return { ...set, migrations };
}

/** `CREATE TYPE [schema.]name AS ENUM (…)` → the type's name as written (schema-qualified when it is). */
function enumCreated(sql: string): string | null {
  const m = /^\s*CREATE\s+TYPE\s+((?:"[^"]+"|[\w$]+)(?:\.(?:"[^"]+"|[\w$]+))?)\s+AS\s+ENUM\b/i.exec(sql);
  return m ? m[1].replace(/"/g, '').toLowerCase().replace(/^public\./, '') : null;
}
