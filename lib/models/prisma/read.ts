import type { BlockAttribute, Datasource, Enum, Enumerator, Field, Model } from '@mrleebo/prisma-ast';
import { UserInputError } from '../../model/errors';
import type { ModelClass, ModelDdl, ModelStatement, ModelTableDdl, ModelUnresolved, ModelUnverified } from '../types';
import { argOf, fieldAttr, fieldList, isArrayValue, isFunc, lineOf, stringOf } from './ast';
import { foreignKeyName, indexName, primaryKeyName, uniqueIndexName } from './names';
import { parsePrismaFiles, type PrismaFile } from './parse';
import { prismaMajorVersion } from './version';
import { INDEX_TYPES, NATIVE_TYPES, REFERENTIAL_ACTIONS, SCALAR_TYPES, SERIAL_BASE, SERIAL_OF } from './types';

/**
 * schema.prisma → the DDL Prisma Migrate writes for PostgreSQL (same statements, same default names),
 * without the Prisma engine. Run in PGlite by buildModelSchema like the SQLAlchemy side.
 */

const q = (name: string) => `"${name.replace(/"/g, '""')}"`;
const lit = (s: string) => `'${s.replace(/'/g, "''")}'`;

interface EnumInfo {
  name: string;
  schema: string;
  dbName: string;
  /** Prisma value → database label (@map). */
  values: Map<string, string>;
  file: string;
  line: number;
}

interface ColumnInfo {
  field: string;
  column: string;
  /** As written in CREATE TABLE (SERIAL for autoincrement()). */
  sqlType: string;
  /** The type a column referencing this one gets (SERIAL → INTEGER). */
  refType: string;
  nullable: boolean;
  default: string | null;
  line: number;
}

interface ModelInfo {
  name: string;
  schema: string;
  table: string;
  file: string;
  line: number;
  model: Model;
  fields: Field[];
  attrs: BlockAttribute[];
  columns: Map<string, ColumnInfo>;
}

interface Context {
  file: string;
  unresolved: ModelUnresolved[];
  unverified: ModelUnverified[];
}

export async function readPrismaModels(target: string): Promise<ModelDdl> {
  const files = await parsePrismaFiles(target);
  const reader = new PrismaReader(files, await prismaMajorVersion(target));
  return reader.read();
}

class PrismaReader {
  private readonly unresolved: ModelUnresolved[] = [];
  private readonly unverified: ModelUnverified[] = [];
  private readonly enums = new Map<string, EnumInfo>();
  private readonly models = new Map<string, ModelInfo>();
  private relationMode = 'foreignKeys';
  private extensions: Array<{ name: string; file: string; line: number }> = [];

  constructor(private readonly files: PrismaFile[], private readonly prismaMajor: number | null) {}

  private note(file: string, line: number, message: string): void {
    this.unresolved.push({ file, line, message });
  }

  read(): ModelDdl {
    for (const f of this.files) for (const b of f.blocks) if (b.type === 'datasource') this.datasource(b, f.shown);
    for (const f of this.files) {
      for (const b of f.blocks) {
        if (b.type === 'enum') this.addEnum(b, f.shown);
        else if (b.type === 'model') this.addModel(b, f.shown);
        else if (b.type === 'type') this.note(f.shown, lineOf(b), `type ${b.name}: composite types exist only on MongoDB; ignored`);
      }
    }
    for (const m of this.models.values()) this.readColumns(m);

    const prelude: ModelStatement[] = [];
    const schemas = new Map<string, { file: string; line: number }>();
    for (const x of [...this.models.values(), ...this.enums.values()]) if (x.schema !== 'public' && !schemas.has(x.schema)) schemas.set(x.schema, { file: x.file, line: x.line });
    for (const [s, at] of [...schemas].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) prelude.push({ sql: `CREATE SCHEMA IF NOT EXISTS ${q(s)};`, ...at });
    for (const e of this.extensions) prelude.push({ sql: `CREATE EXTENSION IF NOT EXISTS ${q(e.name)};`, file: e.file, line: e.line });
    for (const e of this.enums.values()) {
      prelude.push({ sql: `CREATE TYPE ${q(e.schema)}.${q(e.dbName)} AS ENUM (${[...e.values.values()].map(lit).join(', ')});`, file: e.file, line: e.line });
    }

    const tables: ModelTableDdl[] = [];
    const epilogue: ModelStatement[] = [];
    const classes: ModelClass[] = [];
    for (const m of this.models.values()) {
      classes.push({ class: m.name, file: m.file, line: m.line, schema: m.schema, table: m.table, inheritsFrom: null });
      tables.push(this.tableDdl(m));
      epilogue.push(...this.foreignKeys(m));
    }
    const joins = this.implicitManyToMany();
    tables.push(...joins.tables);
    epilogue.push(...joins.foreignKeys);
    return { orm: 'prisma', models: classes, prelude, tables, epilogue, unresolved: this.unresolved, unverified: this.unverified };
  }

