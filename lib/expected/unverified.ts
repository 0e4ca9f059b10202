import type { UncheckedAttribute } from '../model/diff';
import type { Migration, UnverifiedAttribute } from '../model/migration';
import type { SchemaModel } from '../model/schema';
import { displayPath } from '../config/load';
import { nameListQualified, parseStatementCached, type ParsedStmt } from '../sql/parse';
import { identityOf } from './objects';

/** The schema a migration means when it names none (what the reader's `schema: null` resolves to). */
export const DEFAULT_SCHEMA = 'public';

interface Open {
  kind: UnverifiedAttribute['kind'];
  schema: string;
  table: string;
  name: string;
  attribute: string;
  reason: string;
  file: string;
  line: number;
  /** Index (in apply order) of the migration that last created / renamed the object. */
  origin: number;
}

/** Column attributes an ALTER TABLE subcommand sets again, making a placeholder known. */
const SETS_ATTRIBUTE: Record<string, string> = {
  AT_AlterColumnType: 'type',
  AT_ColumnDefault: 'default',
  AT_SetNotNull: 'nullable',
  AT_DropNotNull: 'nullable',
};

/** ALTER TABLE subcommands that drop a part of the table. */
const DROPPED_PART: Record<string, Open['kind']> = { AT_DropColumn: 'column', AT_DropConstraint: 'constraint' };

/** DROP statements that remove what a placeholder belongs to (a table takes its parts along). */
const DROPS: Record<string, 'table' | 'index'> = { OBJECT_TABLE: 'table', OBJECT_INDEX: 'index' };

/**
 * The attributes of `model` the replayed migrations do not determine:
 * - each migration's `unverified` placeholders (schema null = `public`), best effort followed through
 *   later SQL: an `ALTER TABLE … ALTER COLUMN c TYPE/SET DEFAULT/SET|DROP NOT NULL` after the placeholder
 *   sets that attribute for real and clears it; `RENAME` of the column, table, constraint or index carries
 *   it to the new name; `DROP TABLE/INDEX`, `DROP COLUMN/CONSTRAINT` after it, an object absent at the
 *   end, or one created again by a later migration (`credit` says who created each object last) drop it.
 * - the version of every extension the migrations created without `VERSION` (or by CASCADE): any version
 *   satisfies such a migration, and the shadow's bundled one says nothing about the server's.
 */
export async function resolveUnverified(
  migrations: readonly Migration[],
  model: SchemaModel,
  credit: ReadonlyMap<string, string>,
  baseExtensions: ReadonlySet<string>,
): Promise<UncheckedAttribute[]> {
  const open = new Map<string, Open>();
  const keyOf = (o: Pick<Open, 'kind' | 'schema' | 'table' | 'name' | 'attribute'>) => [o.kind, o.schema, o.table, o.name, o.attribute].join('\u0000');
  const pins = new Map<string, { version: string | null; file: string; line: number }>();

  for (let i = 0; i < migrations.length; i++) {
    const m = migrations[i];
    for (const u of m.unverified ?? []) {
      const o: Open = { ...u, schema: u.schema ?? DEFAULT_SCHEMA, origin: i };
      open.set(keyOf(o), o);
    }
    for (const st of m.statements) {
      const wantsTables = open.size > 0 && /\b(alter|rename|drop)\b/i.test(st.sql);
      const wantsExtensions = /\bextension\b/i.test(st.sql);
      if (!wantsTables && !wantsExtensions) continue;
      const parsed = await parseStatementCached(st.sql).catch((): ParsedStmt[] => []);
      for (const p of parsed) {
        if (wantsExtensions) notePin(pins, p, m.file, st.line);
        if (wantsTables) follow(open, keyOf, p, (o) => o.origin < i || o.line < st.line, i);
      }
    }
  }

  const order = new Map(migrations.map((m, i) => [m.id, i]));
  const out: UncheckedAttribute[] = [];
  for (const o of open.values()) {
    const identity = identityOf({ kind: o.kind, key: o.kind === 'table' ? `${o.schema}.${o.table}` : o.kind === 'index' ? `${o.schema}.${o.name}` : `${o.schema}.${o.table}.${o.name}` });
    const by = credit.get(identity);
    if (by === undefined || (order.get(by) ?? -1) > o.origin) continue;
    out.push({
      kind: o.kind,
      schema: o.schema,
      table: o.kind === 'table' ? null : o.table,
      name: o.kind === 'table' ? o.table : o.name,
      attribute: o.attribute,
      reason: o.reason,
      file: displayPath(o.file),
      line: o.line,
    });
  }
  for (const e of model.extensions) {
    const pin = pins.get(e.name);
    if (pin?.version) continue; // pinned: compared
    if (!pin && baseExtensions.has(e.name)) continue; // the server's own (plpgsql): compared
    out.push({
      kind: 'extension',
      schema: e.schema,
      table: null,
      name: e.name,
      attribute: 'version',
      reason: pin ? 'created without VERSION: any version satisfies the migration' : 'created by CASCADE or outside CREATE EXTENSION: no version is pinned',
      file: pin ? displayPath(pin.file) : null,
      line: pin ? pin.line : null,
    });
  }
  return out.sort(compareUnchecked);
}

