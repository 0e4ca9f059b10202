import type { Queryable } from '../db/queryable';

/**
 * Follows what each migration changes in the shadow with two event triggers (ddl_command_end, sql_drop)
 * that append the touched objects to a session setting. A setting, not a table: it is rolled back with a
 * failed statement or transaction exactly like the DDL it reports, and it leaves nothing in any schema.
 * The function lives in pg_temp; both triggers are dropped before the shadow is read back or saved.
 */
const SETTING = 'driftboard.replay_events';
const TRIGGERS = ['driftboard_replay_ddl', 'driftboard_replay_drop'] as const;
/** Past this many characters a migration's events are dropped and everything is read again. */
const MAX_EVENTS_CHARS = 1_000_000;

const INSTALL = `
create or replace function pg_temp.driftboard_replay_track() returns event_trigger language plpgsql security definer
set search_path = pg_catalog as $$
declare
  r record;
  acc text := coalesce(current_setting('${SETTING}', true), '');
begin
  if length(acc) > ${MAX_EVENTS_CHARS} then return; end if;
  if tg_event = 'sql_drop' then
    for r in select * from pg_event_trigger_dropped_objects() loop
      acc := acc || 'drop ' || coalesce(r.classid::int8, 0) || ' ' || coalesce(r.objid::int8, 0) || E'\\n';
    end loop;
  else
    for r in select * from pg_event_trigger_ddl_commands() loop
      acc := acc || 'ddl ' || coalesce(r.classid::int8, 0) || ' ' || coalesce(r.objid::int8, 0) || ' ' || replace(coalesce(r.command_tag, ''), ' ', '_') || E'\\n';
    end loop;
  end if;
  perform set_config('${SETTING}', acc, false);
end $$;
drop event trigger if exists ${TRIGGERS[0]};
drop event trigger if exists ${TRIGGERS[1]};
create event trigger ${TRIGGERS[0]} on ddl_command_end execute function pg_temp.driftboard_replay_track();
create event trigger ${TRIGGERS[1]} on sql_drop execute function pg_temp.driftboard_replay_track();
select set_config('${SETTING}', '', false);`;

const UNINSTALL = `drop event trigger if exists ${TRIGGERS[0]}; drop event trigger if exists ${TRIGGERS[1]};
drop function if exists pg_temp.driftboard_replay_track(); select set_config('${SETTING}', '', false);`;

const PG_CLASS = '1259';
const PG_TYPE = '1247';
const PG_CONSTRAINT = '2606';
const PG_NAMESPACE = '2615';
const PG_EXTENSION = '3079';

/** What one migration changed: the owners to read again, or `all` when the events cannot say. */
export type Touched = { all: true } | { all: false; owners: string[] };

export class ReplayTracker {
  private constructor(private readonly db: Queryable & { exec(sql: string): Promise<void> }) {}

  /** Installs the triggers; null when this shadow does not allow it (e.g. a server shadow without superuser). */
  static async install(db: Queryable & { exec(sql: string): Promise<void> }): Promise<ReplayTracker | null> {
    try {
      await db.exec(INSTALL);
      return new ReplayTracker(db);
    } catch {
      await db.exec('ROLLBACK').catch(() => {});
      return null;
    }
  }

  /** What changed since the last call (and starts a new one). */
  async take(): Promise<Touched> {
    const { rows } = await this.db.query<{ events: string | null; armed: boolean }>(
      `select current_setting('${SETTING}', true) as events,
        (select count(*) from pg_catalog.pg_event_trigger where evtname = any($1::text[]) and evtenabled in ('O', 'A')) = 2
          and current_setting('session_replication_role') <> 'replica' as armed,
        set_config('${SETTING}', '', false) as reset`,
      [TRIGGERS],
    );
    const { events, armed } = rows[0];
    if (!armed) {
      // A migration dropped or disabled the triggers (DISCARD, session_replication_role): read everything,
      // and follow the next ones again.
      await this.db.exec(INSTALL).catch(() => {});
      return { all: true };
    }
    if (!events) return { all: false, owners: [] };
    if (events.length > MAX_EVENTS_CHARS) return { all: true };
    const owners = new Set<string>();
    for (const line of events.split('\n')) {
      if (!line) continue;
      const [what, classid, objid, tag] = line.split(' ');
      if (classid === PG_CLASS || classid === PG_TYPE || classid === PG_CONSTRAINT) owners.add(objid);
      else if (classid === PG_EXTENSION) return { all: true };
      else if (classid === PG_NAMESPACE && !(what === 'ddl' && tag === 'CREATE_SCHEMA')) return { all: true };
    }
    return { all: false, owners: [...owners] };
  }

  /** Removes the triggers (before the shadow is read back or saved). */
  async uninstall(): Promise<void> {
    await this.db.exec(UNINSTALL);
  }
}