  private datasource(d: Datasource, file: string): void {
    for (const a of d.assignments) {
      if (a.type !== 'assignment') continue;
      const value = stringOf(a.value) ?? (typeof a.value === 'string' ? a.value : null);
      if (a.key === 'provider' && value !== null && value !== 'postgresql' && value !== 'postgres') {
        throw new UserInputError(`${file}:${lineOf(d)}: datasource provider is "${value}": Driftboard maps Prisma models to PostgreSQL only`);
      }
      if (a.key === 'relationMode' && value) this.relationMode = value;
      if (a.key === 'extensions' && isArrayValue(a.value)) {
        for (const e of a.value.args ?? []) {
          const name = typeof e === 'string' ? (stringOf(e) ?? e) : isFunc(e) ? e.name : null;
          if (name) this.extensions.push({ name, file, line: lineOf(d) });
          else this.note(file, lineOf(d), 'datasource extensions: an entry is not understood; not created for the comparison');
        }
      }
    }
  }

  private schemaOf(attrs: Array<{ name: string; args?: unknown }>): string {
    const s = attrs.find((a) => a.name === 'schema');
    return (s && stringOf(argOf(s as BlockAttribute, 'name', 0))) ?? 'public';
  }

  private addEnum(e: Enum, file: string): void {
    const attrs = e.enumerators.filter((x): x is BlockAttribute => x.type === 'attribute');
    const map = attrs.find((a) => a.name === 'map');
    const values = new Map<string, string>();
    for (const v of e.enumerators.filter((x): x is Enumerator => x.type === 'enumerator')) {
      const m = v.attributes?.find((a) => a.name === 'map');
      values.set(v.name, (m && stringOf(argOf(m, 'name', 0))) ?? v.name);
    }
    this.enums.set(e.name, { name: e.name, schema: this.schemaOf(attrs), dbName: (map && stringOf(argOf(map, 'name', 0))) ?? e.name, values, file, line: lineOf(e) });
  }

  private addModel(m: Model, file: string): void {
    const attrs = m.properties.filter((p): p is BlockAttribute => p.type === 'attribute');
    const fields = m.properties.filter((p): p is Field => p.type === 'field');
    if (attrs.some((a) => a.name === 'ignore')) {
      this.note(file, lineOf(m), `model ${m.name}: @@ignore: Prisma Migrate still manages the table, but its columns are read as declared`);
    }
    const map = attrs.find((a) => a.name === 'map');
    this.models.set(m.name, {
      name: m.name, schema: this.schemaOf(attrs), table: (map && stringOf(argOf(map, 'name', 0))) ?? m.name, file, line: lineOf(m), model: m, fields, attrs, columns: new Map(),
    });
  }

  private isRelation(f: Field): boolean {
    return typeof f.fieldType === 'string' && this.models.has(f.fieldType);
  }

  private readColumns(m: ModelInfo): void {
    const ctx: Context = { file: m.file, unresolved: this.unresolved, unverified: this.unverified };
    for (const f of m.fields) {
      if (this.isRelation(f)) continue;
      const column = stringOf(argOf(fieldAttr(f, 'map'), 'name', 0)) ?? f.name;
      const line = lineOf(f, m.line);
      const unverified = (attribute: string, reason: string) => {
        this.unverified.push({ kind: 'column', schema: m.schema, table: m.table, name: column, attribute, reason, file: ctx.file, line });
        this.note(ctx.file, line, `${m.name}.${f.name}: ${reason}`);
      };
      let base = this.columnType(f, unverified);
      const dflt = fieldAttr(f, 'default');
      const value = argOf(dflt, 'value', 0);
      let def: string | null = null;
      if (dflt && isFunc(value) && value.name === 'autoincrement') {
        const serial = SERIAL_OF[base];
        if (serial && !f.array) base = serial;
        else unverified('default', `autoincrement() on a ${base} column is not something Prisma Migrate writes; the default is not compared`);
      } else if (dflt) def = this.defaultSql(f, value, base, unverified);
      const sqlType = f.array ? `${base}[]` : base;
      // Prisma's scalar lists are nullable columns whatever the `?` says (lists cannot be optional).
      const nullable = f.array || f.optional === true;
      m.columns.set(f.name, { field: f.name, column, sqlType, refType: SERIAL_BASE[base] ?? sqlType, nullable, default: def, line });
    }
  }

