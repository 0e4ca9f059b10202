/**
 * The catalog queries of one introspection: one set-based query per object kind (never one per table),
 * reading pg_catalog only. Every query takes the list of schema names to read as `$1::text[]`.
 *
 * Portable between PostgreSQL 15 and PGlite (PostgreSQL 18): int8 values are cast to text and
 * contype 'n' (PG 18 NOT NULL constraints) is left out, so both give the same rows for the same DDL.
 */

/** Objects that belong to an extension (pg_depend deptype 'e') are the extension's, not the schema's. */
export const notExtensionMember = (catalog: string, oid: string) =>
  `not exists (select 1 from pg_catalog.pg_depend d
     where d.classid = '${catalog}'::regclass and d.objid = ${oid} and d.deptype = 'e')`;

/** Functions made by a type (a range type's constructors: pg_depend deptype 'i') are the type's. */
const notTypeMember = (oid: string) =>
  `not exists (select 1 from pg_catalog.pg_depend d
     where d.classid = 'pg_proc'::regclass and d.objid = ${oid} and d.deptype = 'i'
       and d.refclassid = 'pg_type'::regclass)`;

/** The user's own functions `p`: neither an extension's nor a type's. */
const userFunction = (p: string) => `${notExtensionMember('pg_proc', `${p}.oid`)}
  and ${notTypeMember(`${p}.oid`)}`;

/** A function's signature, `name(argtypes)`: the same text in FUNCTIONS_SQL and PRIVILEGES_SQL, so grants match their function. */
const functionSignature = (p: string) => `${p}.proname || '(' || pg_catalog.oidvectortypes(${p}.proargtypes) || ')'`;

/** Global settings: version and block size (for TableStats.bytes). */
export const SETTINGS_SQL = `
select current_setting('server_version_num')::int as server_version,
       current_setting('block_size')::int as block_size,
       current_user::text as current_user,
       array(select r.rolname::text from pg_catalog.pg_roles r where r.rolname !~ '^pg_' order by 1) as roles`;

/**
 * Non-system schemas. `$1` is null to read all of them, or the names to restrict to.
 * pg_* covers pg_catalog, pg_toast*, pg_temp_* and pg_toast_temp_* (user schemas cannot start with pg_).
 */
