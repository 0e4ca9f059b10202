/**
 * The catalog queries of one introspection: one set-based query per object kind (never one per table),
 * reading pg_catalog only. Every query takes the list of schema names to read as `$1::text[]`.
 *
 * Portable between PostgreSQL 15 and PGlite (PostgreSQL 18): int8 values are cast to text and
 * contype 'n' (PG 18 NOT NULL constraints) is left out, so both give the same rows for the same DDL.
 */

/** Objects that belong to an extension (pg_depend deptype 'e') are the extension's, not the schema's. */
const notExtensionMember = (catalog: string, oid: string) =>
  `not exists (select 1 from pg_catalog.pg_depend d
     where d.classid = '${catalog}'::regclass and d.objid = ${oid} and d.deptype = 'e')`;

/** Global settings: version and block size (for TableStats.bytes). */
export const SETTINGS_SQL = `
select current_setting('server_version_num')::int as server_version,
       current_setting('block_size')::int as block_size`;

/**
 * Non-system schemas. `$1` is null to read all of them, or the names to restrict to.
 * pg_* covers pg_catalog, pg_toast*, pg_temp_* and pg_toast_temp_* (user schemas cannot start with pg_).
 */
export const SCHEMAS_SQL = `
select n.nspname as name
from pg_catalog.pg_namespace n
where n.nspname !~ '^pg_' and n.nspname <> 'information_schema'
  and ($1::text[] is null or n.nspname = any($1::text[]))
  and ${notExtensionMember('pg_namespace', 'n.oid')}
order by 1`;

export const EXTENSIONS_SQL = `
select e.extname as name, n.nspname as schema, e.extversion as version
from pg_catalog.pg_extension e
join pg_catalog.pg_namespace n on n.oid = e.extnamespace
order by 1`;

/** Tables, partitioned tables, views, materialized views, with partition info and stats. */
export const RELATIONS_SQL = `
select c.oid::text as oid, n.nspname as schema, c.relname as name, c.relkind as kind,
       case when c.relkind = 'p' then pg_catalog.pg_get_partkeydef(c.oid) end as partition_key,
       (select pn.nspname || '.' || pc.relname
          from pg_catalog.pg_inherits i
          join pg_catalog.pg_class pc on pc.oid = i.inhparent
          join pg_catalog.pg_namespace pn on pn.oid = pc.relnamespace
         where c.relispartition and i.inhrelid = c.oid) as partition_of,
       case when c.relkind in ('v', 'm') then pg_catalog.pg_get_viewdef(c.oid, true) end as view_definition,
       c.reltuples::float8 as reltuples, c.relpages as relpages
from pg_catalog.pg_class c
join pg_catalog.pg_namespace n on n.oid = c.relnamespace
where c.relkind in ('r', 'p', 'v', 'm')
  and n.nspname = any($1::text[])
  and ${notExtensionMember('pg_class', 'c.oid')}`;

/** The user relations every per-kind query below restricts itself to (same filter as RELATIONS_SQL). */
const userTables = (kinds: string) => `
  select c.oid from pg_catalog.pg_class c
  join pg_catalog.pg_namespace n on n.oid = c.relnamespace
  where c.relkind in (${kinds}) and n.nspname = any($1::text[])
    and ${notExtensionMember('pg_class', 'c.oid')}`;

export const COLUMNS_SQL = `
with rel as (${userTables(`'r', 'p'`)})
select a.attrelid::text as table_oid, a.attnum, a.attname as name,
       pg_catalog.format_type(a.atttypid, a.atttypmod) as type,
       not a.attnotnull as nullable,
       case when a.attgenerated = '' then pg_catalog.pg_get_expr(ad.adbin, 0) end as "default",
       case when a.attgenerated <> '' then pg_catalog.pg_get_expr(ad.adbin, ad.adrelid) end as generated,
       a.attidentity as identity,
       case when a.attcollation <> t.typcollation then
         case when cn.nspname = 'pg_catalog' then co.collname else cn.nspname || '.' || co.collname end
       end as collation
from rel
join pg_catalog.pg_attribute a on a.attrelid = rel.oid
join pg_catalog.pg_type t on t.oid = a.atttypid
left join pg_catalog.pg_attrdef ad on ad.adrelid = a.attrelid and ad.adnum = a.attnum
left join pg_catalog.pg_collation co on co.oid = a.attcollation and a.attcollation <> t.typcollation
left join pg_catalog.pg_namespace cn on cn.oid = co.collnamespace
where a.attnum > 0 and not a.attisdropped`;