function notePin(pins: Map<string, { version: string | null; file: string; line: number }>, p: ParsedStmt, file: string, line: number): void {
  if (p.kind === 'CreateExtensionStmt' || p.kind === 'AlterExtensionStmt') {
    const name = p.node.extname as string;
    const version = optionOf(p.node.options, 'new_version');
    // ALTER EXTENSION … UPDATE without TO moves to the server's default version: no longer pinned.
    if (p.kind === 'CreateExtensionStmt' || version !== null || !pins.has(name)) pins.set(name, { version, file, line });
    else pins.set(name, { version: null, file, line });
  } else if (p.kind === 'DropStmt' && p.node.removeType === 'OBJECT_EXTENSION') {
    for (const obj of (p.node.objects as unknown[]) ?? []) {
      const name = (obj as { String?: { sval?: string } }).String?.sval;
      if (name) pins.delete(name);
    }
  }
}

function optionOf(options: unknown, name: string): string | null {
  for (const o of (options as Array<{ DefElem?: { defname?: string; arg?: { String?: { sval?: string } } } }>) ?? []) {
    if (o.DefElem?.defname === name) return o.DefElem.arg?.String?.sval ?? null;
  }
  return null;
}

/** Applies one later statement to the open placeholders it can affect (`after` says which it follows). */
function follow(open: Map<string, Open>, keyOf: (o: Open) => string, p: ParsedStmt, after: (o: Open) => boolean, index: number): void {
  if (p.kind === 'DropStmt') {
    // Dropped (perhaps to be created again in the same migration, where introspection cannot tell).
    const kind = DROPS[p.node.removeType as string];
    if (!kind) return;
    for (const obj of (p.node.objects as unknown[]) ?? []) {
      const q = nameListQualified(obj);
      if (!q) continue;
      const schema = q.schema ?? DEFAULT_SCHEMA;
      for (const o of [...open.values()]) {
        const hit = kind === 'table' ? o.table === q.name : o.kind === 'index' && o.name === q.name;
        if (hit && o.schema === schema && after(o)) open.delete(keyOf(o));
      }
    }
    return;
  }
  const rel = p.node.relation as { schemaname?: string; relname?: string } | undefined;
  if (!rel?.relname) return;
  const schema = rel.schemaname ?? DEFAULT_SCHEMA;
  const onTable = (o: Open) => o.schema === schema && o.table === rel.relname && after(o);
  const rekey = (o: Open, change: Partial<Open>) => {
    open.delete(keyOf(o));
    const moved = { ...o, ...change, origin: index };
    open.set(keyOf(moved), moved);
  };

  if (p.kind === 'AlterTableStmt') {
    for (const c of (p.node.cmds as Array<{ AlterTableCmd?: { subtype?: string; name?: string } }>) ?? []) {
      const subtype = c.AlterTableCmd?.subtype ?? '';
      const dropped = DROPPED_PART[subtype];
      const attribute = SETS_ATTRIBUTE[subtype];
      if (!attribute && !dropped) continue;
      for (const o of [...open.values()]) {
        if (!onTable(o) || o.name !== c.AlterTableCmd?.name) continue;
        if (dropped ? o.kind === dropped : o.kind === 'column' && o.attribute === attribute) open.delete(keyOf(o));
      }
    }
  } else if (p.kind === 'RenameStmt') {
    const type = p.node.renameType as string;
    const from = p.node.subname as string | undefined;
    const to = p.node.newname as string;
    for (const o of [...open.values()]) {
      if (type === 'OBJECT_TABLE' && onTable(o)) rekey(o, { table: to, name: o.kind === 'table' ? to : o.name });
      else if (type === 'OBJECT_COLUMN' && o.kind === 'column' && onTable(o) && o.name === from) rekey(o, { name: to });
      else if (type === 'OBJECT_TABCONSTRAINT' && o.kind === 'constraint' && onTable(o) && o.name === from) rekey(o, { name: to });
      else if (type === 'OBJECT_INDEX' && o.kind === 'index' && o.schema === schema && o.name === rel.relname && after(o)) rekey(o, { name: to });
    }
  }
}

const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function compareUnchecked(a: UncheckedAttribute, b: UncheckedAttribute): number {
  return (
    compareText(a.schema, b.schema) ||
    compareText(a.table ?? '', b.table ?? '') ||
    compareText(a.kind, b.kind) ||
    compareText(a.name, b.name) ||
    compareText(a.attribute, b.attribute)
  );
}
