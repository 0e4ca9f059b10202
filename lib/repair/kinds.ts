import type { SchemaChange } from '../model/diff';
import type { RepairPurpose } from '../model/repair';
import type {
  Column,
  DbFunction,
  DefaultPrivilege,
  Domain,
  EventTrigger,
  Policy,
  Privilege,
  SchemaModel,
  Table,
  Trigger,
  TriggerEnabled,
} from '../model/schema';
import { privilegeKey } from '../introspect/canonical';
import { qualifiedName, quoteIdent, quoteLiteral } from '../sql/ident';
import { alterTable, commentOn, unlessExists } from './ddl';

/**
 * Repair statements for the object kinds beyond tables, columns, keys and indexes: functions, triggers,
 * event triggers, row-level security and policies, privileges and default privileges, ownership, domains,
 * composite and range types, collations, extended statistics and rules — each from the definition
 * PostgreSQL printed for the target (pg_get_functiondef, pg_get_triggerdef, pg_get_ruledef, …).
 */

/** Phases of these kinds, between and after those of plan.ts (which sorts all statements by phase). */
const KIND_PHASE = {
  type: 2.5,
  function: 2.7,
  trigger: 11.2,
  policy: 11.4,
  rowSecurity: 11.5,
  privilege: 12.5,
  defaultPrivilege: 12.6,
  owner: 12.8,
  dropTrigger: 19.2,
  dropPolicy: 19.3,
  revoke: 19.5,
  dropFunction: 26.5,
  dropType: 27.5,
} as const;

export type Add = (phase: number, purpose: RepairPurpose, object: string, sql: string, transactional?: boolean) => void;

export interface KindContext {
  target: SchemaModel;
  live: SchemaModel;
  add: Add;
  notes: string[];
}

const ENABLE: Record<TriggerEnabled, string> = { origin: 'ENABLE', disabled: 'DISABLE', replica: 'ENABLE REPLICA', always: 'ENABLE ALWAYS' };

const fnRef = (f: Pick<DbFunction, 'schema' | 'signature'>) => `${quoteIdent(f.schema)}.${f.signature}`;
const fnKeyword = (f: Pick<DbFunction, 'kind'>) => (f.kind === 'procedure' ? 'PROCEDURE' : f.kind === 'aggregate' ? 'AGGREGATE' : 'FUNCTION');

function createFunction(f: DbFunction): string {
  if (f.kind === 'aggregate') return `CREATE OR REPLACE AGGREGATE ${qualifiedName(f.schema, f.name)}(${f.arguments}) (${f.definition})`;
  return f.definition.replace(/;\s*$/, '');
}

/** pg_get_triggerdef, made replaceable (CREATE OR REPLACE TRIGGER, PostgreSQL 14+); constraint triggers guarded. */
function createTrigger(t: Trigger): string {
  if (/^CREATE CONSTRAINT TRIGGER/i.test(t.definition)) {
    return unlessExists(`SELECT 1 FROM pg_trigger WHERE tgname = ${quoteLiteral(t.name)} AND tgrelid = ${quoteLiteral(qualifiedName(t.schema, t.table))}::regclass`, t.definition);
  }
  return t.definition.replace(/^CREATE TRIGGER/i, 'CREATE OR REPLACE TRIGGER');
}

function createEventTrigger(e: EventTrigger): string {
  const when = e.tags.length ? ` WHEN TAG IN (${e.tags.map(quoteLiteral).join(', ')})` : '';
  const fn = e.function.split('.').map(quoteIdent).join('.');
  return unlessExists(`SELECT 1 FROM pg_event_trigger WHERE evtname = ${quoteLiteral(e.name)}`, `CREATE EVENT TRIGGER ${quoteIdent(e.name)} ON ${e.event}${when} EXECUTE FUNCTION ${fn}()`);
}

const role = (r: string) => (r === 'public' || r === 'PUBLIC' ? 'PUBLIC' : quoteIdent(r));

function createPolicy(p: Policy): string {
  const parts = [`CREATE POLICY ${quoteIdent(p.name)} ON ${qualifiedName(p.schema, p.table)}`, `AS ${p.permissive ? 'PERMISSIVE' : 'RESTRICTIVE'}`, `FOR ${p.command.toUpperCase()}`, `TO ${p.roles.map(role).join(', ')}`];
  if (p.using !== null) parts.push(`USING (${p.using})`);
  if (p.withCheck !== null) parts.push(`WITH CHECK (${p.withCheck})`);
  const exists = `SELECT 1 FROM pg_policies WHERE schemaname = ${quoteLiteral(p.schema)} AND tablename = ${quoteLiteral(p.table)} AND policyname = ${quoteLiteral(p.name)}`;
  return unlessExists(exists, parts.join(' '));
}

