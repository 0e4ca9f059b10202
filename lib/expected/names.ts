import type { Queryable } from '../db/queryable';
// Objects that belong to an extension are the extension's: the introspection's own rule.
import { notExtensionMember } from '../introspect/queries';

/**
 * The names query, optionally restricted to some owners: relations (with their inheritance descendants;
 * an index or a constraint oid stands for its table) and types. Each row is an identity and its owner
 * (the relation or enum type it belongs to). Both forms share every filter, so a restricted read gives
 * exactly the rows of the full one for those owners.
 */
function namesSql(restricted: boolean, schemasRef = '$1::text[]', ownersRef = '$2::oid[]'): string {
  // Restricted: driven from the owners (index lookups), not a scan of every relation.
  const tree = `with recursive own(oid) as (
        select o from unnest(${ownersRef}) o
        union select i.indrelid from pg_catalog.pg_index i where i.indexrelid = any(${ownersRef})
        union select k.conrelid from pg_catalog.pg_constraint k where k.oid = any(${ownersRef}) and k.conrelid <> 0
      ), tree(oid) as (
        select oid from own union select h.inhrelid from pg_catalog.pg_inherits h join tree on h.inhparent = tree.oid
      ) select distinct oid from tree`;
  const relFrom = restricted ? `(${tree}) w join pg_catalog.pg_class c on c.oid = w.oid` : 'pg_catalog.pg_class c';
  const typFilter = restricted ? `and t.oid = any(${ownersRef})` : '';
  return `
with sch as (
  select n.oid, n.nspname from pg_catalog.pg_namespace n
  where n.nspname !~ '^pg_' and n.nspname <> 'information_schema'
    and (${schemasRef} is null or n.nspname = any(${schemasRef}))
    and ${notExtensionMember('pg_namespace', 'n.oid')}
), rel as (
  select c.oid, c.relkind, s.nspname, s.nspname || '.' || c.relname as key
  from ${relFrom} join sch s on s.oid = c.relnamespace
  where c.relkind in ('r', 'p', 'v', 'm') and ${notExtensionMember('pg_class', 'c.oid')}
), typ as (
  select t.oid, s.nspname || '.' || t.typname as key
  from pg_catalog.pg_type t join sch s on s.oid = t.typnamespace
  where t.typtype = 'e' and ${notExtensionMember('pg_type', 't.oid')} ${typFilter}
    and exists (select 1 from pg_catalog.pg_enum e where e.enumtypid = t.oid)
)
select case when r.relkind in ('r', 'p') then 'table' else 'view' end || ':' || r.key as id, r.oid::int8 as owner, null::int8 as sub from rel r
union all
select 'column:' || r.key || '.' || a.attname, r.oid::int8, null from rel r
  join pg_catalog.pg_attribute a on a.attrelid = r.oid
  where r.relkind in ('r', 'p') and a.attnum > 0 and not a.attisdropped
union all
select 'constraint:' || r.key || '.' || con.conname, r.oid::int8, con.oid::int8 from rel r
  join pg_catalog.pg_constraint con on con.conrelid = r.oid
  where r.relkind in ('r', 'p') and con.contype in ('p', 'u', 'c', 'f', 'x')
union all
select 'index:' || r.nspname || '.' || ic.relname, r.oid::int8, ic.oid::int8 from rel r
  join pg_catalog.pg_index i on i.indrelid = r.oid
  join pg_catalog.pg_class ic on ic.oid = i.indexrelid
  where r.relkind in ('r', 'p')
union all
select 'enum:' || t.key, t.oid::int8, null from typ t
union all
select 'enum_value:' || t.key || '.' || e.enumlabel, t.oid::int8, null from typ t join pg_catalog.pg_enum e on e.enumtypid = t.oid`;
}

/**
 * The identities (objectsOf / identityOf) of every attributable object, read with one catalog query:
 * names only, no definitions. Between migrations this is all attribution needs, at a fraction of a full
 * introspection's cost; it mirrors the introspection's filters (schemas, extension members, relkinds,
 * enums with values), and the replay checks it against the final model.
 */
const NAMES_SQL = namesSql(false);
const OWNED_NAMES_SQL = namesSql(true);
/** The restricted read with the schemas and the owners as plpgsql variables (./tracker.ts step function). */
export const ownedNamesSql = (schemasVar: string, ownersVar: string): string => namesSql(true, schemasVar, ownersVar);

export interface NameRow {
  id: string;
  owner: string | number;
  sub: string | number | null;
}