  private columnType(f: Field, unverified: (attribute: string, reason: string) => void): string {
    if (isFunc(f.fieldType)) {
      const given = stringOf(f.fieldType.params?.[0]);
      if (f.fieldType.name === 'Unsupported' && given) return given;
      unverified('type', `type ${f.fieldType.name}(…) is not understood; the column's type is not compared`);
      return 'TEXT';
    }
    const e = this.enums.get(f.fieldType);
    if (e) return `${q(e.schema)}.${q(e.dbName)}`;
    const scalar = SCALAR_TYPES[f.fieldType];
    if (!scalar) {
      unverified('type', `type ${f.fieldType} is neither a Prisma scalar, an enum nor a model of this schema; the column's type is not compared`);
      return 'TEXT';
    }
    const native = f.attributes?.find((a) => a.group === 'db');
    if (!native) return scalar;
    const sql = NATIVE_TYPES[native.name];
    if (!sql) {
      unverified('type', `native type @db.${native.name} is not a PostgreSQL native type Driftboard knows; the column's type is not compared`);
      return scalar;
    }
    const args = (native.args ?? []).map((a) => String(a.value));
    return args.length > 0 ? `${sql}(${args.join(',')})` : sql;
  }

  /** `@default(...)` → the DEFAULT clause Prisma writes; client-side defaults (uuid(), cuid(), …) → none. */
  private defaultSql(f: Field, value: unknown, base: string, unverified: (attribute: string, reason: string) => void): string | null {
    if (isFunc(value)) {
      switch (value.name) {
        case 'now':
          return 'CURRENT_TIMESTAMP';
        case 'dbgenerated': {
          const expr = stringOf(value.params?.[0]);
          if (expr === null) unverified('default', 'dbgenerated() without an expression: the database default is not known');
          return expr === null || expr === '' ? null : expr;
        }
        case 'uuid':
        case 'cuid':
        case 'nanoid':
        case 'ulid':
          return null;
        default:
          unverified('default', `@default(${value.name}()) is not understood; the default is not compared`);
          return null;
      }
    }
    if (isArrayValue(value)) {
      const items = (value.args ?? []).map((v) => this.literalSql(f, v, unverified));
      if (items.some((i) => i === null)) return null;
      return `ARRAY[${items.join(', ')}]::${base}[]`;
    }
    return this.literalSql(f, value, unverified);
  }

  private literalSql(f: Field, value: unknown, unverified: (attribute: string, reason: string) => void): string | null {
    const type = typeof f.fieldType === 'string' ? f.fieldType : '';
    const e = this.enums.get(type);
    if (e && typeof value === 'string') {
      const label = e.values.get(value);
      if (label !== undefined) return lit(label);
      unverified('default', `@default(${value}) is not a value of enum ${e.name}; the default is not compared`);
      return null;
    }
    if (typeof value === 'boolean' || typeof value === 'number') return String(value);
    const s = stringOf(value);
    if (s !== null) {
      if (type === 'Bytes') return `'\\x${Buffer.from(s, 'base64').toString('hex')}'`;
      return lit(s);
    }
    if (typeof value === 'string' && /^(-?\d+(\.\d+)?([eE][+-]?\d+)?|true|false)$/.test(value)) return value;
    unverified('default', `@default(${JSON.stringify(value)}) is not understood; the default is not compared`);
    return null;
  }

  private columnNames(m: ModelInfo, fields: string[], line: number, what: string): string[] | null {
    const out: string[] = [];
    for (const f of fields) {
      const c = m.columns.get(f);
      if (!c) {
        this.note(m.file, line, `${m.name}: ${what} names ${f}, which is not a scalar field of the model; it is not compared`);
        return null;
      }
      out.push(c.column);
    }
    return out;
  }