function privilegeTarget(p: Privilege): string {
  switch (p.objectType) {
    case 'schema':
      return `SCHEMA ${quoteIdent(p.object)}`;
    case 'function':
      return `FUNCTION ${quoteIdent(p.schema)}.${p.object}`;
    case 'sequence':
      return `SEQUENCE ${qualifiedName(p.schema, p.object)}`;
    default:
      return `TABLE ${qualifiedName(p.schema, p.object)}`;
  }
}

function grant(p: Privilege, privileges: string[], grantable: boolean): string {
  const list = p.column === null ? privileges.join(', ') : privileges.map((x) => `${x} (${quoteIdent(p.column!)})`).join(', ');
  return `GRANT ${list} ON ${privilegeTarget(p)} TO ${role(p.grantee)}${grantable ? ' WITH GRANT OPTION' : ''}`;
}

function revoke(p: Privilege, privileges: string[] | 'ALL'): string {
  const list = privileges === 'ALL' ? (p.column === null ? 'ALL' : `ALL (${quoteIdent(p.column)})`) : p.column === null ? privileges.join(', ') : privileges.map((x) => `${x} (${quoteIdent(p.column!)})`).join(', ');
  return `REVOKE ${list} ON ${privilegeTarget(p)} FROM ${role(p.grantee)}`;
}

function defaultPrivilege(d: DefaultPrivilege, verb: 'GRANT' | 'REVOKE', privileges: string[]): string {
  const scope = `ALTER DEFAULT PRIVILEGES FOR ROLE ${quoteIdent(d.role)}${d.schema ? ` IN SCHEMA ${quoteIdent(d.schema)}` : ''}`;
  const on = d.objectType.toUpperCase();
  return verb === 'GRANT' ? `${scope} GRANT ${privileges.join(', ')} ON ${on} TO ${role(d.grantee)}` : `${scope} REVOKE ${privileges.join(', ')} ON ${on} FROM ${role(d.grantee)}`;
}

function createDomain(d: Domain): string {
  let sql = `CREATE DOMAIN ${qualifiedName(d.schema, d.name)} AS ${d.baseType}`;
  if (d.collation) sql += ` COLLATE ${quoteIdent(d.collation)}`;
  if (d.default !== null) sql += ` DEFAULT ${d.default}`;
  if (d.notNull) sql += ' NOT NULL';
  for (const c of d.checks) sql += ` CONSTRAINT ${quoteIdent(c.name)} ${c.definition.replace(/\s+NOT VALID$/i, '')}`;
  return unlessExists(typeExists(d.schema, d.name), sql);
}

const typeExists = (schema: string, name: string) =>
  `SELECT 1 FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = ${quoteLiteral(schema)} AND t.typname = ${quoteLiteral(name)}`;

/** `ALTER <KIND> <name> OWNER TO <role>` for an object whose owner differs. */
function ownerStatement(kind: string, ref: string, owner: string): string {
  return `ALTER ${kind} ${ref} OWNER TO ${quoteIdent(owner)}`;
}