export async function objectNames(db: Queryable, schemas: string[] | null): Promise<Set<string>> {
  const { rows } = await db.query<NameRow>(NAMES_SQL, [schemas]);
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

/**
 * The identities present in a shadow, kept up to date between migrations from what each migration's
 * DDL reported (event triggers, see ./tracker.ts) instead of reading every name after every migration:
 * only the relations and types a migration touched are read again. Anything it cannot follow exactly
 * (a schema renamed or dropped, an extension, the tracker itself gone) makes it read everything again.
 */
export class NameIndex {
  private byOwner = new Map<string, Set<string>>();
  /** Index / constraint oid → the relation it belongs to (to follow one after it is dropped). */
  private subOwner = new Map<string, string>();
  present = new Set<string>();

  constructor(
    private readonly db: Queryable,
    private readonly schemas: string[] | null,
  ) {}

  /** Reads every name (the start, or after something the events cannot follow). */
  async readAll(): Promise<Set<string>> {
    const { rows } = await this.db.query<NameRow>(NAMES_SQL, [this.schemas]);
    this.byOwner.clear();
    this.subOwner.clear();
    this.present = new Set();
    this.add(rows);
    return this.present;
  }

  /**
   * The names of the owners of the `asked` sub-objects (indexes, constraints) that `rows` do not cover: a
   * dropped index or constraint no longer leads the name query to its table, whose names must be read
   * again all the same (one more query, only after such a drop).
   */
  async ownersOfDropped(asked: readonly string[], rows: readonly NameRow[]): Promise<NameRow[]> {
    const covered = new Set(rows.map((r) => String(r.owner)));
    const missing = [...new Set(asked.map((oid) => this.subOwner.get(oid)).filter((o): o is string => !!o && !covered.has(o)))];
    if (missing.length === 0) return [];
    return (await this.db.query<NameRow>(OWNED_NAMES_SQL, [this.schemas, missing])).rows;
  }

  /** The owners (relation and type oids) the last `apply` replaced. */
  lastReplaced: ReadonlySet<string> = new Set();

  /**
   * Takes in what a migration changed: the names now read for the owners it touched (`asked`: relation,
   * index, constraint or type oids; `rows`: their names, see ./tracker.ts). Returns the new set.
   */
  apply(asked: readonly string[], rows: NameRow[]): Set<string> {
    this.lastReplaced = new Set();
    if (asked.length === 0) return this.present;
    const replaced = new Set<string>();
    this.lastReplaced = replaced;
    for (const oid of asked) replaced.add(this.subOwner.get(oid) ?? oid);
    for (const r of rows) replaced.add(String(r.owner));
    const next = new Set(this.present);
    for (const owner of replaced) {
      for (const id of this.byOwner.get(owner) ?? []) next.delete(id);
      this.byOwner.delete(owner);
    }
    for (const [sub, owner] of this.subOwner) if (replaced.has(owner)) this.subOwner.delete(sub);
    this.present = next;
    this.add(rows);
    return this.present;
  }

  /** The owner of each of `present` (in its order) and the index / constraint owners: see ReplayState.owners. */
  owners(present: readonly string[]): { of: string[]; subs: Array<[string, string]> } {
    const ownerOf = new Map<string, string>();
    for (const [owner, ids] of this.byOwner) for (const id of ids) ownerOf.set(id, owner);
    return { of: present.map((id) => ownerOf.get(id) ?? ''), subs: [...this.subOwner].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)) };
  }

  /** Takes up a state saved with owners(); false (nothing changed) when it does not fit. */
  restore(present: readonly string[], owners: { of: string[]; subs: Array<[string, string]> }): boolean {
    if (!Array.isArray(owners?.of) || owners.of.length !== present.length || owners.of.some((o) => !/^\d+$/.test(o)) || !Array.isArray(owners.subs)) return false;
    this.byOwner.clear();
    this.subOwner = new Map(owners.subs);
    this.present = new Set();
    this.add(present.map((id, i) => ({ id, owner: owners.of[i], sub: null })));
    return true;
  }

  private add(rows: NameRow[]): void {
    for (const r of rows) {
      const owner = String(r.owner);
      let set = this.byOwner.get(owner);
      if (!set) this.byOwner.set(owner, (set = new Set()));
      set.add(r.id);
      this.present.add(r.id);
      if (r.sub !== null) this.subOwner.set(String(r.sub), owner);
    }
  }
}