  private tableDdl(m: ModelInfo): ModelTableDdl {
    const statements: ModelStatement[] = [];
    const table = `${q(m.schema)}.${q(m.table)}`;
    const lines = [...m.columns.values()].map((c) => `    ${q(c.column)} ${c.sqlType}${c.nullable ? '' : ' NOT NULL'}${c.default !== null ? ` DEFAULT ${c.default}` : ''}`);
    // Primary key: @id on a field, or @@id([...]).
    let pk: { columns: string[]; name: string } | null = null;
    for (const f of m.fields) {
      const id = fieldAttr(f, 'id');
      const c = m.columns.get(f.name);
      if (id && c) pk = { columns: [c.column], name: stringOf(argOf(id, 'map')) ?? primaryKeyName(m.table) };
    }
    const blockId = m.attrs.find((a) => a.name === 'id');
    if (blockId) {
      const list = fieldList(argOf(blockId, 'fields', 0));
      const cols = list && this.columnNames(m, list.map((x) => x.name), lineOf(blockId, m.line), '@@id');
      if (cols) pk = { columns: cols, name: stringOf(argOf(blockId, 'map')) ?? primaryKeyName(m.table) };
    }
    if (pk) lines.push('', `    CONSTRAINT ${q(pk.name)} PRIMARY KEY (${pk.columns.map(q).join(',')})`);
    statements.push({ sql: `CREATE TABLE ${table} (\n${lines.join(',\n').replace(',\n,\n', ',\n\n')}\n);`, file: m.file, line: m.line });

    const indexSql = (unique: boolean, name: string, parts: string[], using: string | null, where: string | null) =>
      `CREATE ${unique ? 'UNIQUE ' : ''}INDEX ${q(name)} ON ${table}${using ? ` USING ${using} ` : ''}(${parts.join(', ')})${where ? ` WHERE ${where}` : ''};`;
    for (const f of m.fields) {
      const u = fieldAttr(f, 'unique');
      const c = m.columns.get(f.name);
      if (!u || !c) continue;
      const sort = argOf(u, 'sort');
      statements.push({ sql: indexSql(true, stringOf(argOf(u, 'map')) ?? uniqueIndexName(m.table, [c.column]), [`${q(c.column)}${sort === 'Desc' ? ' DESC' : ''}`], null, null), file: m.file, line: lineOf(u, c.line) });
    }
    for (const a of m.attrs) {
      if (a.name !== 'unique' && a.name !== 'index') continue;
      const line = lineOf(a, m.line);
      const list = fieldList(argOf(a, 'fields', 0));
      if (!list) {
        this.note(m.file, line, `${m.name}: @@${a.name} fields are not understood; the index is not compared`);
        continue;
      }
      const cols = this.columnNames(m, list.map((x) => x.name), line, `@@${a.name}`);
      if (!cols) continue;
      const parts = list.map((x, i) => `${q(cols[i])}${this.opsOf(x.ops, m, line)}${x.sort === 'Desc' ? ' DESC' : ''}`);
      const unique = a.name === 'unique';
      const type = argOf(a, 'type');
      const using = typeof type === 'string' ? (INDEX_TYPES[type] ?? null) : null;
      if (typeof type === 'string' && !using) this.note(m.file, line, `${m.name}: @@index type ${type} is not known; the index is read as a B-tree`);
      const whereArg = argOf(a, 'where');
      const where = whereArg === undefined ? null : isFunc(whereArg) && whereArg.name === 'raw' ? stringOf(whereArg.params?.[0]) : null;
      if (whereArg !== undefined && where === null) this.note(m.file, line, `${m.name}: @@${a.name} where: is not understood; the index is compared without it`);
      const given = stringOf(argOf(a, 'map')) ?? (unique ? null : stringOf(argOf(a, 'name')));
      const name = given ?? (unique ? uniqueIndexName(m.table, cols) : indexName(m.table, cols));
      statements.push({ sql: indexSql(unique, name, parts, using === 'BTREE' ? null : using, where), file: m.file, line });
    }
    return { schema: m.schema, table: m.table, statements };
  }

  /** `ops: JsonbPathOps` / `ops: raw("…")` → the operator class after the column. */
  private opsOf(ops: unknown, m: ModelInfo, line: number): string {
    if (ops === undefined) return '';
    if (isFunc(ops) && ops.name === 'raw') return ` ${stringOf(ops.params?.[0]) ?? ''}`;
    if (typeof ops === 'string') return ` ${ops.replace(/Ops$/, '_ops').replace(/MinMax/g, 'Minmax').replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase()}`;
    this.note(m.file, line, `${m.name}: an index operator class is not understood; compared without it`);
    return '';
  }