/** Table attributes of issue 8 that can be set in place (the rest are notes). */
export function alterTableProperties(t: Table, live: Table | undefined, attrs: string[], ctx: KindContext): void {
  const object = `${t.schema}.${t.name}`;
  const ref = qualifiedName(t.schema, t.name);
  for (const attr of attrs) {
    switch (attr) {
      case 'comment':
        ctx.add(13, 'alter', object, commentOn('TABLE', ref, t.comment));
        break;
      case 'rowSecurity':
        ctx.add(KIND_PHASE.rowSecurity, 'alter', object, alterTable(t, `${t.rowSecurity ? 'ENABLE' : 'DISABLE'} ROW LEVEL SECURITY`));
        break;
      case 'forceRowSecurity':
        ctx.add(KIND_PHASE.rowSecurity, 'alter', object, alterTable(t, `${t.forceRowSecurity ? '' : 'NO '}FORCE ROW LEVEL SECURITY`));
        break;
      case 'owner':
        if (t.owner) ctx.add(KIND_PHASE.owner, 'alter', object, ownerStatement('TABLE', ref, t.owner));
        break;
      case 'replicaIdentity': {
        const r = t.replicaIdentity ?? 'default';
        ctx.add(KIND_PHASE.owner, 'alter', object, alterTable(t, `REPLICA IDENTITY ${r.startsWith('index ') ? `USING INDEX ${quoteIdent(r.slice(6))}` : r.toUpperCase()}`));
        break;
      }
      case 'options': {
        const want = new Map((t.options ?? []).map((o) => o.split('=') as [string, string]));
        const drop = (live?.options ?? []).map((o) => o.split('=')[0]).filter((k) => !want.has(k));
        if (drop.length) ctx.add(KIND_PHASE.owner, 'alter', object, alterTable(t, `RESET (${drop.join(', ')})`));
        if (want.size) ctx.add(KIND_PHASE.owner, 'alter', object, alterTable(t, `SET (${[...want].map(([k, v]) => `${k} = ${v}`).join(', ')})`));
        break;
      }
      case 'persistence':
        ctx.notes.push(`${object}: SET ${t.persistence === 'unlogged' ? 'UNLOGGED' : 'LOGGED'} rewrites the whole table under an ACCESS EXCLUSIVE lock`);
        ctx.add(KIND_PHASE.owner, 'alter', object, alterTable(t, `SET ${t.persistence === 'unlogged' ? 'UNLOGGED' : 'LOGGED'}`));
        break;
      default:
        ctx.notes.push(`cannot change ${attr} of ${object} in place: rebuild the table by hand`);
    }
  }
}

/** Column attributes of issue 8: storage, compression, statistics target. */
export function alterColumnProperties(t: Table, col: Column, attrs: Set<string>, ctx: KindContext): void {
  const object = `${t.schema}.${t.name}.${col.name}`;
  const c = quoteIdent(col.name);
  if (attrs.has('storage')) {
    if (col.storage) ctx.add(6, 'alter', object, alterTable(t, `ALTER COLUMN ${c} SET STORAGE ${col.storage.toUpperCase()}`));
    else ctx.notes.push(`${object}: storage goes back to its type's default; set it by hand (ALTER COLUMN … SET STORAGE)`);
  }
  if (attrs.has('compression')) ctx.add(6, 'alter', object, alterTable(t, `ALTER COLUMN ${c} SET COMPRESSION ${col.compression ?? 'DEFAULT'}`));
  if (attrs.has('statisticsTarget')) ctx.add(6, 'alter', object, alterTable(t, `ALTER COLUMN ${c} SET STATISTICS ${col.statisticsTarget ?? -1}`));
}

/** Everything a table the script creates whole carries with it: triggers, policies, RLS flags, grants. */
export function createTableExtras(t: Table, ctx: KindContext): void {
  const object = `${t.schema}.${t.name}`;
  if (t.rowSecurity) ctx.add(KIND_PHASE.rowSecurity, 'create-missing', object, alterTable(t, 'ENABLE ROW LEVEL SECURITY'));
  if (t.forceRowSecurity) ctx.add(KIND_PHASE.rowSecurity, 'create-missing', object, alterTable(t, 'FORCE ROW LEVEL SECURITY'));
  for (const tr of ctx.target.triggers ?? []) if (tr.schema === t.schema && tr.table === t.name) createTriggerWithState(tr, ctx);
  for (const p of ctx.target.policies ?? []) if (p.schema === t.schema && p.table === t.name) ctx.add(KIND_PHASE.policy, 'create-missing', `${object}.${p.name}`, createPolicy(p));
  for (const p of ctx.target.privileges ?? []) {
    if (p.schema === t.schema && p.object === t.name && (p.objectType === 'table' || p.objectType === 'column')) grantAll(p, ctx, 'create-missing');
  }
  if (t.owner) ctx.add(KIND_PHASE.owner, 'create-missing', object, ownerStatement('TABLE', qualifiedName(t.schema, t.name), t.owner));
}

function createTriggerWithState(tr: Trigger, ctx: KindContext): void {
  const object = `${tr.schema}.${tr.table}.${tr.name}`;
  ctx.add(KIND_PHASE.trigger, 'create-missing', object, createTrigger(tr));
  if (tr.enabled !== 'origin') ctx.add(KIND_PHASE.trigger, 'create-missing', object, alterTable({ schema: tr.schema, name: tr.table }, `${ENABLE[tr.enabled]} TRIGGER ${quoteIdent(tr.name)}`));
}