export const SCHEMAS_SQL = `
select n.nspname as name, pg_catalog.pg_get_userbyid(n.nspowner) as owner,
       (select ds.description from pg_catalog.pg_description ds
         where ds.objoid = n.oid and ds.classoid = 'pg_catalog.pg_namespace'::regclass and ds.objsubid = 0) as comment
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

/**
 * Where a per-relation query can be restricted to some relations (`$2::oid[]`, see onlyRelations): a
 * comment, so the query reads every relation as it is.
 */
const ONLY = '/*only*/';

/** `sql` (RELATIONS_SQL or a query over userTables) reading only the relations whose oids are `$2::oid[]`. */
export function onlyRelations(sql: string): string {
  if (!sql.includes(ONLY)) throw new Error('this catalog query cannot be restricted to some relations');
  return sql.replace(ONLY, 'and c.oid = any($2::oid[])');
}

/** The oids of the user relations RELATIONS_SQL reads (same filter). */
export const RELATION_OIDS_SQL = `
select c.oid::text as oid
from pg_catalog.pg_class c
join pg_catalog.pg_namespace n on n.oid = c.relnamespace
where c.relkind in ('r', 'p', 'v', 'm')
  and n.nspname = any($1::text[])
  and ${notExtensionMember('pg_class', 'c.oid')}`;

/**
 * The relations whose rows (relation, columns, comments, constraints, indexes) may differ after a change
 * to the objects `$1::oid[]` (relations, types, constraints, functions, sequences, collations, …, as the
 * replay's event triggers report them): the relations among them, the tables of the indexes, constraints,
 * defaults, rules, triggers, policies and statistics among them, and every relation with an object that
 * depends on one of them or on a touched type's array type (one pg_depend hop: a foreign key naming a
 * renamed table, a view over it, a column of a renamed type, a default calling a renamed function or
 * sequence, a partition of a renamed parent). What such a change can alter in a definition's text is
 * the name of the object depended on, so one hop is all it takes.
 */
export const RELATIONS_TOUCHED_SQL = `
with t(o) as (
  select o from unnest($1::oid[]) o
  union select ty.typarray from pg_catalog.pg_type ty where ty.oid = any($1::oid[]) and ty.typarray <> 0
), dep(classid, objid) as (
  select 'pg_catalog.pg_class'::regclass::oid, o from t
  union all
  select o2.classid, o2.objid from (select o from unnest($1::oid[]) o) x
    cross join lateral (values ('pg_catalog.pg_constraint'::regclass::oid, x.o), ('pg_catalog.pg_attrdef'::regclass::oid, x.o),
                               ('pg_catalog.pg_rewrite'::regclass::oid, x.o), ('pg_catalog.pg_trigger'::regclass::oid, x.o),
                               ('pg_catalog.pg_policy'::regclass::oid, x.o), ('pg_catalog.pg_statistic_ext'::regclass::oid, x.o)) o2(classid, objid)
  union all
  select d.classid, d.objid from pg_catalog.pg_depend d where d.refobjid in (select o from t)
), rel(oid) as (
  select case d.classid
           when 'pg_catalog.pg_class'::regclass then coalesce((select i.indrelid from pg_catalog.pg_index i where i.indexrelid = d.objid), d.objid)
           when 'pg_catalog.pg_constraint'::regclass then (select k.conrelid from pg_catalog.pg_constraint k where k.oid = d.objid)
           when 'pg_catalog.pg_attrdef'::regclass then (select a.adrelid from pg_catalog.pg_attrdef a where a.oid = d.objid)
           when 'pg_catalog.pg_rewrite'::regclass then (select r.ev_class from pg_catalog.pg_rewrite r where r.oid = d.objid)
           when 'pg_catalog.pg_trigger'::regclass then (select g.tgrelid from pg_catalog.pg_trigger g where g.oid = d.objid)
           when 'pg_catalog.pg_policy'::regclass then (select p.polrelid from pg_catalog.pg_policy p where p.oid = d.objid)
           when 'pg_catalog.pg_statistic_ext'::regclass then (select s.stxrelid from pg_catalog.pg_statistic_ext s where s.oid = d.objid)
         end
  from dep d
)
select distinct r.oid::text as oid from rel r
join pg_catalog.pg_class c on c.oid = r.oid
where c.relkind in ('r', 'p', 'v', 'm')`;

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
       c.reltuples::float8 as reltuples, c.relpages as relpages,
       pg_catalog.pg_get_userbyid(c.relowner) as owner,
       c.relrowsecurity as row_security, c.relforcerowsecurity as force_row_security,
       c.relpersistence as persistence,
       case when c.relispartition then pg_catalog.pg_get_expr(c.relpartbound, c.oid) end as partition_bound,
       case when not c.relispartition and c.relkind in ('r', 'p') then
         (select array_agg(pn.nspname || '.' || pc.relname order by i.inhseqno)
            from pg_catalog.pg_inherits i
            join pg_catalog.pg_class pc on pc.oid = i.inhparent
            join pg_catalog.pg_namespace pn on pn.oid = pc.relnamespace
           where i.inhrelid = c.oid) end as inherits,
       c.relreplident as replica_identity,
       case when c.relreplident = 'i' then
         (select ic.relname from pg_catalog.pg_index ri join pg_catalog.pg_class ic on ic.oid = ri.indexrelid
           where ri.indrelid = c.oid and ri.indisreplident) end as replica_index,
       am.amname as access_method,
       coalesce(c.reloptions, '{}') as options
from pg_catalog.pg_class c
join pg_catalog.pg_namespace n on n.oid = c.relnamespace
left join pg_catalog.pg_am am on am.oid = c.relam
where c.relkind in ('r', 'p', 'v', 'm')
  and n.nspname = any($1::text[])
  and ${notExtensionMember('pg_class', 'c.oid')} ${ONLY}`;

/** The user relations every per-kind query below restricts itself to (same filter as RELATIONS_SQL). */
const userTables = (kinds: string) => `
  select c.oid from pg_catalog.pg_class c
  join pg_catalog.pg_namespace n on n.oid = c.relnamespace
  where c.relkind in (${kinds}) and n.nspname = any($1::text[])
    and ${notExtensionMember('pg_class', 'c.oid')} ${ONLY}`;

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
       end as collation,
       case when a.attstorage <> t.typstorage then a.attstorage end as storage,
       nullif(a.attcompression, '') as compression,
       case when a.attstattarget >= 0 then a.attstattarget::int end as statistics_target,
       a.attinhcount > 0 as inherited
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
with rel as (${userTables(`'r', 'p', 'v', 'm'`)})
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
with rel as (${userTables(`'r', 'p', 'm'`)})
select i.indrelid::text as table_oid, ic.relname as name,
       pg_catalog.pg_get_indexdef(i.indexrelid) as definition,
       i.indisunique as "unique", i.indisprimary as "primary", i.indisvalid as valid
