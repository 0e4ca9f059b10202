import type { Queryable } from '../db/queryable';
import { ownedNamesSql, type NameRow } from './names';

/**
 * Follows what each migration changes in the shadow with two event triggers (ddl_command_end, sql_drop)
 * that append the touched objects to a session setting. A setting, not a table: it is rolled back with a
 * failed statement or transaction exactly like the DDL it reports, and it leaves nothing in any schema.
 * After each migration one call of a step function (plpgsql, plans kept) takes the events and reads the
 * names of the relations and types they touched: one round trip per migration. The functions live in
 * pg_temp; the triggers and functions are dropped before the shadow is read back or saved.
 */
const SETTING = 'driftboard.replay_events';
const TRIGGERS = ['driftboard_replay_ddl', 'driftboard_replay_drop'] as const;
/** Past this many characters a migration's events are dropped and everything is read again. */
const MAX_EVENTS_CHARS = 1_000_000;

const PG_CLASS = '1259';
const PG_TYPE = '1247';
const PG_CONSTRAINT = '2606';
const PG_NAMESPACE = '2615';
const PG_EXTENSION = '3079';
const PG_ATTRDEF = '2604';

const INSTALL = `
create or replace function pg_temp.driftboard_replay_track() returns event_trigger language plpgsql security definer as $$
declare
  r record;
  acc text := coalesce(pg_catalog.current_setting('${SETTING}', true), '');
begin
  if pg_catalog.length(acc) > ${MAX_EVENTS_CHARS} then return; end if;
  if tg_event = 'sql_drop' then
    for r in select * from pg_catalog.pg_event_trigger_dropped_objects() loop
      -- A default dropped with what it called (DROP SEQUENCE … CASCADE): its table, by name (hex), if it stays.
      acc := acc || 'drop ' || coalesce(r.classid::int8, 0) || ' ' || coalesce(r.objid::int8, 0) || ' ' || case when r.normal then 'cascade' else '-' end
        || case when r.classid = 'pg_catalog.pg_attrdef'::regclass and pg_catalog.array_length(r.address_names, 1) >= 2
             then ' ' || pg_catalog.encode(pg_catalog.convert_to(pg_catalog.quote_ident(r.address_names[1]) || '.' || pg_catalog.quote_ident(r.address_names[2]), 'UTF8'), 'hex')
             else '' end || E'\\n';
    end loop;
  else
    for r in select * from pg_catalog.pg_event_trigger_ddl_commands() loop
      acc := acc || 'ddl ' || coalesce(r.classid::int8, 0) || ' ' || coalesce(r.objid::int8, 0) || ' ' || pg_catalog.replace(coalesce(r.command_tag, ''), ' ', '_') || E'\\n';
    end loop;
  end if;
  perform pg_catalog.set_config('${SETTING}', acc, false);
end $$;

-- No SET search_path on these functions (it would make every call replan): every name is qualified.
-- One row per name of the touched owners; '*asked' rows list the owners asked for, one '*all' row says
-- the events cannot tell (read every name).
create or replace function pg_temp.driftboard_replay_step(schemas text[]) returns table(id text, owner int8, sub int8)
language plpgsql as $$
#variable_conflict use_column
declare
  ev text := coalesce(pg_catalog.current_setting('${SETTING}', true), '');
  owners oid[] := '{}';
  others text[] := '{}';
  line text;
  f text[];
begin
  perform pg_catalog.set_config('${SETTING}', '', false);
  if (select count(*) from pg_catalog.pg_event_trigger where evtname = any(array['${TRIGGERS[0]}', '${TRIGGERS[1]}']) and evtenabled in ('O', 'A')) <> 2
     or pg_catalog.current_setting('session_replication_role') = 'replica' or pg_catalog.length(ev) > ${MAX_EVENTS_CHARS} then
    return query select '*all'::text, 0::int8, null::int8;
    return;
  end if;
  if ev = '' then return; end if;
  foreach line in array pg_catalog.string_to_array(ev, E'\\n') loop
    continue when line = '';
    f := pg_catalog.string_to_array(line, ' ');
    if f[2] in ('${PG_CLASS}', '${PG_TYPE}', '${PG_CONSTRAINT}') then
      owners := owners || f[3]::oid;
    elsif f[2] = '${PG_EXTENSION}' or (f[2] = '${PG_NAMESPACE}' and not (f[1] = 'ddl' and f[4] = 'CREATE_SCHEMA')) then
      return query select '*all'::text, 0::int8, null::int8;
      return;
    elsif f[1] = 'drop' and f[2] = '${PG_ATTRDEF}' and f[5] is not null then
      -- its table's rows change, unless the table went too
      owners := owners || coalesce(pg_catalog.to_regclass(pg_catalog.convert_from(pg_catalog.decode(f[5], 'hex'), 'UTF8'))::oid, 0::oid);
    elsif f[3] <> '0' then
      others := others || line;
    end if;
  end loop;
  return query select '*other ' || x, 0::int8, null::int8 from pg_catalog.unnest(others) x;
  select pg_catalog.array_agg(distinct o) into owners from pg_catalog.unnest(owners) o;
  return query select '*asked'::text, o::int8, null::int8 from pg_catalog.unnest(owners) o;
  return query ${ownedNamesSql('schemas', 'owners')};
end $$;

drop event trigger if exists ${TRIGGERS[0]};
drop event trigger if exists ${TRIGGERS[1]};
create event trigger ${TRIGGERS[0]} on ddl_command_end execute function pg_temp.driftboard_replay_track();
create event trigger ${TRIGGERS[1]} on sql_drop execute function pg_temp.driftboard_replay_track();
-- The step's queries run after every migration: planning them each time would cost more than running them.
set plan_cache_mode = force_generic_plan;
select set_config('${SETTING}', '', false);`;

