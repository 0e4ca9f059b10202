import type { SchemaChange } from '../model/diff';
import type { RepairPurpose, RepairStatement } from '../model/repair';
import type { Column, Constraint, SchemaModel, Sequence, Table } from '../model/schema';
import { qualifiedName, quoteIdent } from '../sql/ident';
import * as ddl from './ddl';
import { alterColumnProperties, alterTableProperties, createTableExtras, type KindContext, ownerOf, planKindChange } from './kinds';

/**
 * Turns the changes between a target schema (expected side) and an environment's live schema (actual
 * side) into the statements that make the live schema the target, in dependency order: schemas,
 * extensions, types and labels, sequences, tables, columns, keys and checks, foreign keys, indexes,
 * views, ownership, comments — then (commented out unless asked) drops of what the target lacks.
 * Definitions come from the target model, which PostgreSQL printed; nothing is guessed.
 */

export interface RepairPlanOptions {
  /** Emit drops of unexpected objects as live statements instead of comments. */
  includeUnexpected?: boolean;
  /** Estimated rows of the live tables by `schema.table` (planner statistics); unknown = maybe not empty. */
  liveRows?: ReadonlyMap<string, number>;
  /** Extensions whose version the target does not promise (created without VERSION): created unpinned. */
  unpinnedExtensions?: ReadonlySet<string>;
}

export interface RepairPlan {
  statements: RepairStatement[];
  notes: string[];
}

/** Dependency order of the phases; drops come last, the reverse way. */
const PHASE = {
  schema: 0,
  extension: 1,
  enum: 2,
  enumValue: 3,
  sequence: 4,
  table: 5,
  column: 6,
  key: 7,
  check: 8,
  foreignKey: 9,
  index: 10,
  view: 11,
  ownership: 12,
  comment: 13,
  dropView: 20,
  dropIndex: 21,
  dropForeignKey: 22,
  dropConstraint: 23,
  dropColumn: 24,
  dropTable: 25,
  dropSequence: 26,
  dropEnum: 27,
  dropExtension: 28,
  dropSchema: 29,
} as const;

interface Planned extends RepairStatement {
  phase: number;
}