from rel
join pg_catalog.pg_index i on i.indrelid = rel.oid
join pg_catalog.pg_class ic on ic.oid = i.indexrelid`;

export const ENUMS_SQL = `
select n.nspname as schema, t.typname as name,
       array_agg(e.enumlabel::text order by e.enumsortorder) as values,
       pg_catalog.pg_get_userbyid(t.typowner) as owner
from pg_catalog.pg_type t
join pg_catalog.pg_namespace n on n.oid = t.typnamespace
join pg_catalog.pg_enum e on e.enumtypid = t.oid
where t.typtype = 'e' and n.nspname = any($1::text[])
  and ${notExtensionMember('pg_type', 't.oid')}
group by n.nspname, t.typname, t.typowner`;

/** Sequences with their owner: deptype 'a' for serial / OWNED BY, 'i' for identity columns. */
export const SEQUENCES_SQL = `
select n.nspname as schema, c.relname as name,
       pg_catalog.format_type(s.seqtypid, null) as data_type,
       s.seqstart::text as start, s.seqincrement::text as increment,
       s.seqmin::text as min, s.seqmax::text as max, s.seqcycle as cycle,
       tn.nspname || '.' || tc.relname || '.' || ta.attname as owned_by,
       pg_catalog.pg_get_userbyid(c.relowner) as owner
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


/**
 * Functions, procedures, aggregates. pg_get_functiondef refuses aggregates, so theirs is composed
 * from pg_aggregate (regproc prints names relative to the pinned search_path, like everything else).
 */
export const FUNCTIONS_SQL = `
select n.nspname as schema, p.proname as name,
       ${functionSignature('p')} as signature,
       p.prokind as kind,
       pg_catalog.pg_get_function_arguments(p.oid) as arguments,
       case when p.prokind <> 'p' then pg_catalog.pg_get_function_result(p.oid) end as returns,
       l.lanname as language, p.provolatile as volatility, p.prosecdef as security_definer,
       p.proisstrict as strict, p.proparallel as parallel, coalesce(p.proconfig, '{}') as config,
       case when p.prokind = 'a' then
         'SFUNC = ' || ag.aggtransfn::regproc::text
         || ', STYPE = ' || pg_catalog.format_type(ag.aggtranstype, null)
         || coalesce(', FINALFUNC = ' || nullif(ag.aggfinalfn, 0)::regproc::text, '')
         || coalesce(', COMBINEFUNC = ' || nullif(ag.aggcombinefn, 0)::regproc::text, '')
         || coalesce(', INITCOND = ' || pg_catalog.quote_literal(ag.agginitval), '')
         || case when ag.aggkind <> 'n' then ', KIND = ' || ag.aggkind::text else '' end
       else pg_catalog.pg_get_functiondef(p.oid) end as definition,
       pg_catalog.pg_get_userbyid(p.proowner) as owner, ds.description as comment
from pg_catalog.pg_proc p
join pg_catalog.pg_namespace n on n.oid = p.pronamespace
join pg_catalog.pg_language l on l.oid = p.prolang
left join pg_catalog.pg_aggregate ag on ag.aggfnoid = p.oid
left join pg_catalog.pg_description ds
  on ds.objoid = p.oid and ds.classoid = 'pg_catalog.pg_proc'::regclass and ds.objsubid = 0
where n.nspname = any($1::text[])
  and ${userFunction('p')}`;

/**
 * User triggers: not internal ones (FK / deferred-constraint triggers belong to their constraint) and
 * not the clones a partitioned table's trigger makes on each partition (tgparentid): the parent's is the one.
 */