  private foreignKeys(m: ModelInfo): ModelStatement[] {
    if (this.relationMode === 'prisma') return [];
    const out: ModelStatement[] = [];
    for (const f of m.fields) {
      if (!this.isRelation(f)) continue;
      const rel = fieldAttr(f, 'relation');
      const fields = fieldList(argOf(rel, 'fields'));
      if (!rel || !fields) continue;
      const line = lineOf(f, m.line);
      const target = this.models.get(f.fieldType as string)!;
      const refs = fieldList(argOf(rel, 'references'));
      const cols = this.columnNames(m, fields.map((x) => x.name), line, `@relation fields of ${f.name}`);
      const refCols = refs && this.columnNames(target, refs.map((x) => x.name), line, `@relation references of ${m.name}.${f.name}`);
      if (!cols || !refCols) continue;
      const action = (key: string, fallback: string): string => {
        const v = argOf(rel, key);
        if (typeof v === 'string' && REFERENTIAL_ACTIONS[v]) return REFERENTIAL_ACTIONS[v];
        if (v !== undefined) this.note(m.file, line, `${m.name}.${f.name}: ${key}: ${String(v)} is not a referential action; Prisma's default is assumed`);
        return fallback;
      };
      // Prisma's defaults: a required relation restricts deletes, an optional one nulls the reference.
      const onDelete = action('onDelete', f.optional ? 'SET NULL' : 'RESTRICT');
      const onUpdate = action('onUpdate', 'CASCADE');
      const name = stringOf(argOf(rel, 'map')) ?? foreignKeyName(m.table, cols);
      out.push({
        sql: `ALTER TABLE ${q(m.schema)}.${q(m.table)} ADD CONSTRAINT ${q(name)} FOREIGN KEY (${cols.map(q).join(', ')}) REFERENCES ${q(target.schema)}.${q(target.table)}(${refCols.map(q).join(', ')}) ON DELETE ${onDelete} ON UPDATE ${onUpdate};`,
        file: m.file,
        line,
      });
    }
    return out;
  }

  private relationName(f: Field): string | null {
    return stringOf(argOf(fieldAttr(f, 'relation'), 'name', 0));
  }

  /** Implicit m-n relations (a list on both sides, no `fields`) → the `_AToB` table Prisma creates. */
  private implicitManyToMany(): { tables: ModelTableDdl[]; foreignKeys: ModelStatement[] } {
    const tables: ModelTableDdl[] = [];
    const foreignKeys: ModelStatement[] = [];
    const done = new Set<string>();
    for (const m of this.models.values()) {
      for (const f of m.fields) {
        if (!this.isRelation(f) || !f.array || fieldList(argOf(fieldAttr(f, 'relation'), 'fields'))) continue;
        const other = this.models.get(f.fieldType as string)!;
        const name = this.relationName(f);
        const back = other.fields.find((g) => g !== f && g.fieldType === m.name && this.relationName(g) === name);
        if (!back || !back.array) continue;
        const [a, b] = [m, other].sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
        const joinName = `_${name ?? `${a.name}To${b.name}`}`;
        const key = `${a.schema}.${joinName}`;
        if (done.has(key)) continue;
        done.add(key);
        const line = lineOf(f, m.line);
        const idOf = (x: ModelInfo): ColumnInfo | null => {
          const ids = x.fields.filter((g) => fieldAttr(g, 'id')).map((g) => x.columns.get(g.name)).filter((c): c is ColumnInfo => !!c);
          return ids.length === 1 ? ids[0] : null;
        };
        const ia = idOf(a);
        const ib = idOf(b);
        if (!ia || !ib) {
          this.note(m.file, line, `${m.name}.${f.name}: an implicit many-to-many relation needs a single-field @id on both models; ${joinName} is not compared`);
          continue;
        }
        const table = `${q(a.schema)}.${q(joinName)}`;
        const legacy = this.prismaMajor !== null && this.prismaMajor < 6;
        // Prisma 6 made the (A, B) pair the primary key; earlier versions used a unique index.
        const create = `CREATE TABLE ${table} (\n    "A" ${ia.refType} NOT NULL,\n    "B" ${ib.refType} NOT NULL${legacy ? '' : `,\n\n    CONSTRAINT ${q(`${joinName}_AB_pkey`)} PRIMARY KEY ("A","B")`}\n);`;
        const statements: ModelStatement[] = [{ sql: create, file: m.file, line }];
        if (legacy) statements.push({ sql: `CREATE UNIQUE INDEX ${q(`${joinName}_AB_unique`)} ON ${table}("A", "B");`, file: m.file, line });
        statements.push({ sql: `CREATE INDEX ${q(`${joinName}_B_index`)} ON ${table}("B");`, file: m.file, line });
        tables.push({ schema: a.schema, table: joinName, statements });
        if (this.relationMode === 'prisma') continue;
        for (const [col, x, id] of [['A', a, ia], ['B', b, ib]] as const) {
          foreignKeys.push({
            sql: `ALTER TABLE ${table} ADD CONSTRAINT ${q(`${joinName}_${col}_fkey`)} FOREIGN KEY ("${col}") REFERENCES ${q(x.schema)}.${q(x.table)}(${q(id.column)}) ON DELETE CASCADE ON UPDATE CASCADE;`,
            file: m.file,
            line,
          });
        }
      }
    }
    return { tables, foreignKeys };
  }
}