function grantAll(p: Privilege, ctx: KindContext, purpose: RepairPurpose, only?: string[]): void {
  const object = `${p.schema}.${p.object}${p.column ? `.${p.column}` : ''}:${p.grantee}`;
  const privileges = only ?? p.privileges;
  const plain = privileges.filter((x) => !p.grantable.includes(x));
  const withOption = privileges.filter((x) => p.grantable.includes(x));
  if (plain.length) ctx.add(KIND_PHASE.privilege, purpose, object, grant(p, plain, false));
  if (withOption.length) ctx.add(KIND_PHASE.privilege, purpose, object, grant(p, withOption, true));
}

const changeObject = (c: SchemaChange) => [c.schema, c.table, c.name].filter((p) => p !== null && p !== '').join('.');

/**
 * Plans one change of a kind this module handles; false when the kind is not one of them (plan.ts
 * handles it). `drop` adds a statement that is commented out unless unexpected objects are included.
 */
export function planKindChange(c: SchemaChange, ctx: KindContext, drop: (phase: number, object: string, sql: string) => void): boolean {
  const { target, live, add, notes } = ctx;
  const object = changeObject(c);
  switch (c.kind) {
    case 'function': {
      const f = (target.functions ?? []).find((x) => x.schema === c.schema && x.signature === c.name);
      if (c.change === 'unexpected') {
        const l = (live.functions ?? []).find((x) => x.schema === c.schema && x.signature === c.name);
        drop(KIND_PHASE.dropFunction, object, `DROP ${fnKeyword(l ?? { kind: 'function' })} IF EXISTS ${fnRef({ schema: c.schema, signature: c.name })}`);
        return true;
      }
      if (!f) return true;
      const attrs = c.change === 'missing' ? null : Object.keys(c.expected ?? {});
      if (attrs?.includes('returns') || attrs?.includes('kind')) {
        notes.push(`${object}: its return type (or kind) differs; CREATE OR REPLACE cannot change it — drop and recreate it by hand (dependants first)`);
        return true;
      }
      if (!attrs || attrs.some((a) => a !== 'owner' && a !== 'comment')) add(KIND_PHASE.function, c.change === 'missing' ? 'create-missing' : 'alter', object, createFunction(f));
      if (f.owner && (!attrs || attrs.includes('owner'))) add(KIND_PHASE.owner, c.change === 'missing' ? 'create-missing' : 'alter', object, ownerStatement(fnKeyword(f), fnRef(f), f.owner));
      if ((!attrs && f.comment !== null) || attrs?.includes('comment')) add(13, 'alter', object, commentOn(fnKeyword(f), fnRef(f), f.comment));
      return true;
    }
    case 'trigger': {
      const tr = (target.triggers ?? []).find((x) => x.schema === c.schema && x.table === c.table && x.name === c.name);
      if (c.change === 'unexpected') {
        drop(KIND_PHASE.dropTrigger, object, `DROP TRIGGER IF EXISTS ${quoteIdent(c.name)} ON ${qualifiedName(c.schema, c.table!)}`);
        return true;
      }
      if (!tr) return true;
      if (c.change === 'missing') createTriggerWithState(tr, ctx);
      else {
        const attrs = Object.keys(c.expected ?? {});
        if (attrs.some((a) => a !== 'enabled')) add(KIND_PHASE.trigger, 'alter', object, createTrigger(tr));
        if (attrs.includes('enabled') || (attrs.some((a) => a !== 'enabled') && tr.enabled !== 'origin')) {
          add(KIND_PHASE.trigger, 'alter', object, alterTable({ schema: tr.schema, name: tr.table }, `${ENABLE[tr.enabled]} TRIGGER ${quoteIdent(tr.name)}`));
        }
      }
      return true;
    }
    case 'event_trigger': {
      const e = (target.eventTriggers ?? []).find((x) => x.name === c.name);
      if (c.change === 'unexpected') drop(KIND_PHASE.dropTrigger, object, `DROP EVENT TRIGGER IF EXISTS ${quoteIdent(c.name)}`);
      else if (e && c.change === 'missing') {
        add(KIND_PHASE.trigger, 'create-missing', object, createEventTrigger(e));
        if (e.enabled !== 'origin') add(KIND_PHASE.trigger, 'create-missing', object, `ALTER EVENT TRIGGER ${quoteIdent(e.name)} ${ENABLE[e.enabled]}`);
      } else if (e) {
        const attrs = Object.keys(c.expected ?? {});
        if (attrs.includes('enabled')) add(KIND_PHASE.trigger, 'alter', object, `ALTER EVENT TRIGGER ${quoteIdent(e.name)} ${ENABLE[e.enabled]}`);
        if (attrs.includes('owner') && e.owner) add(KIND_PHASE.owner, 'alter', object, ownerStatement('EVENT TRIGGER', quoteIdent(e.name), e.owner));
        if (attrs.some((a) => a !== 'enabled' && a !== 'owner')) {
          add(KIND_PHASE.trigger, 'alter', object, `DROP EVENT TRIGGER IF EXISTS ${quoteIdent(e.name)}`);
          add(KIND_PHASE.trigger, 'alter', object, createEventTrigger(e));
        }
      }
      return true;
    }
    case 'policy': {
      const p = (target.policies ?? []).find((x) => x.schema === c.schema && x.table === c.table && x.name === c.name);
      const dropSql = `DROP POLICY IF EXISTS ${quoteIdent(c.name)} ON ${qualifiedName(c.schema, c.table!)}`;
      if (c.change === 'unexpected') drop(KIND_PHASE.dropPolicy, object, dropSql);
      else if (p) {
        if (c.change === 'altered') add(KIND_PHASE.policy, 'alter', object, dropSql);
        add(KIND_PHASE.policy, c.change === 'missing' ? 'create-missing' : 'alter', object, createPolicy(p));
      }
      return true;
    }
    case 'privilege': {
      const byChange = (list: Privilege[] | undefined) =>
        (list ?? []).find((p) => p.schema === c.schema && (p.objectType === 'schema' ? c.table === null : p.object === c.table) && (p.column === null ? p.grantee === c.name : `${p.column}:${p.grantee}` === c.name));
      const want = byChange(target.privileges);
      const have = byChange(live.privileges);
      if (c.change === 'missing' && want) grantAll(want, ctx, 'create-missing');
      else if (c.change === 'unexpected' && have) drop(KIND_PHASE.revoke, `${object}`, revoke(have, 'ALL'));
      else if (want && have && privilegeKey(want) === privilegeKey(have)) {
        const missing = want.privileges.filter((x) => !have.privileges.includes(x) || (want.grantable.includes(x) && !have.grantable.includes(x)));
        const extra = have.privileges.filter((x) => !want.privileges.includes(x));
        if (missing.length) grantAll(want, ctx, 'alter', missing);
        if (extra.length) drop(KIND_PHASE.revoke, object, revoke(have, extra));
        const optionOnly = have.grantable.filter((x) => !want.grantable.includes(x) && want.privileges.includes(x));
        if (optionOnly.length) drop(KIND_PHASE.revoke, object, revoke(have, optionOnly).replace(/^REVOKE /, 'REVOKE GRANT OPTION FOR '));
      }
      return true;
    }
    case 'default_privilege': {
      const find = (list: DefaultPrivilege[] | undefined) => (list ?? []).find((d) => `${d.role}:${d.objectType}:${d.grantee}` === c.name && (d.schema ?? '') === c.schema);
      const want = find(target.defaultPrivileges);
      const have = find(live.defaultPrivileges);
      if (want && (c.change === 'missing' || c.change === 'altered')) {
        const missing = want.privileges.filter((x) => !(have?.privileges ?? []).includes(x));
        if (missing.length) add(KIND_PHASE.defaultPrivilege, c.change === 'missing' ? 'create-missing' : 'alter', object, defaultPrivilege(want, 'GRANT', missing));
      }
      if (have && (c.change === 'unexpected' || c.change === 'altered')) {
        const extra = have.privileges.filter((x) => !(want?.privileges ?? []).includes(x));
        if (extra.length) drop(KIND_PHASE.revoke, object, defaultPrivilege(have, 'REVOKE', extra));
      }
      return true;
    }
    case 'domain': {
      const d = (target.domains ?? []).find((x) => x.schema === c.schema && x.name === c.name);
      const ref = qualifiedName(c.schema, c.name);
      if (c.change === 'unexpected') drop(KIND_PHASE.dropType, object, `DROP DOMAIN IF EXISTS ${ref}`);
      else if (d && c.change === 'missing') add(KIND_PHASE.type, 'create-missing', object, createDomain(d));
      else if (d) {
        const attrs = Object.keys(c.expected ?? {});
        const at = (sql: string) => add(KIND_PHASE.type, 'alter', object, `ALTER DOMAIN ${ref} ${sql}`);
        if (attrs.includes('default')) at(d.default === null ? 'DROP DEFAULT' : `SET DEFAULT ${d.default}`);
        if (attrs.includes('notNull')) at(d.notNull ? 'SET NOT NULL' : 'DROP NOT NULL');
        if (attrs.includes('checks')) {
          const liveChecks = (live.domains ?? []).find((x) => x.schema === c.schema && x.name === c.name)?.checks ?? [];
          for (const k of liveChecks) if (!d.checks.some((w) => w.name === k.name && w.definition === k.definition)) at(`DROP CONSTRAINT IF EXISTS ${quoteIdent(k.name)}`);
          for (const k of d.checks) {
            if (liveChecks.some((l) => l.name === k.name && l.definition === k.definition)) continue;
            at(`ADD CONSTRAINT ${quoteIdent(k.name)} ${k.definition.replace(/\s+NOT VALID$/i, '')} NOT VALID`);
            if (k.validated) at(`VALIDATE CONSTRAINT ${quoteIdent(k.name)}`);
          }
        }
        if (attrs.includes('owner') && d.owner) add(KIND_PHASE.owner, 'alter', object, ownerStatement('DOMAIN', ref, d.owner));
        if (attrs.includes('comment')) add(13, 'alter', object, commentOn('DOMAIN', ref, d.comment));
        for (const a of attrs.filter((x) => !['default', 'notNull', 'checks', 'owner', 'comment'].includes(x))) notes.push(`cannot change ${a} of domain ${object} in place: recreate it by hand`);
      }
      return true;
    }
    case 'composite_type':
    case 'range_type': {
      const ref = qualifiedName(c.schema, c.name);
      if (c.change === 'unexpected') {
        drop(KIND_PHASE.dropType, object, `DROP TYPE IF EXISTS ${ref}`);
        return true;
      }
      if (c.change === 'altered') {
        const attrs = Object.keys(c.expected ?? {});
        const owner = (c.kind === 'composite_type' ? target.compositeTypes : target.rangeTypes)?.find((x) => x.schema === c.schema && x.name === c.name)?.owner;
        if (attrs.includes('owner') && owner) add(KIND_PHASE.owner, 'alter', object, ownerStatement('TYPE', ref, owner));
        for (const a of attrs.filter((x) => x !== 'owner')) notes.push(`cannot change ${a} of type ${object} in place: recreate it by hand`);
        return true;
      }
      if (c.kind === 'composite_type') {
        const t = (target.compositeTypes ?? []).find((x) => x.schema === c.schema && x.name === c.name);
        if (t) add(KIND_PHASE.type, 'create-missing', object, unlessExists(typeExists(t.schema, t.name), `CREATE TYPE ${ref} AS (${t.attributes.map((a) => `${quoteIdent(a.name)} ${a.type}${a.collation ? ` COLLATE ${quoteIdent(a.collation)}` : ''}`).join(', ')})`));
      } else {
        const r = (target.rangeTypes ?? []).find((x) => x.schema === c.schema && x.name === c.name);
        if (r) {
          const opts = [`SUBTYPE = ${r.subtype}`];
          if (r.subtypeOpclass) opts.push(`SUBTYPE_OPCLASS = ${r.subtypeOpclass}`);
          if (r.collation) opts.push(`COLLATION = ${quoteIdent(r.collation)}`);
          if (r.canonical) opts.push(`CANONICAL = ${r.canonical}`);
          if (r.subtypeDiff) opts.push(`SUBTYPE_DIFF = ${r.subtypeDiff}`);
          if (r.multirange) opts.push(`MULTIRANGE_TYPE_NAME = ${r.multirange.split('.').map(quoteIdent).join('.')}`);
          add(KIND_PHASE.type, 'create-missing', object, unlessExists(typeExists(r.schema, r.name), `CREATE TYPE ${ref} AS RANGE (${opts.join(', ')})`));
        }
      }
      return true;
    }
    case 'collation': {
      const x = (target.collations ?? []).find((k) => k.schema === c.schema && k.name === c.name);
      const ref = qualifiedName(c.schema, c.name);
      if (c.change === 'unexpected') drop(KIND_PHASE.dropType, object, `DROP COLLATION IF EXISTS ${ref}`);
      else if (x && c.change === 'missing') {
        const provider = x.provider === 'i' ? 'icu' : x.provider === 'b' ? 'builtin' : 'libc';
        const loc = x.ctype && x.ctype !== x.locale ? `lc_collate = ${quoteLiteral(x.locale ?? '')}, lc_ctype = ${quoteLiteral(x.ctype)}` : `locale = ${quoteLiteral(x.locale ?? '')}`;
        add(KIND_PHASE.type, 'create-missing', object, `CREATE COLLATION IF NOT EXISTS ${ref} (provider = ${provider}, ${loc}, deterministic = ${x.deterministic})`);
      } else if (x) notes.push(`cannot change collation ${object} in place: recreate it by hand`);
      return true;
    }
    case 'statistics': {
      const s = (target.statistics ?? []).find((k) => k.schema === c.schema && k.name === c.name);
      const ref = qualifiedName(c.schema, c.name);
      if (c.change === 'unexpected') drop(KIND_PHASE.dropType, object, `DROP STATISTICS IF EXISTS ${ref}`);
      else if (s) {
        const attrs = c.change === 'missing' ? null : Object.keys(c.expected ?? {});
        if (!attrs || attrs.includes('definition')) {
          if (attrs) add(10, 'alter', object, `DROP STATISTICS IF EXISTS ${ref}`);
          add(10, c.change === 'missing' ? 'create-missing' : 'alter', object, s.definition.replace(/^CREATE STATISTICS /i, 'CREATE STATISTICS IF NOT EXISTS '));
        }
        if (s.target !== null && (!attrs || attrs.includes('target'))) add(10, 'alter', object, `ALTER STATISTICS ${ref} SET STATISTICS ${s.target}`);
        if (attrs?.includes('owner') && s.owner) add(KIND_PHASE.owner, 'alter', object, ownerStatement('STATISTICS', ref, s.owner));
      }
      return true;
    }
    case 'rule': {
      const r = (target.rules ?? []).find((k) => k.schema === c.schema && k.table === c.table && k.name === c.name);
      if (c.change === 'unexpected') drop(KIND_PHASE.dropTrigger, object, `DROP RULE IF EXISTS ${quoteIdent(c.name)} ON ${qualifiedName(c.schema, c.table!)}`);
      else if (r) {
        add(KIND_PHASE.trigger, c.change === 'missing' ? 'create-missing' : 'alter', object, r.definition.replace(/;\s*$/, '').replace(/^CREATE RULE/i, 'CREATE OR REPLACE RULE'));
        if (r.enabled !== 'origin') add(KIND_PHASE.trigger, 'alter', object, alterTable({ schema: r.schema, name: r.table }, `${ENABLE[r.enabled]} RULE ${quoteIdent(r.name)}`));
      }
      return true;
    }
    case 'role':
      notes.push(`role ${c.name} does not exist on this server: create it first (roles are cluster-wide, outside the schema)`);
      return true;
    case 'schema':
      if (c.change !== 'altered') return false;
      {
        const d = (target.schemaDetails ?? []).find((x) => x.name === c.name);
        const attrs = Object.keys(c.expected ?? {});
        if (d?.owner && attrs.includes('owner')) add(KIND_PHASE.owner, 'alter', object, ownerStatement('SCHEMA', quoteIdent(d.name), d.owner));
        if (d && attrs.includes('comment')) add(13, 'alter', object, commentOn('SCHEMA', quoteIdent(d.name), d.comment));
      }
      return true;
    default:
      return false;
  }
}

/** Owners of sequences, enums and views whose `owner` attribute differs. */
export function ownerOf(kind: 'SEQUENCE' | 'TYPE' | 'VIEW' | 'MATERIALIZED VIEW', schema: string, name: string, owner: string | null | undefined, ctx: KindContext): void {
  if (owner) ctx.add(KIND_PHASE.owner, 'alter', `${schema}.${name}`, ownerStatement(kind, qualifiedName(schema, name), owner));
}