export const TRIGGERS_SQL = `
with rel as (${userTables(`'r', 'p', 'v', 'm', 'f'`)})
select n.nspname as schema, c.relname as "table", t.tgname as name,
       pg_catalog.pg_get_triggerdef(t.oid) as definition,
       pn.nspname || '.' || p.proname as function, t.tgenabled as enabled
from rel
join pg_catalog.pg_trigger t on t.tgrelid = rel.oid
join pg_catalog.pg_class c on c.oid = t.tgrelid
join pg_catalog.pg_namespace n on n.oid = c.relnamespace
join pg_catalog.pg_proc p on p.oid = t.tgfoid
join pg_catalog.pg_namespace pn on pn.oid = p.pronamespace
where not t.tgisinternal and t.tgparentid = 0`;

export const EVENT_TRIGGERS_SQL = `
select e.evtname as name, e.evtevent as event, coalesce(e.evttags, '{}') as tags,
       pn.nspname || '.' || p.proname as function, e.evtenabled as enabled,
       pg_catalog.pg_get_userbyid(e.evtowner) as owner
from pg_catalog.pg_event_trigger e
join pg_catalog.pg_proc p on p.oid = e.evtfoid
join pg_catalog.pg_namespace pn on pn.oid = p.pronamespace
where ${notExtensionMember('pg_event_trigger', 'e.oid')}`;

/** polroles holds 0 for PUBLIC. */
export const POLICIES_SQL = `
with rel as (${userTables(`'r', 'p'`)})
select n.nspname as schema, c.relname as "table", po.polname as name, po.polcmd as command,
       po.polpermissive as permissive,
       array(select case when r = 0 then 'public' else pg_catalog.pg_get_userbyid(r) end
               from unnest(po.polroles) r order by 1) as roles,
       pg_catalog.pg_get_expr(po.polqual, po.polrelid) as using,
       pg_catalog.pg_get_expr(po.polwithcheck, po.polrelid) as with_check
from rel
join pg_catalog.pg_policy po on po.polrelid = rel.oid
join pg_catalog.pg_class c on c.oid = po.polrelid
join pg_catalog.pg_namespace n on n.oid = c.relnamespace`;

/** The grantee, privileges and grantable ones of aclexplode rows `x`, grouped by grantee (PRIVILEGES_SQL, DEFAULT_PRIVILEGES_SQL). */
const ACL_GRANT_COLUMNS = `case when (x).grantee = 0 then 'PUBLIC' else pg_catalog.pg_get_userbyid((x).grantee) end as grantee,
       array_agg((x).privilege_type::text order by (x).privilege_type) as privileges,
       coalesce(array_agg((x).privilege_type::text order by (x).privilege_type) filter (where (x).is_grantable), '{}') as grantable`;

/**
 * Grants of relations, columns, functions and schemas, one row per (object, grantee), from the ACLs.
 * An object without an ACL has its default one (acldefault): for functions that is EXECUTE to PUBLIC,
 * so REVOKE … FROM PUBLIC shows. The owner's own entry is implied by ownership and left out.
 */
export const PRIVILEGES_SQL = `
with acl as (
  select case when c.relkind = 'S' then 'sequence' else 'table' end as object_type,
         n.nspname as schema, c.relname as object, null::text as "column", c.relowner as owner,
         pg_catalog.aclexplode(c.relacl) as x
  from pg_catalog.pg_class c
  join pg_catalog.pg_namespace n on n.oid = c.relnamespace
  where c.relkind in ('r', 'p', 'v', 'm', 'f', 'S') and c.relacl is not null
    and n.nspname = any($1::text[]) and ${notExtensionMember('pg_class', 'c.oid')}
  union all
  select 'column', n.nspname, c.relname, a.attname, c.relowner, pg_catalog.aclexplode(a.attacl)
  from pg_catalog.pg_attribute a
  join pg_catalog.pg_class c on c.oid = a.attrelid
  join pg_catalog.pg_namespace n on n.oid = c.relnamespace
  where a.attacl is not null and a.attnum > 0 and not a.attisdropped
    and c.relkind in ('r', 'p', 'v', 'm', 'f')
    and n.nspname = any($1::text[]) and ${notExtensionMember('pg_class', 'c.oid')}
  union all
  select 'function', n.nspname, ${functionSignature('p')},
         null, p.proowner, pg_catalog.aclexplode(coalesce(p.proacl, pg_catalog.acldefault('f', p.proowner)))
  from pg_catalog.pg_proc p
  join pg_catalog.pg_namespace n on n.oid = p.pronamespace
  where n.nspname = any($1::text[]) and ${userFunction('p')}
  union all
  select 'schema', n.nspname, n.nspname, null, n.nspowner,
         pg_catalog.aclexplode(coalesce(n.nspacl, pg_catalog.acldefault('n', n.nspowner)))
  from pg_catalog.pg_namespace n
  where n.nspname = any($1::text[])
)
select object_type, schema, object, "column",
       ${ACL_GRANT_COLUMNS}
from acl
where (x).grantee <> owner
group by object_type, schema, object, "column", (x).grantee`;