export function planRepair(changes: readonly SchemaChange[], target: SchemaModel, live: SchemaModel, options: RepairPlanOptions = {}): RepairPlan {
  const out: Planned[] = [];
  const notes: string[] = [];
  const tableOf = indexTables(target);
  const liveTables = indexTables(live);
  const enumOf = new Map(target.enums.map((e) => [`${e.schema}.${e.name}`, e]));
  const liveEnumOf = new Map(live.enums.map((e) => [`${e.schema}.${e.name}`, e]));
  const sequenceOf = new Map(target.sequences.map((s) => [`${s.schema}.${s.name}`, s]));
  const viewOf = new Map(target.views.map((v) => [`${v.schema}.${v.name}`, v]));
  const liveViewOf = new Map(live.views.map((v) => [`${v.schema}.${v.name}`, v]));
  const createdTables = new Set<string>();

  const add = (phase: number, purpose: RepairPurpose, object: string, sql: string, transactional = true) =>
    out.push({ phase, purpose, object, sql, transactional, commented: purpose === 'drop-unexpected' && !options.includeUnexpected });

  // Sequences a missing table or column needs before its DEFAULT nextval(…) can be created.
  const sequencesOwnedBy = (owner: string) => target.sequences.filter((s) => s.ownedBy === owner || (s.ownedBy?.startsWith(`${owner}.`) ?? false));

  const createKeyOrCheck = (t: Table, c: Constraint, fresh: boolean) => {
    const object = `${t.schema}.${t.name}.${c.name}`;
    if (c.type === 'foreign') {
      // NOT VALID first (a brief lock), then VALIDATE (rows checked without blocking writes).
      add(PHASE.foreignKey, 'create-missing', object, ddl.addConstraint(t, c, !fresh && c.validated));
      if (!fresh && c.validated) add(PHASE.foreignKey, 'create-missing', object, ddl.alterTable(t, `VALIDATE CONSTRAINT ${quoteIdent(c.name)}`));
      return;
    }
    if (c.type === 'check') {
      add(PHASE.check, 'create-missing', object, ddl.addConstraint(t, c, !fresh && c.validated));
      if (!fresh && c.validated) add(PHASE.check, 'create-missing', object, ddl.alterTable(t, `VALIDATE CONSTRAINT ${quoteIdent(c.name)}`));
      return;
    }
    const index = t.indexes.find((i) => i.name === c.name);
    if ((c.type === 'primary' || c.type === 'unique') && index && !fresh) {
      // Build the key's index without blocking writes, then attach it as the constraint.
      add(PHASE.key, 'create-missing', object, ddl.createIndex(index, t.kind !== 'partitioned'), t.kind === 'partitioned');
      add(PHASE.key, 'create-missing', object, ddl.addConstraintUsingIndex(t, c));
      return;
    }
    add(PHASE.key, 'create-missing', object, ddl.addConstraint(t, c, false));
  };

  const constraintIndexNames = (t: Table) => new Set(t.constraints.filter((c) => c.type !== 'check' && c.type !== 'foreign').map((c) => c.name));

  const createIndexOf = (t: Table, name: string, fresh: boolean) => {
    const index = t.indexes.find((i) => i.name === name);
    if (!index) return;
    const concurrently = !fresh && t.kind !== 'partitioned';
    add(PHASE.index, 'create-missing', `${t.schema}.${name}`, ddl.createIndex(index, concurrently), !concurrently);
  };

  const createWholeTable = (t: Table) => {
    const ref = qualifiedName(t.schema, t.name);
    createdTables.add(`${t.schema}.${t.name}`);
    if (t.partitionOf) {
      notes.push(`definition unknown: ${t.schema}.${t.name} is a partition of ${t.partitionOf}; its bounds are not in the model, create it by hand`);
      return;
    }
    for (const s of sequencesOwnedBy(`${t.schema}.${t.name}`)) createSequenceFor(s, t);
    add(PHASE.table, 'create-missing', `${t.schema}.${t.name}`, ddl.createTable(t));
    for (const c of t.constraints) createKeyOrCheck(t, c, true);
    const backing = constraintIndexNames(t);
    for (const i of t.indexes) if (!backing.has(i.name)) createIndexOf(t, i.name, true);
    if (t.comment !== null) add(PHASE.comment, 'create-missing', `${t.schema}.${t.name}`, ddl.commentOn('TABLE', ref, t.comment));
    for (const c of t.columns) if (c.comment !== null) add(PHASE.comment, 'create-missing', `${t.schema}.${t.name}.${c.name}`, ddl.commentOn('COLUMN', `${ref}.${quoteIdent(c.name)}`, c.comment));
    createTableExtras(t, kinds);
  };

  /** A serial's sequence is created before its table; an identity's comes with its column. */
  const createSequenceFor = (s: Sequence, t: Table | null) => {
    const column = s.ownedBy ? s.ownedBy.slice(s.ownedBy.lastIndexOf('.') + 1) : null;
    if (t && column && t.columns.find((c) => c.name === column)?.identity) return;
    add(PHASE.sequence, 'create-missing', `${s.schema}.${s.name}`, ddl.createSequence(s));
    const owned = ddl.sequenceOwnedBy(s);
    if (owned) add(PHASE.ownership, 'create-missing', `${s.schema}.${s.name}`, owned);
  };

  const drop = (phase: number, object: string, sql: string, transactional = true) => add(phase, 'drop-unexpected', object, sql, transactional);
  const kinds: KindContext = { target, live, add, notes };

  for (const c of changes) {
    const tableKey = c.table !== null ? `${c.schema}.${c.table}` : `${c.schema}.${c.name}`;
    const t = tableOf.get(tableKey);
    const liveT = liveTables.get(tableKey);
    const object = [c.schema, c.table, c.name].filter((p) => p !== null).join('.');
    if (planKindChange(c, kinds, (phase, o, sql) => drop(phase, o, sql))) continue;
    switch (`${c.kind}:${c.change}`) {
      case 'schema:missing':
        add(PHASE.schema, 'create-missing', c.name, ddl.createSchema(c.name));
        break;
      case 'schema:unexpected':
        drop(PHASE.dropSchema, c.name, `DROP SCHEMA IF EXISTS ${quoteIdent(c.name)}`);
        break;
      case 'extension:missing':
      case 'extension:altered': {
        const x = target.extensions.find((e) => e.name === c.name);
        if (!x) break;
        if (c.change === 'missing') add(PHASE.extension, 'create-missing', c.name, ddl.createExtension({ ...x, version: options.unpinnedExtensions?.has(x.name) ? null : x.version }));
        else if (c.expected && 'version' in c.expected) add(PHASE.extension, 'alter', c.name, `ALTER EXTENSION ${quoteIdent(x.name)} UPDATE TO '${x.version.replace(/'/g, "''")}'`);
        if (c.change === 'altered' && c.expected && 'schema' in c.expected) add(PHASE.extension, 'alter', c.name, `ALTER EXTENSION ${quoteIdent(x.name)} SET SCHEMA ${quoteIdent(x.schema)}`);
        break;
      }
      case 'extension:unexpected':
        drop(PHASE.dropExtension, c.name, `DROP EXTENSION IF EXISTS ${quoteIdent(c.name)}`);
        break;
      case 'enum:missing': {
        const e = enumOf.get(`${c.schema}.${c.name}`);
        if (e) add(PHASE.enum, 'create-missing', object, ddl.createEnum(e));
        break;
      }
      case 'enum:unexpected':
        drop(PHASE.dropEnum, object, `DROP TYPE IF EXISTS ${qualifiedName(c.schema, c.name)}`);
        break;
      case 'enum:altered': {
        const attrs = Object.keys(c.expected ?? {});
        if (attrs.includes('owner')) ownerOf('TYPE', c.schema, c.name, enumOf.get(`${c.schema}.${c.name}`)?.owner, kinds);
        if (attrs.includes('values')) notes.push(`cannot reorder the labels of ${object}: PostgreSQL has no statement for it (recreate the type by hand)`);
        break;
      }
      case 'enum_value:missing': {
        const e = enumOf.get(`${c.schema}.${c.table}`);
        const liveE = liveEnumOf.get(`${c.schema}.${c.table}`);
        if (e) add(PHASE.enumValue, 'create-missing', object, ddl.addEnumValue(e, c.name, new Set(liveE?.values ?? [])), false);
        break;
      }
      case 'enum_value:unexpected':
        notes.push(`cannot remove the label '${c.name}' from ${c.schema}.${c.table}: PostgreSQL cannot drop an enum label (recreate the type by hand)`);
        break;
      case 'sequence:missing': {
        const s = sequenceOf.get(`${c.schema}.${c.name}`);
        if (s) createSequenceFor(s, s.ownedBy ? (tableOf.get(s.ownedBy.slice(0, s.ownedBy.lastIndexOf('.'))) ?? null) : null);
        break;
      }
      case 'sequence:altered': {
        const s = sequenceOf.get(`${c.schema}.${c.name}`);
        if (!s) break;
        const attrs = Object.keys(c.expected ?? {});
        if (attrs.includes('owner')) ownerOf('SEQUENCE', s.schema, s.name, s.owner, kinds);
        if (attrs.some((a) => a !== 'ownedBy' && a !== 'owner')) add(PHASE.sequence, 'alter', object, ddl.alterSequence(s));
        if (attrs.includes('ownedBy')) add(PHASE.ownership, 'alter', object, ddl.sequenceOwnedBy(s) ?? `ALTER SEQUENCE ${qualifiedName(s.schema, s.name)} OWNED BY NONE`);
        break;
      }
      case 'sequence:unexpected':
        drop(PHASE.dropSequence, object, `DROP SEQUENCE IF EXISTS ${qualifiedName(c.schema, c.name)}`);
        break;
      case 'table:missing':
        if (t) {
          notes.push(`data lost: ${object} is absent; the repair recreates it empty`);
          createWholeTable(t);
        }
        break;
      case 'table:unexpected':
        drop(PHASE.dropTable, object, `DROP TABLE IF EXISTS ${qualifiedName(c.schema, c.name)}`);
        if (options.includeUnexpected) notes.push(`data lost: dropping ${object} deletes its rows`);
        break;
      case 'table:altered':
        if (t) alterTableProperties(t, liveT, Object.keys(c.expected ?? {}), kinds);
        break;
      case 'column:missing': {
        const col = t?.columns.find((x) => x.name === c.name);
        if (!t || !col) break;
        notes.push(`data lost: ${object} is absent; the repair adds it back without its former values`);
        for (const s of sequencesOwnedBy(`${t.schema}.${t.name}.${col.name}`)) createSequenceFor(s, t);
        const rows = options.liveRows?.get(tableKey);
        if (!col.nullable && col.default === null && !col.identity && !col.generated && rows !== 0) {
          notes.push(`${object} is NOT NULL without a default: it is added nullable; fill it, then run ALTER TABLE … ALTER COLUMN ${quoteIdent(col.name)} SET NOT NULL`);
          add(PHASE.column, 'create-missing', object, ddl.addColumn(t, { ...col, nullable: true }));
        } else {
          add(PHASE.column, 'create-missing', object, ddl.addColumn(t, col));
        }
        if (col.comment !== null) add(PHASE.comment, 'create-missing', object, ddl.commentOn('COLUMN', `${qualifiedName(t.schema, t.name)}.${quoteIdent(col.name)}`, col.comment));
        break;
      }
      case 'column:unexpected':
        drop(PHASE.dropColumn, object, ddl.alterTable({ schema: c.schema, name: c.table! }, `DROP COLUMN IF EXISTS ${quoteIdent(c.name)}`));
        if (options.includeUnexpected) notes.push(`data lost: dropping ${object} deletes its values`);
        break;
      case 'column:altered': {
        const col = t?.columns.find((x) => x.name === c.name);
        if (t && col) {
          alterColumn(t, col, c, add, notes);
          alterColumnProperties(t, col, new Set(Object.keys(c.expected ?? {})), kinds);
        }
        break;
      }
      case 'constraint:missing': {
        const con = t?.constraints.find((x) => x.name === c.name);
        if (t && con) createKeyOrCheck(t, con, createdTables.has(tableKey));
        break;
      }
      case 'constraint:altered': {
        const con = t?.constraints.find((x) => x.name === c.name);
        if (!t || !con) break;
        const attrs = Object.keys(c.expected ?? {});
        if (attrs.length === 1 && attrs[0] === 'validated' && con.validated) {
          add(con.type === 'foreign' ? PHASE.foreignKey : PHASE.check, 'alter', object, ddl.alterTable(t, `VALIDATE CONSTRAINT ${quoteIdent(con.name)}`));
          break;
        }
        const phase = con.type === 'foreign' ? PHASE.foreignKey : con.type === 'check' ? PHASE.check : PHASE.key;
        add(phase, 'alter', object, ddl.alterTable(t, `DROP CONSTRAINT IF EXISTS ${quoteIdent(con.name)}`));
        createKeyOrCheck(t, con, false);
        break;
      }
      case 'constraint:unexpected': {
        const con = liveT?.constraints.find((x) => x.name === c.name);
        drop(con?.type === 'foreign' ? PHASE.dropForeignKey : PHASE.dropConstraint, object, ddl.alterTable({ schema: c.schema, name: c.table! }, `DROP CONSTRAINT IF EXISTS ${quoteIdent(c.name)}`));
        break;
      }
      case 'index:missing': {
        if (t && !constraintIndexNames(t).has(c.name)) createIndexOf(t, c.name, createdTables.has(tableKey));
        const mv = !t ? viewOf.get(tableKey) : undefined;
        const mvIndex = mv?.indexes?.find((i) => i.name === c.name);
        if (mvIndex) add(PHASE.index, 'create-missing', `${c.schema}.${c.name}`, ddl.createIndex(mvIndex, true), false);
        break;
      }
      case 'index:altered':
        if (t && !constraintIndexNames(t).has(c.name)) {
          const concurrently = t.kind !== 'partitioned';
          add(PHASE.index, 'alter', `${c.schema}.${c.name}`, ddl.dropIndex(c.schema, c.name, concurrently), !concurrently);
          createIndexOf(t, c.name, false);
        }
        break;
      case 'index:unexpected': {
        const concurrently = liveT?.kind !== 'partitioned';
        if (!liveT || !constraintIndexNames(liveT).has(c.name)) drop(PHASE.dropIndex, `${c.schema}.${c.name}`, ddl.dropIndex(c.schema, c.name, concurrently), !concurrently);
        break;
      }
      case 'view:missing': {
        const v = viewOf.get(`${c.schema}.${c.name}`);
        if (v) add(PHASE.view, 'create-missing', object, ddl.createView(v));
        break;
      }
      case 'view:altered': {
        const v = viewOf.get(`${c.schema}.${c.name}`);
        const before = liveViewOf.get(`${c.schema}.${c.name}`);
        if (!v) break;
        const attrs = Object.keys(c.expected ?? {});
        const kind = v.materialized ? 'MATERIALIZED VIEW' : 'VIEW';
        if (attrs.includes('owner')) ownerOf(kind, v.schema, v.name, v.owner, kinds);
        if (attrs.includes('comment')) add(PHASE.comment, 'alter', object, ddl.commentOn(kind, qualifiedName(v.schema, v.name), v.comment ?? null));
        if (attrs.includes('options') && !v.materialized) {
          const want = v.options ?? [];
          const drop = (before?.options ?? []).map((o) => o.split('=')[0]).filter((k) => !want.some((w) => w.startsWith(`${k}=`)));
          if (drop.length) add(PHASE.view, 'alter', object, `ALTER VIEW ${qualifiedName(v.schema, v.name)} RESET (${drop.join(', ')})`);
          if (want.length) add(PHASE.view, 'alter', object, `ALTER VIEW ${qualifiedName(v.schema, v.name)} SET (${want.map((o) => o.replace('=', ' = ')).join(', ')})`);
        }
        if (!attrs.some((a) => a === 'definition' || a === 'materialized')) break;
        // CREATE OR REPLACE keeps dependants but cannot change a materialized view or drop columns: recreate then.
        if (v.materialized || before?.materialized !== v.materialized) {
          if (before) add(PHASE.view, 'alter', object, ddl.dropView(before));
          add(PHASE.view, 'alter', object, ddl.createView(v));
        } else {
          add(PHASE.view, 'alter', object, ddl.createView(v));
        }
        break;
      }
      case 'view:unexpected': {
        const v = liveViewOf.get(`${c.schema}.${c.name}`);
        drop(PHASE.dropView, object, ddl.dropView(v ?? { schema: c.schema, name: c.name, materialized: false }));
        break;
      }
      default:
        notes.push(`definition unknown: no repair for ${c.change} ${c.kind} ${object}`);
    }
  }

  const statements = out
    .map((s, i) => ({ s, i }))
    .sort((a, b) => a.s.phase - b.s.phase || a.i - b.i)
    .map(({ s: { phase: _phase, ...rest } }) => rest);
  return { statements, notes: [...new Set(notes)] };
}