/**
 * Comments of tables (objsubid 0) and columns (objsubid = attnum), in their own query: joined into
 * the column query they turn into a nested loop over every (column, comment) pair.
 */
export const COMMENTS_SQL = `
with rel as (${userTables(`'r', 'p'`)})
select ds.objoid::text as table_oid, a.attname as column, ds.description as comment
from rel
join pg_catalog.pg_description ds on ds.objoid = rel.oid and ds.classoid = 'pg_catalog.pg_class'::regclass
left join pg_catalog.pg_attribute a on a.attrelid = ds.objoid and a.attnum = ds.objsubid and ds.objsubid > 0`;

/**
 * p/u/c/f/x only: contype 'n' (PG 18 NOT NULL constraints) is already Column.nullable.
 * Key columns come as attnums (conkey), named from the column rows: a per-constraint sub-query
 * costs more than the whole pg_get_constraintdef.
 */
export const CONSTRAINTS_SQL = `
with rel as (${userTables(`'r', 'p'`)})
select con.conrelid::text as table_oid, con.conname as name, con.contype as type,
       pg_catalog.pg_get_constraintdef(con.oid) as definition,
       con.convalidated as validated,
       coalesce(con.conkey, '{}')::int[] as attnums,
       case when con.contype = 'f' then rn.nspname || '.' || rc.relname end as "references"
from rel
join pg_catalog.pg_constraint con on con.conrelid = rel.oid
left join pg_catalog.pg_class rc on rc.oid = con.confrelid
left join pg_catalog.pg_namespace rn on rn.oid = rc.relnamespace
where con.contype in ('p', 'u', 'c', 'f', 'x')`;

export const INDEXES_SQL = `
with rel as (${userTables(`'r', 'p'`)})
select i.indrelid::text as table_oid, ic.relname as name,
       pg_catalog.pg_get_indexdef(i.indexrelid) as definition,
       i.indisunique as "unique", i.indisprimary as "primary", i.indisvalid as valid
from rel
join pg_catalog.pg_index i on i.indrelid = rel.oid
join pg_catalog.pg_class ic on ic.oid = i.indexrelid`;

export const ENUMS_SQL = `
select n.nspname as schema, t.typname as name,
       array_agg(e.enumlabel::text order by e.enumsortorder) as values
from pg_catalog.pg_type t
join pg_catalog.pg_namespace n on n.oid = t.typnamespace
join pg_catalog.pg_enum e on e.enumtypid = t.oid
where t.typtype = 'e' and n.nspname = any($1::text[])
  and ${notExtensionMember('pg_type', 't.oid')}
group by n.nspname, t.typname`;

/** Sequences with their owner: deptype 'a' for serial / OWNED BY, 'i' for identity columns. */
export const SEQUENCES_SQL = `
select n.nspname as schema, c.relname as name,
       pg_catalog.format_type(s.seqtypid, null) as data_type,
       s.seqstart::text as start, s.seqincrement::text as increment,
       s.seqmin::text as min, s.seqmax::text as max, s.seqcycle as cycle,
       tn.nspname || '.' || tc.relname || '.' || ta.attname as owned_by
from pg_catalog.pg_sequence s
join pg_catalog.pg_class c on c.oid = s.seqrelid
join pg_catalog.pg_namespace n on n.oid = c.relnamespace
left join pg_catalog.pg_depend d
  on d.classid = 'pg_catalog.pg_class'::regclass and d.objid = c.oid
 and d.refclassid = 'pg_catalog.pg_class'::regclass and d.refobjsubid > 0 and d.deptype in ('a', 'i')
left join pg_catalog.pg_class tc on tc.oid = d.refobjid
left join pg_catalog.pg_namespace tn on tn.oid = tc.relnamespace
left join pg_catalog.pg_attribute ta on ta.attrelid = d.refobjid and ta.attnum = d.refobjsubid
where n.nspname = any($1::text[])
  and ${notExtensionMember('pg_class', 'c.oid')}`;