/** ALTER DEFAULT PRIVILEGES: the whole stored ACL of each entry (the role's own entry too: it may be a revoke). */
export const DEFAULT_PRIVILEGES_SQL = `
select pg_catalog.pg_get_userbyid(d.defaclrole) as role, n.nspname as schema, d.defaclobjtype as object_type,
       ${ACL_GRANT_COLUMNS}
from (select d.*, pg_catalog.aclexplode(d.defaclacl) as x from pg_catalog.pg_default_acl d) d
left join pg_catalog.pg_namespace n on n.oid = d.defaclnamespace
where d.defaclnamespace = 0 or n.nspname = any($1::text[])
group by d.defaclrole, n.nspname, d.defaclobjtype, (x).grantee`;

/** Domains; NOT NULL is typnotnull (PG 17+ also keeps it as a contype 'n' constraint: left out). */
export const DOMAINS_SQL = `
select n.nspname as schema, t.typname as name,
       pg_catalog.format_type(t.typbasetype, t.typtypmod) as base_type,
       t.typdefault as "default", t.typnotnull as not_null,
       case when t.typcollation <> bt.typcollation then co.collname end as collation,
       coalesce((select json_agg(json_build_object('name', con.conname,
                                                   'definition', pg_catalog.pg_get_constraintdef(con.oid),
                                                   'validated', con.convalidated) order by con.conname)
                   from pg_catalog.pg_constraint con where con.contypid = t.oid and con.contype = 'c'), '[]') as checks,
       pg_catalog.pg_get_userbyid(t.typowner) as owner, ds.description as comment
from pg_catalog.pg_type t
join pg_catalog.pg_namespace n on n.oid = t.typnamespace
join pg_catalog.pg_type bt on bt.oid = t.typbasetype
left join pg_catalog.pg_collation co on co.oid = t.typcollation
left join pg_catalog.pg_description ds
  on ds.objoid = t.oid and ds.classoid = 'pg_catalog.pg_type'::regclass and ds.objsubid = 0
where t.typtype = 'd' and n.nspname = any($1::text[])
  and ${notExtensionMember('pg_type', 't.oid')}`;

export const COMPOSITE_TYPES_SQL = `
select n.nspname as schema, t.typname as name,
       coalesce((select json_agg(json_build_object(
                   'name', a.attname, 'type', pg_catalog.format_type(a.atttypid, a.atttypmod),
                   'collation', case when a.attcollation <> at.typcollation then co.collname end) order by a.attnum)
                   from pg_catalog.pg_attribute a
                   join pg_catalog.pg_type at on at.oid = a.atttypid
                   left join pg_catalog.pg_collation co on co.oid = a.attcollation
                  where a.attrelid = t.typrelid and a.attnum > 0 and not a.attisdropped), '[]') as attributes,
       pg_catalog.pg_get_userbyid(t.typowner) as owner, ds.description as comment
from pg_catalog.pg_type t
join pg_catalog.pg_namespace n on n.oid = t.typnamespace
join pg_catalog.pg_class c on c.oid = t.typrelid and c.relkind = 'c'
left join pg_catalog.pg_description ds
  on ds.objoid = t.oid and ds.classoid = 'pg_catalog.pg_type'::regclass and ds.objsubid = 0
where t.typtype = 'c' and n.nspname = any($1::text[])
  and ${notExtensionMember('pg_type', 't.oid')}`;

