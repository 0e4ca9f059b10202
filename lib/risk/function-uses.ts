/**
 * Where the known schema calls a function: column defaults, CHECK constraints, index definitions
 * (all as PostgreSQL prints them) and triggers. Matched by name (and schema when both sides name one):
 * printed expressions do not say which overload they call, so an overload counts as a use.
 */
import type { SchemaModel } from '../model/schema';
import type { QualifiedName } from '../sql/parse';

export interface FunctionUse {
  kind: 'default' | 'check' | 'index' | 'trigger';
  /** Human words, e.g. `default of public.users.token`, `index users_lower_email`. */
  what: string;
  /** `schema.table` the use belongs to. */
  table: string;
}

const IDENT = String.raw`(?:"(?:[^"]|"")+"|[A-Za-z_][\w$]*)`;
const CALL = new RegExp(String.raw`(?<![\w$."])(?:(${IDENT})\.)?(${IDENT})\s*\(`, 'g');

function unquote(id: string): string {
  return id.startsWith('"') ? id.slice(1, -1).replace(/""/g, '"') : id.toLowerCase();
}

/**
 * pg_get_expr leaves a function unqualified when its schema is on the reader's search path: `public`
 * in practice. A DROP that names no schema may mean any of them, so it matches all (the cautious side).
 */
function sameFunction(fn: QualifiedName, schema: string | null, name: string): boolean {
  if (unquote(name) !== fn.name) return false;
  return !fn.schema || fn.schema === (schema ?? 'public');
}

/** Whether the printed expression `text` calls `fn`. */
export function callsFunction(text: string, fn: QualifiedName): boolean {
  for (const m of text.matchAll(CALL)) {
    if (sameFunction(fn, m[1] ? unquote(m[1]) : null, m[2])) return true;
  }
  return false;
}

/** Every use of `fn` in `schema`, sorted. */
export function functionUses(schema: SchemaModel, fn: QualifiedName): FunctionUse[] {
  const uses: FunctionUse[] = [];
  for (const t of schema.tables) {
    const table = `${t.schema}.${t.name}`;
    for (const c of t.columns) {
      if (c.default && callsFunction(c.default, fn)) uses.push({ kind: 'default', what: `default of ${table}.${c.name}`, table });
      if (c.generated && callsFunction(c.generated, fn)) uses.push({ kind: 'default', what: `generated column ${table}.${c.name}`, table });
    }
    for (const k of t.constraints) {
      if (k.type === 'check' && callsFunction(k.definition, fn)) uses.push({ kind: 'check', what: `check ${k.name} on ${table}`, table });
    }
    for (const i of t.indexes) {
      if (callsFunction(i.definition, fn)) uses.push({ kind: 'index', what: `index ${i.name} on ${table}`, table });
    }
  }
  for (const tr of schema.triggers ?? []) {
    const dot = tr.function.lastIndexOf('.');
    const schemaName = dot < 0 ? null : tr.function.slice(0, dot);
    const name = tr.function.slice(dot + 1);
    if (name === fn.name && (!fn.schema || fn.schema === (schemaName ?? 'public'))) {
      uses.push({ kind: 'trigger', what: `trigger ${tr.name} on ${tr.schema}.${tr.table}`, table: `${tr.schema}.${tr.table}` });
    }
  }
  return uses.sort((a, b) => (a.what < b.what ? -1 : a.what > b.what ? 1 : 0));
}
