import type { Queryable } from '../db/queryable';

/** Objects that belong to an extension are the extension's (same rule as the introspection's queries). */
const notExtensionMember = (catalog: string, oid: string) =>
  `not exists (select 1 from pg_catalog.pg_depend d where d.classid = '${catalog}'::regclass and d.objid = ${oid} and d.deptype = 'e')`;

/**
 * The identities (objectsOf / identityOf) of every attributable object, read with one catalog query:
 * names only, no definitions. Between migrations this is all attribution needs, at a fraction of a full
 * introspection's cost; it mirrors the introspection's filters (schemas, extension members, relkinds,
 * enums with values), and the replay checks it against the final model.
 */
export const NAMES_SQL = `
with sch as (
  select n.oid, n.nspname from pg_catalog.pg_namespace n
  where n.nspname !~ '^pg_' and n.nspname <> 'information_schema'
    and ($1::text[] is null or n.nspname = any($1::text[]))
    and ${notExtensionMember('pg_namespace', 'n.oid')}
), rel as (
  select c.oid, c.relkind, s.nspname, s.nspname || '.' || c.relname as key
  from pg_catalog.pg_class c join sch s on s.oid = c.relnamespace
  where c.relkind in ('r', 'p', 'v', 'm') and ${notExtensionMember('pg_class', 'c.oid')}
), typ as (
  select t.oid, s.nspname || '.' || t.typname as key
  from pg_catalog.pg_type t join sch s on s.oid = t.typnamespace
  where t.typtype = 'e' and ${notExtensionMember('pg_type', 't.oid')}
    and exists (select 1 from pg_catalog.pg_enum e where e.enumtypid = t.oid)
)
select case when r.relkind in ('r', 'p') then 'table' else 'view' end || ':' || r.key as id from rel r
union all
select 'column:' || r.key || '.' || a.attname from rel r
  join pg_catalog.pg_attribute a on a.attrelid = r.oid
  where r.relkind in ('r', 'p') and a.attnum > 0 and not a.attisdropped
union all
select 'constraint:' || r.key || '.' || con.conname from rel r
  join pg_catalog.pg_constraint con on con.conrelid = r.oid
  where r.relkind in ('r', 'p') and con.contype in ('p', 'u', 'c', 'f', 'x')
union all
select 'index:' || r.nspname || '.' || ic.relname from rel r
  join pg_catalog.pg_index i on i.indrelid = r.oid
  join pg_catalog.pg_class ic on ic.oid = i.indexrelid
  where r.relkind in ('r', 'p')
union all
select 'enum:' || t.key from typ t
union all
select 'enum_value:' || t.key || '.' || e.enumlabel from typ t join pg_catalog.pg_enum e on e.enumtypid = t.oid`;

export async function objectNames(db: Queryable, schemas: string[] | null): Promise<Set<string>> {
  const { rows } = await db.query<{ id: string }>(NAMES_SQL, [schemas]);
  return new Set(rows.map((r) => r.id));
}

/** Names of the installed extensions (in `schemas` when given), as the replay's model lists them. */
export async function extensionNames(db: Queryable, schemas: string[] | null): Promise<string[]> {
  const { rows } = await db.query<{ name: string }>(
    `select e.extname as name from pg_catalog.pg_extension e join pg_catalog.pg_namespace n on n.oid = e.extnamespace
     where $1::text[] is null or n.nspname = any($1::text[]) order by 1`,
    [schemas],
  );
  return rows.map((r) => r.name);
}