export const RANGE_TYPES_SQL = `
select n.nspname as schema, t.typname as name,
       pg_catalog.format_type(r.rngsubtype, null) as subtype,
       mn.nspname || '.' || mt.typname as multirange,
       case when r.rngcollation <> 0 and r.rngcollation <> st.typcollation then co.collname end as collation,
       case when not opc.opcdefault then opc.opcname end as subtype_opclass,
       nullif(r.rngcanonical, 0)::regproc::text as canonical,
       nullif(r.rngsubdiff, 0)::regproc::text as subtype_diff,
       pg_catalog.pg_get_userbyid(t.typowner) as owner
from pg_catalog.pg_range r
join pg_catalog.pg_type t on t.oid = r.rngtypid
join pg_catalog.pg_namespace n on n.oid = t.typnamespace
join pg_catalog.pg_type st on st.oid = r.rngsubtype
left join pg_catalog.pg_type mt on mt.oid = r.rngmultitypid
left join pg_catalog.pg_namespace mn on mn.oid = mt.typnamespace
left join pg_catalog.pg_collation co on co.oid = r.rngcollation
left join pg_catalog.pg_opclass opc on opc.oid = r.rngsubopc
where n.nspname = any($1::text[])
  and ${notExtensionMember('pg_type', 't.oid')}`;

/** PG 17 renamed colliculocale to colllocale: read through to_jsonb so one query serves both. */
export const COLLATIONS_SQL = `
select n.nspname as schema, co.collname as name, co.collprovider as provider,
       coalesce(to_jsonb(co) ->> 'colllocale', to_jsonb(co) ->> 'colliculocale', co.collcollate) as locale,
       co.collctype as ctype, co.collisdeterministic as deterministic,
       pg_catalog.pg_get_userbyid(co.collowner) as owner
from pg_catalog.pg_collation co
join pg_catalog.pg_namespace n on n.oid = co.collnamespace
where n.nspname = any($1::text[])
  and ${notExtensionMember('pg_collation', 'co.oid')}`;

export const STATISTICS_SQL = `
select n.nspname as schema, s.stxname as name, tn.nspname || '.' || c.relname as "table",
       pg_catalog.pg_get_statisticsobjdef(s.oid) as definition,
       case when s.stxstattarget >= 0 then s.stxstattarget::int end as target,
       pg_catalog.pg_get_userbyid(s.stxowner) as owner
from pg_catalog.pg_statistic_ext s
join pg_catalog.pg_namespace n on n.oid = s.stxnamespace
join pg_catalog.pg_class c on c.oid = s.stxrelid
join pg_catalog.pg_namespace tn on tn.oid = c.relnamespace
where n.nspname = any($1::text[])
  and ${notExtensionMember('pg_statistic_ext', 's.oid')}`;

/** Rules, not a view's own _RETURN rule. */
export const RULES_SQL = `
with rel as (${userTables(`'r', 'p', 'v', 'm'`)})
select n.nspname as schema, c.relname as "table", r.rulename as name,
       pg_catalog.pg_get_ruledef(r.oid, true) as definition, r.ev_enabled as enabled
from rel
join pg_catalog.pg_rewrite r on r.ev_class = rel.oid
join pg_catalog.pg_class c on c.oid = r.ev_class
join pg_catalog.pg_namespace n on n.oid = c.relnamespace
where r.rulename <> '_RETURN'`;


/**
 * Several small row sets in one round trip, each as a JSON array (keys = the column names): the
 * kinds below have few rows next to columns, and every query is one more round trip per snapshot.
 */
function jsonSets(sets: Record<string, string>): string {
  return `select ${Object.entries(sets)
    .map(([name, sql]) => `(select coalesce(json_agg(x), '[]'::json) from (${sql}) x) as "${name}"`)
    .join(',\n       ')}`;
}

/** Enums, domains, composite and range types, collations, and the grants (read on one session). */
export const TYPES_AND_GRANTS_SQL = jsonSets({
  enums: ENUMS_SQL,
  domains: DOMAINS_SQL,
  compositeTypes: COMPOSITE_TYPES_SQL,
  rangeTypes: RANGE_TYPES_SQL,
  collations: COLLATIONS_SQL,
  privileges: PRIVILEGES_SQL,
  defaultPrivileges: DEFAULT_PRIVILEGES_SQL,
});

/** Functions and what hangs on tables besides columns (read on the other session). */
export const ROUTINES_AND_RULES_SQL = jsonSets({
  functions: FUNCTIONS_SQL,
  triggers: TRIGGERS_SQL,
  eventTriggers: EVENT_TRIGGERS_SQL,
  policies: POLICIES_SQL,
  statistics: STATISTICS_SQL,
  rules: RULES_SQL,
});