function indexTables(model: SchemaModel): Map<string, Table> {
  return new Map(model.tables.map((t) => [`${t.schema}.${t.name}`, t]));
}

type Add = (phase: number, purpose: RepairPurpose, object: string, sql: string, transactional?: boolean) => void;

function notNullCheckName(t: Table, column: string): string {
  const name = `${t.name}_${column}_not_null`;
  return name.length <= 63 ? name : name.slice(0, 63);
}

/** One altered column: each differing attribute by its own statement, in the safe forms. */
function alterColumn(t: Table, col: Column, change: SchemaChange, add: Add, notes: string[]): void {
  const object = `${t.schema}.${t.name}.${col.name}`;
  const attrs = new Set(Object.keys(change.expected ?? {}));
  const column = quoteIdent(col.name);
  const at = (action: string) => add(PHASE.column, 'alter', object, ddl.alterTable(t, action));
  if (attrs.has('generated')) {
    notes.push(`cannot change the generation expression of ${object} in place on PostgreSQL 15: drop and re-add the column by hand`);
  }
  if (attrs.has('type') || attrs.has('collation')) {
    const collate = col.collation ? ` COLLATE ${quoteIdent(col.collation)}` : '';
    at(`ALTER COLUMN ${column} TYPE ${col.type}${collate} USING ${column}::${col.type}`);
    if (attrs.has('type')) notes.push(`${object}: values are converted with USING ${col.name}::${col.type}; check that every value converts`);
  }
  if (attrs.has('default') && !col.generated) at(col.default === null ? `ALTER COLUMN ${column} DROP DEFAULT` : `ALTER COLUMN ${column} SET DEFAULT ${col.default}`);
  if (attrs.has('identity')) {
    const before = change.actual?.identity ?? null;
    if (col.identity === null) at(`ALTER COLUMN ${column} DROP IDENTITY IF EXISTS`);
    else if (before === null) {
      const exists = `SELECT 1 FROM pg_attribute WHERE attrelid = '${qualifiedName(t.schema, t.name).replace(/'/g, "''")}'::regclass AND attname = '${col.name.replace(/'/g, "''")}' AND attidentity <> ''`;
      add(PHASE.column, 'alter', object, ddl.unlessExists(exists, ddl.alterTable(t, `ALTER COLUMN ${column} ADD GENERATED ${col.identity === 'always' ? 'ALWAYS' : 'BY DEFAULT'} AS IDENTITY`)));
    } else at(`ALTER COLUMN ${column} SET GENERATED ${col.identity === 'always' ? 'ALWAYS' : 'BY DEFAULT'}`);
  }
  if (attrs.has('nullable')) {
    if (col.nullable) at(`ALTER COLUMN ${column} DROP NOT NULL`);
    else {
      // A validated CHECK lets SET NOT NULL skip its full-table scan under ACCESS EXCLUSIVE.
      const check = quoteIdent(notNullCheckName(t, col.name));
      add(PHASE.column, 'alter', object, ddl.unlessExists(ddl.constraintExists(t, notNullCheckName(t, col.name)), ddl.alterTable(t, `ADD CONSTRAINT ${check} CHECK (${column} IS NOT NULL) NOT VALID`)));
      at(`VALIDATE CONSTRAINT ${check}`);
      at(`ALTER COLUMN ${column} SET NOT NULL`);
      at(`DROP CONSTRAINT IF EXISTS ${check}`);
    }
  }
  if (attrs.has('comment')) add(PHASE.comment, 'alter', object, ddl.commentOn('COLUMN', `${qualifiedName(t.schema, t.name)}.${column}`, col.comment));
}