const UNINSTALL = `drop event trigger if exists ${TRIGGERS[0]}; drop event trigger if exists ${TRIGGERS[1]};
drop function if exists pg_temp.driftboard_replay_track(); drop function if exists pg_temp.driftboard_replay_step(text[]);
reset plan_cache_mode; select set_config('${SETTING}', '', false);`;

/** What one migration changed: the owners asked and their names now, or `all` when the events cannot say. */
export type Touched = { all: true } | { all: false; asked: string[]; rows: NameRow[]; others: OtherEvent[] };

/**
 * An event on an object that owns no name the replay follows (a function, default, trigger, policy,
 * sequence-less collation, …): what a partial read-back needs to know (see lib/introspect `reuse`).
 */
export interface OtherEvent {
  drop: boolean;
  classid: string;
  objid: string;
  /** A drop that came from a CASCADE (pg_event_trigger_dropped_objects().normal). */
  cascade: boolean;
}

type Db = Queryable & { exec(sql: string): Promise<void> };

export class ReplayTracker {
  private constructor(
    private readonly db: Db,
    private readonly schemas: string[] | null,
  ) {}

  /** Installs the triggers; null when this shadow does not allow it (e.g. a server shadow without superuser). */
  static async install(db: Db, schemas: string[] | null): Promise<ReplayTracker | null> {
    try {
      await db.exec(INSTALL);
      return new ReplayTracker(db, schemas);
    } catch {
      await db.exec('ROLLBACK').catch(() => {});
      return null;
    }
  }

  /** What changed since the last call (and starts a new one). */
  async take(): Promise<Touched> {
    let rows: NameRow[];
    try {
      rows = (await this.db.query<NameRow>('select * from pg_temp.driftboard_replay_step($1)', [this.schemas])).rows;
    } catch {
      rows = [{ id: '*all', owner: 0, sub: null }]; // the function is gone (DISCARD): below
    }
    if (rows[0]?.id === '*all') {
      // A migration dropped or disabled the triggers (DISCARD, session_replication_role), or did what the
      // events do not describe: read everything, and follow the next ones again.
      await this.db.exec(INSTALL).catch(() => {});
      return { all: true };
    }
    const asked: string[] = [];
    const names: NameRow[] = [];
    const others: OtherEvent[] = [];
    for (const r of rows) {
      if (r.id === '*asked') asked.push(String(r.owner));
      else if (r.id.startsWith('*other ')) {
        const [, kind, classid, objid, extra] = r.id.split(' ');
        others.push({ drop: kind === 'drop', classid, objid, cascade: extra === 'cascade' });
      } else names.push(r);
    }
    return { all: false, asked, rows: names, others };
  }

  /** Removes the triggers and functions (before the shadow is read back or saved). */
  async uninstall(): Promise<void> {
    await this.db.exec(UNINSTALL);
  }
}
