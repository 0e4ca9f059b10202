import { displayPath } from '../../config/load';
import { callOf, isCall, readColumn } from '../../migrations/alembic/columns';
import { type TypeResolver, withTypeResolver } from '../../migrations/alembic/project-types';
import { baseName, evalPy, lineOf, type PyValue, strOf } from '../../migrations/alembic/py-value';
import type { PyNode } from '../../migrations/alembic/python-parser';
import { NotUnderstood, type RenderedType, renderType } from '../../migrations/alembic/sql-render';
import type { ModelClass } from '../types';
import {
  type Ann,
  type BaseInfo,
  type Call,
  type ColumnEntry,
  DEFAULT_BASE,
  isCollection,
  MAPPED_COLUMN_ONLY,
  mappedInner,
  type Marker,
  ModelReader,
  NOT_COLUMNS,
  parseAnnotation,
  PYTHON_TYPES,
  type ReadResult,
  SQLMODEL_TYPES,
  type TableEntry,
  unwrapOptional,
} from './read';
import type { ClassMember, PyClass, PyModule } from './scan';

const str = (value: string, node: PyNode): PyValue => ({ kind: 'str', value, node });
const bool = (value: boolean, node: PyNode): PyValue => ({ kind: 'bool', value, node });
const name = (n: string, node: PyNode): PyValue => ({ kind: 'name', name: n, node });
const call = (func: string, args: PyValue[], kwargs: Map<string, PyValue>, node: PyNode): Call => ({ kind: 'call', func, receiver: null, args, kwargs, node });

/** Flask-SQLAlchemy 3's camel_to_snake_case. */
export function snakeCase(n: string): string {
  return n.replace(/((?<=[a-z0-9])[A-Z]|(?!^)[A-Z](?=[a-z]))/g, '_$1').toLowerCase().replace(/^_+/, '');
}

const COLUMN_FUNCS = ['Column', 'mapped_column'];
const COLUMN_ARG_CALLS = ['ForeignKey', 'Identity', 'Computed', 'CheckConstraint', 'Sequence'];

interface Mapping {
  cls: PyClass;
  markers: Set<Marker>;
  info: BaseInfo;
  mro: PyClass[];
  /** The nearest mapped ancestor (inheritance), else null. */
  parent: Mapping | null;
  entry: TableEntry | null;
}

/** Reads every mapped class and module-level Table(...) into table entries. */
export function readTables(modules: PyModule[], resolvers: Map<PyModule, TypeResolver | null>): ReadResult & { rendered: Map<PyValue, RenderedType> } {
  const reader = new ModelReader(modules);
  const ctx = new Context(reader, resolvers);
  const classes = modules.flatMap((m) => [...m.classes.values()]);
  for (const c of classes) ctx.mapping(c);
  for (const m of modules) ctx.moduleTables(m);
  const tables = [...ctx.tables.values()].sort((a, b) => ((a.schema ?? '') + '.' + a.name < (b.schema ?? '') + '.' + b.name ? -1 : 1));
  return { tables, models: ctx.models, unresolved: reader.unresolved, unverified: reader.unverified, rendered: ctx.rendered };
}

class Context {
  readonly tables = new Map<string, TableEntry>();
  /** Every mapped class, including several for one table (reported as duplicates). */
  readonly models: ModelClass[] = [];
  private readonly memo = new Map<PyClass, Mapping | null>();
  /** Column type values → their rendering, each under its own file's TypeResolver (mixins live elsewhere). */
  readonly rendered = new Map<PyValue, RenderedType>();
  private readonly typeFailures = new Map<PyValue, string>();

  constructor(
    private readonly reader: ModelReader,
    private readonly resolvers: Map<PyModule, TypeResolver | null>,
  ) {}

  mapping(cls: PyClass): Mapping | null {
    if (this.memo.has(cls)) return this.memo.get(cls)!;
    this.memo.set(cls, null); // cycles
    const result = this.computeMapping(cls);
    this.memo.set(cls, result);
    return result;
  }

  private computeMapping(cls: PyClass): Mapping | null {
    if (this.reader.isEnumClass(cls)) return null;
    const { classes, markers, info } = this.reader.mro(cls);
    if (markers.size === 0) return null;
    // The declarative Base itself (`class Base(DeclarativeBase)`) is not mapped.
    if (cls.bases.some((b) => ['DeclarativeBase', 'DeclarativeBaseNoMeta'].includes(baseName(b.text)))) return null;
    if (literalMember(cls, '__abstract__')?.kind === 'bool' && (literalMember(cls, '__abstract__') as { value: boolean }).value) return null;
    if (markers.has('sqlmodel') && !markers.has('declarative') && !markers.has('flask')) {
      const table = cls.keywords.get('table');
      if (table?.type !== 'true') return null;
    }
    let parent: Mapping | null = null;
    for (const c of classes.slice(1)) {
      const m = this.mapping(c);
      if (m) {
        parent = m;
        break;
      }
    }
    const mapping: Mapping = { cls, markers, info: info ?? DEFAULT_BASE, mro: classes, parent, entry: null };
    const contributing = parent ? classes.filter((c) => c !== parent!.cls && !parent!.mro.includes(c)) : classes;
    const file = cls.module.shown;
    const tn = this.tableName(mapping, contributing);
    const model: ModelClass = { class: cls.name, file, line: cls.line, schema: '', table: null, inheritsFrom: null };
    this.models.push(model);
    if (tn === undefined) {
      // Single-table inheritance: the columns go to the parent's table.
      if (parent?.entry) {
        mapping.entry = parent.entry;
        model.schema = parent.entry.schema ?? 'public';
        model.table = parent.entry.name;
        model.inheritsFrom = parent.cls.name;
        this.addColumns(mapping, contributing, parent.entry, true);
      } else if (!parent) {
        this.reader.note(file, cls.line, `${cls.name} has no __tablename__ (and no mapped parent): its table is not known`);
      } else {
        this.reader.note(file, cls.line, `${cls.name} inherits from ${parent.cls.name}, whose table is not known`);
      }
      return mapping;
    }
    if (tn === null) return mapping; // reported by tableName
    const args = this.tableArgs(contributing, mapping);
    const schema = args.schema ?? mapping.info.schema;
    model.schema = schema ?? 'public';
    model.table = tn;
    const key = `${schema ?? 'public'}.${tn}`;
    let entry = this.tables.get(key);
    if (!entry) {
      entry = { schema, name: tn, classes: [], file, line: cls.line, columns: new Map(), constraints: [], indexes: [], comment: args.comment, convention: mapping.info.convention };
      this.tables.set(key, entry);
    }
    entry.classes.push(model);
    mapping.entry = entry;
    this.addColumns(mapping, contributing, entry, false);
    for (const item of args.items) this.addTableItem(entry, item, cls.module, mapping);
    return mapping;
  }

  /** The table name; undefined = single-table inheritance; null = not known (reported). */
  private tableName(m: Mapping, contributing: PyClass[]): string | null | undefined {
    for (const c of contributing) {
      const member = c.members.find((x) => x.name === '__tablename__');
      if (!member) continue;
      const value = member.kind === 'assign' ? member.value : member.returns;
      const v = value ? evalPy(value, c.module.scope) : null;
      if (v?.kind === 'str') return v.value;
      if (v?.kind === 'none') return undefined;
      this.reader.note(c.module.shown, member.line, `${m.cls.name}: __tablename__ is computed (${(value?.text ?? 'a function body').split('\n')[0]}); its table cannot be resolved statically`);
      return null;
    }
    const own = m.cls.members.find((x) => x.name === '__table__');
    if (own && own.kind === 'assign' && own.value) {
      const v = evalPy(own.value, m.cls.module.scope);
      if (isCall(v, 'Table') && strOf(v.args[0])) return strOf(v.args[0]);
    }
    if (m.markers.has('sqlmodel') && !m.markers.has('flask')) return m.cls.name.toLowerCase();
    if (m.markers.has('flask')) {
      if (!m.parent) return snakeCase(m.cls.name);
      const ownPk = this.columnMembers(m.cls, m).some((x) => x.primaryKey);
      return ownPk ? snakeCase(m.cls.name) : undefined;
    }
    return m.parent ? undefined : null;
  }

  private tableArgs(contributing: PyClass[], m: Mapping): { schema: string | null; comment: string | null; items: Array<{ v: PyValue; line: number }> } {
    const out = { schema: null as string | null, comment: null as string | null, items: [] as Array<{ v: PyValue; line: number }> };
    const own = m.cls.members.find((x) => x.name === '__table__');
    if (own && own.kind === 'assign' && own.value) {
      const v = evalPy(own.value, m.cls.module.scope);
      if (isCall(v, 'Table')) {
        out.schema = strOf(v.kwargs.get('schema'));
        out.items = v.args.slice(2).map((a) => ({ v: a, line: lineOf(a.node) }));
      }
      return out;
    }
    for (const c of contributing) {
      const member = c.members.find((x) => x.name === '__table_args__');
      if (!member) continue;
      const value = member.kind === 'assign' ? member.value : member.returns;
      const v = value ? evalPy(value, c.module.scope) : null;
      const dict = v?.kind === 'dict' ? v : v?.kind === 'seq' && v.items.at(-1)?.kind === 'dict' ? v.items.at(-1)! : null;
      if (!v || (v.kind !== 'dict' && v.kind !== 'seq')) {
        this.reader.note(c.module.shown, member.line, `${m.cls.name}: __table_args__ is computed; its schema, constraints and indexes are not known`);
        return out;
      }
      if (dict?.kind === 'dict') {
        for (const [k, val] of dict.entries) {
          const key = strOf(k);
          if (key === 'schema') {
            out.schema = strOf(val);
            if (out.schema === null && val.kind !== 'none') this.reader.note(c.module.shown, lineOf(val.node), `${m.cls.name}: __table_args__ schema is not a literal; the table's schema cannot be resolved`);
          } else if (key === 'comment') out.comment = strOf(val);
        }
      }
      if (v.kind === 'seq') for (const item of v.items) if (item.kind !== 'dict') out.items.push({ v: item, line: lineOf(item.node) });
      return out;
    }
    return out;
  }

  private addTableItem(entry: TableEntry, item: { v: PyValue; line: number }, mod: PyModule, m: Mapping | null): void {
    const v: PyValue = this.columnRefs(item.v, entry);
    const col = callOf(v, 'Column', 'mapped_column');
    if (isCall(v, 'Index')) entry.indexes.push({ call: v, line: item.line });
    else if (isCall(v, 'UniqueConstraint', 'CheckConstraint', 'PrimaryKeyConstraint', 'ForeignKeyConstraint')) entry.constraints.push({ call: v, line: item.line });
    else if (col && m === null) {
      const colName = strOf(col.args[0]);
      if (colName) entry.columns.set(colName, this.checkedColumn(col, colName, mod, entry.schema, entry.name, item.line));
    } else this.reader.note(mod.shown, item.line, `${entry.name}: table argument ${item.v.node.text.split('\n')[0].slice(0, 80)} is not understood`);
  }

  /** Bare names in constraint/index arguments that refer to columns of the class become column names. */
  private columnRefs(v: PyValue, entry: TableEntry): PyValue {
    if (v.kind !== 'call') return v;
    const fix = (a: PyValue): PyValue => {
      if (a.kind === 'name') {
        const attr = a.name.includes('.') ? a.name.slice(a.name.lastIndexOf('.') + 1) : a.name;
        for (const [col, c] of entry.columns) if ((c as ColumnEntry & { attr?: string }).attr === attr || col === attr) return str(col, a.node);
        return a;
      }
      if (a.kind === 'call' && !a.receiver && /(^|\.)func\./.test(a.func)) {
        const fn = a.func.slice(a.func.indexOf('func.') + 5);
        const inner = a.args.map((x) => {
          const f = fix(x);
          return f.kind === 'str' ? f.value : f.kind === 'num' ? f.text : null;
        });
        if (inner.every((x) => x !== null)) return call('text', [str(`${fn}(${inner.join(', ')})`, a.node)], new Map(), a.node);
        return a;
      }
      if (a.kind === 'call' && a.receiver && ['.desc', '.asc'].includes(a.func)) {
        const f = fix(a.receiver);
        if (f.kind === 'str') return call('text', [str(`${f.value} ${a.func.slice(1).toUpperCase()}`, a.node)], new Map(), a.node);
      }
      if (a.kind === 'seq') return { ...a, items: a.items.map(fix) };
      return a;
    };
    return { ...v, args: v.args.map(fix) };
  }

  /** Module-level `Table("name", metadata, Column(...), ...)`. */
  moduleTables(mod: PyModule): void {
    for (const [varName, node] of mod.assigned) {
      const v = evalPy(node, mod.scope);
      if (!isCall(v, 'Table')) continue;
      const tn = strOf(v.args[0]);
      const line = lineOf(node);
      if (tn === null) {
        this.reader.note(mod.shown, line, `Table ${varName}: the table name is not a literal; the table cannot be resolved statically`);
        continue;
      }
      const md = v.args[1];
      const info = md ? this.metadataOf(md, mod) : DEFAULT_BASE;
      const schema = strOf(v.kwargs.get('schema')) ?? info.schema;
      const key = `${schema ?? 'public'}.${tn}`;
      const model: ModelClass = { class: `Table(${varName})`, file: mod.shown, line, schema: schema ?? 'public', table: tn, inheritsFrom: null };
      this.models.push(model);
      let entry = this.tables.get(key);
      if (!entry) {
        entry = { schema, name: tn, classes: [], file: mod.shown, line, columns: new Map(), constraints: [], indexes: [], comment: strOf(v.kwargs.get('comment')), convention: info.convention };
        this.tables.set(key, entry);
      }
      entry.classes.push(model);
      for (const item of v.args.slice(2)) this.addTableItem(entry, { v: item, line: lineOf(item.node) }, mod, null);
    }
  }

  private metadataOf(md: PyValue, mod: PyModule): BaseInfo {
    // `Base.metadata` → the Base's info; `metadata` → a MetaData(...) variable.
    if (md.kind === 'name' && md.name.endsWith('.metadata')) {
      const r = this.reader.resolveName(mod, md.name.slice(0, -'.metadata'.length));
      if (r?.cls) return this.reader.mro(r.cls).info ?? DEFAULT_BASE;
      if (r?.value) {
        const v = evalPy(r.value.node, r.value.mod.scope);
        if (v.kind === 'call') return this.reader.metadataInfo(v.kwargs.get('metadata'), r.value.mod);
      }
      return DEFAULT_BASE;
    }
    return this.reader.metadataInfo(md, mod);
  }

  /** Column declarations of one class body. */
  private columnMembers(cls: PyClass, m: Mapping): Array<{ member: ClassMember; call: Call; primaryKey: boolean }> {
    const out: Array<{ member: ClassMember; call: Call; primaryKey: boolean }> = [];
    for (const member of cls.members) {
      if (/^__.*__$/.test(member.name) || ['metadata', 'type_annotation_map', 'registry', 'query', 'query_class'].includes(member.name)) continue;
      const c = this.columnCall(cls, member, m);
      if (c) out.push({ member, call: c, primaryKey: c.kwargs.get('primary_key')?.kind === 'bool' && (c.kwargs.get('primary_key') as { value: boolean }).value });
    }
    return out;
  }

  private addColumns(m: Mapping, contributing: PyClass[], entry: TableEntry, sti: boolean): void {
    const seen = new Set<string>();
    for (const c of contributing) {
      for (const { member, call: col } of this.columnMembers(c, m)) {
        if (seen.has(member.name)) continue; // MRO: the first class that declares an attribute wins
        seen.add(member.name);
        const colName = strOf(col.args[0])!;
        if (sti && entry.columns.has(colName)) continue;
        const checked = this.checkedColumn(col, colName, c.module, entry.schema, entry.name, member.line) as ColumnEntry & { attr?: string };
        checked.attr = member.name;
        entry.columns.set(colName, checked);
      }
    }
  }

  /** A `Column('name', Type, ...)` call for one class attribute, or null when it maps no column. */
  private columnCall(cls: PyClass, member: ClassMember, m: Mapping): Call | null {
    const mod = cls.module;
    const valueNode = member.kind === 'assign' ? member.value : member.returns;
    const ann = member.kind === 'assign' && member.annotation ? parseAnnotation(member.annotation) : null;
    const value = valueNode ? evalPy(valueNode, mod.scope) : null;
    const node = member.node;
    const sqlmodel = m.markers.has('sqlmodel') && !m.markers.has('flask') && !m.markers.has('declarative');
    if (value?.kind === 'call' && !value.receiver && NOT_COLUMNS.has(baseName(value.func))) return null;
    if (value?.kind === 'call' && !value.receiver && baseName(value.func) === 'Column') return withName(value, member.name);
    const mappedAnn = ann ? mappedInner(ann) : null;
    if (value?.kind === 'call' && !value.receiver && baseName(value.func) === 'mapped_column') {
      return this.fromMapped(withName(value, member.name), mappedAnn, mod, m, node);
    }
    if (sqlmodel && ann && !mappedAnn) {
      if (value?.kind === 'call' && baseName(value.func) === 'Relationship') return null;
      if (isCollection(ann) || this.isMappedClassAnn(ann, mod)) return null;
      return this.fromField(member.name, ann, value?.kind === 'call' && baseName(value.func) === 'Field' ? value : null, mod, m, node);
    }
    if (mappedAnn && (value === null || value.kind !== 'call' || value.receiver)) {
      // `x: Mapped[int]` or a dataclass-style default: an implicit mapped_column().
      if (isCollection(mappedAnn) || this.isMappedClassAnn(mappedAnn, mod)) return null;
      return this.fromMapped(call('mapped_column', [str(member.name, node)], new Map(), node), mappedAnn, mod, m, node);
    }
    return null;
  }

  private isMappedClassAnn(ann: Ann, mod: PyModule): boolean {
    const inner = unwrapOptional(ann).inner;
    if (inner.kind !== 'name') return false;
    const r = this.reader.resolveName(mod, inner.name);
    return !!r?.cls && !this.reader.isEnumClass(r.cls) && this.mapping(r.cls) !== null;
  }

  /** `mapped_column(...)` with the annotation supplying the type and the nullability. */
  private fromMapped(c: Call, ann: Ann | null, mod: PyModule, m: Mapping, node: PyNode): Call {
    const kwargs = new Map(c.kwargs);
    let args = [...c.args];
    let optional = false;
    if (ann) {
      const u = unwrapOptional(ann);
      optional = u.optional;
      let inner = u.inner;
      // Annotated[T, mapped_column(...)] (directly or through an alias): its arguments are defaults.
      const expanded = this.expandAnnotated(inner, mod);
      inner = expanded.type;
      optional ||= expanded.optional;
      for (const extra of expanded.columns) {
        for (const [k, v] of extra.kwargs) if (!kwargs.has(k)) kwargs.set(k, v);
        args = [...args, ...extra.args.filter((a) => isCall(a, ...COLUMN_ARG_CALLS))];
      }
      if (!hasType(args)) {
        const t = this.typeOfAnn(expanded.alias ?? inner, inner, mod, m.info, PYTHON_TYPES, node);
        if (t) args.splice(1, 0, t);
      }
    }
    for (const k of MAPPED_COLUMN_ONLY) {
      if (k === 'insert_default' && kwargs.has(k) && !kwargs.has('default')) kwargs.set('default', kwargs.get(k)!);
      kwargs.delete(k);
    }
    if (!kwargs.has('nullable')) {
      const pk = kwargs.get('primary_key');
      if (!(pk?.kind === 'bool' && pk.value)) kwargs.set('nullable', bool(optional, node));
    }
    return call('Column', args, kwargs, c.node);
  }

  /** SQLModel `x: T = Field(...)`. */
  private fromField(attr: string, ann: Ann, field: Call | null, mod: PyModule, m: Mapping, node: PyNode): Call | null {
    const kw = field?.kwargs ?? new Map<string, PyValue>();
    const saColumn = kw.get('sa_column');
    if (saColumn && isCall(saColumn, 'Column')) return withName(saColumn, attr);
    const u = unwrapOptional(ann);
    const kwargs = new Map<string, PyValue>();
    const args: PyValue[] = [str(attr, node)];
    const saType = kw.get('sa_type');
    if (saType) args.push(saType);
    else {
      let t = this.typeOfAnn(u.inner, u.inner, mod, m.info, SQLMODEL_TYPES, node);
      const maxLen = kw.get('max_length');
      if (t && maxLen?.kind === 'num' && t.kind === 'name' && baseName(t.name) === 'AutoString') t = call('AutoString', [maxLen], new Map(), node);
      const digits = kw.get('max_digits');
      if (t && t.kind === 'name' && baseName(t.name) === 'Numeric' && digits) t = call('Numeric', [digits, kw.get('decimal_places') ?? { kind: 'none', node }], new Map(), node);
      if (t) args.push(t);
    }
    const fk = strOf(kw.get('foreign_key'));
    if (fk) {
      const fkKw = new Map<string, PyValue>();
      const od = kw.get('ondelete');
      if (od) fkKw.set('ondelete', od);
      args.push(call('ForeignKey', [str(fk, node)], fkKw, node));
    }
    const pk = kw.get('primary_key');
    const isPk = pk?.kind === 'bool' && pk.value;
    if (isPk) kwargs.set('primary_key', pk!);
    for (const k of ['index', 'unique']) if (kw.get(k)?.kind === 'bool') kwargs.set(k, kw.get(k)!);
    const nullable = kw.get('nullable');
    kwargs.set('nullable', nullable?.kind === 'bool' ? nullable : bool(!isPk && u.optional, node));
    const extra = kw.get('sa_column_kwargs');
    if (extra?.kind === 'dict') for (const [k, v] of extra.entries) if (strOf(k)) kwargs.set(strOf(k)!, v);
    if (kw.has('default') || kw.has('default_factory')) kwargs.set('default', kw.get('default') ?? kw.get('default_factory')!);
    return call('Column', args, kwargs, node);
  }

  private expandAnnotated(ann: Ann, mod: PyModule, depth = 0): { type: Ann; alias: Ann | null; optional: boolean; columns: Call[] } {
    if (ann.kind !== 'name' || depth > 4) return { type: ann, alias: null, optional: false, columns: [] };
    if (baseName(ann.name) === 'Annotated' && ann.args.length > 0) {
      const u = unwrapOptional(ann.args[0]);
      const inner = this.expandAnnotated(u.inner, mod, depth + 1);
      const columns = [...inner.columns];
      for (const extra of ann.args.slice(1)) {
        if (extra.kind !== 'expr') continue;
        const v = evalPy(extra.node, mod.scope);
        if (isCall(v, 'mapped_column')) columns.push(v);
      }
      return { type: inner.type, alias: null, optional: u.optional || inner.optional, columns };
    }
    if (ann.args.length === 0) {
      const r = this.reader.resolveName(mod, ann.name);
      if (r?.value && (r.value.node.type === 'subscript' || r.value.node.type === 'generic_type')) {
        const target = parseAnnotation(r.value.node);
        const out = this.expandAnnotated(target, r.value.mod, depth + 1);
        return { ...out, alias: ann };
      }
    }
    return { type: ann, alias: null, optional: false, columns: [] };
  }

  /** The SQLAlchemy type of a Python annotation: type_annotation_map, enum classes, then the defaults. */
  private typeOfAnn(alias: Ann, ann: Ann, mod: PyModule, info: BaseInfo, defaults: Record<string, string>, node: PyNode): PyValue | null {
    for (const a of [alias, ann]) {
      if (a.kind === 'name' && info.typeMap.has(baseName(a.name))) return info.typeMap.get(baseName(a.name))!;
    }
    if (ann.kind === 'name') {
      const enumCls = this.reader.enumClass(mod, ann.name);
      if (enumCls) return this.enumType(call('Enum', [name(ann.name, node)], new Map(), node), enumCls, mod);
      const t = defaults[baseName(ann.name)];
      if (t && ann.args.length === 0) return name(t, node);
    }
    return null;
  }

  /** `Enum(PyEnumClass, ...)` → `Enum('A', 'B', name='pyenumclass', ...)`: labels are member names. */
  private enumType(c: Call, cls: PyClass, mod: PyModule): PyValue {
    const members = cls.members.filter((x): x is ClassMember & { kind: 'assign' } => x.kind === 'assign' && !x.name.startsWith('_'));
    const kwargs = new Map(c.kwargs);
    let labels = members.map((x) => str(x.name, x.node));
    if (kwargs.has('values_callable')) {
      const values = members.map((x) => (x.value ? evalPy(x.value, mod.scope) : null));
      if (values.every((v) => v?.kind === 'str')) labels = values as PyValue[];
      else this.reader.note(mod.shown, lineOf(c.node), `Enum(${cls.name}, values_callable=...): member values are not string literals; labels are not known`);
      kwargs.delete('values_callable');
    }
    if (!kwargs.has('name')) kwargs.set('name', str(cls.name.toLowerCase(), c.node));
    for (const k of ['create_constraint', 'validate_strings', 'length', 'inherit_schema', 'metadata', 'omit_aliases']) if (k !== 'length') kwargs.delete(k);
    return call('Enum', labels, kwargs, c.node);
  }

  /**
   * Resolves the column's type (enum classes, project types) and drops what the DDL does not need. A
   * type that cannot be resolved becomes a placeholder, reported as an unverified attribute.
   */
  private checkedColumn(c: Call, colName: string, mod: PyModule, schema: string | null, table: string, line: number): ColumnEntry {
    const args = [...c.args];
    const kwargs = new Map(c.kwargs);
    const unverified = (attribute: string, reason: string) =>
      this.reader.unverified.push({ kind: 'column', schema, table, name: colName, attribute, reason, file: mod.shown, line });
    const typeAt = args.findIndex((a, i) => i > 0 && !isCall(a, ...COLUMN_ARG_CALLS) && a.kind !== 'str');
    if (kwargs.has('type_') && typeAt < 0) {
      args.splice(1, 0, kwargs.get('type_')!);
      kwargs.delete('type_');
    }
    const ti = args.findIndex((a, i) => i > 0 && !isCall(a, ...COLUMN_ARG_CALLS) && a.kind !== 'str');
    if (ti < 0) {
      unverified('type', `the type of ${table}.${colName} is not declared or not resolvable statically`);
      args.splice(1, 0, name('Text', c.node));
    } else {
      const resolved = this.resolveType(args[ti], mod);
      if (resolved) args[ti] = resolved;
      else {
        const why = this.typeFailures.get(args[ti]);
        unverified('type', `type ${args[ti].node.text.split('\n')[0].slice(0, 60)} could not be resolved statically${why ? ` (${why})` : ''}`);
        args[ti] = name('Text', c.node);
      }
    }
    const seqAt = args.findIndex((a) => isCall(a, 'Sequence'));
    if (seqAt >= 0) {
      args.splice(seqAt, 1);
      kwargs.set('autoincrement', bool(false, c.node));
      unverified('default', `${table}.${colName} takes its default from a Sequence(): not compared`);
    }
    const sd = kwargs.get('server_default');
    if (sd && sd.kind === 'call' && !sd.receiver && baseName(sd.func) === 'FetchedValue') {
      kwargs.delete('server_default');
      unverified('default', 'server_default=FetchedValue(): the database default is not declared in the model');
    }
    for (const k of ['server_onupdate', 'onupdate', 'doc', 'info', 'key', 'quote', 'system', '_omit_from_statements', 'name']) kwargs.delete(k);
    // Python-side default: never compared; only whether there is one matters (it stops SERIAL).
    const def = kwargs.get('default');
    if (def && def.kind !== 'none') kwargs.set('default', bool(true, c.node));
    else kwargs.delete('default');
    // What the column reader refuses degrades that argument only, never the table.
    const resolver = { resolve: (v: PyValue) => (this.rendered.has(v) ? { kind: 'rendered' as const, type: this.rendered.get(v)! } : null) };
    for (let attempt = 0; attempt < 8; attempt++) {
      try {
        withTypeResolver(resolver, () => readColumn({ ...c, args, kwargs }, { schema, table }));
        break;
      } catch (err) {
        if (!(err instanceof NotUnderstood)) throw err;
        const kw = /argument (\w+)= not supported/.exec(err.message)?.[1] ?? (/^(\w+)= is not/.exec(err.message)?.[1] ?? null);
        if (kw && kwargs.has(kw)) {
          kwargs.delete(kw);
          if (kw === 'server_default') unverified('default', `server_default not understood (${err.message})`);
          else if (kw === 'nullable') unverified('nullable', `nullable= is not a literal`);
          else this.reader.note(mod.shown, line, `${table}.${colName}: ${kw}= is not analyzed (${err.message})`);
          continue;
        }
        if (err.value && err.value === kwargs.get('server_default')) {
          kwargs.delete('server_default');
          unverified('default', `server_default not understood (${err.message})`);
          continue;
        }
        this.reader.note(mod.shown, line, `${table}.${colName}: ${err.message}`);
        break;
      }
    }
    return { call: { ...c, args, kwargs }, file: mod.shown, line };
  }

  private resolveType(v: PyValue, mod: PyModule): PyValue | null {
    if (isCall(v, 'Enum', 'ENUM') && v.args[0]?.kind === 'name') {
      const cls = this.reader.enumClass(mod, (v.args[0] as { name: string }).name);
      if (cls) return this.enumType(v, cls, mod);
    }
    if (v.kind === 'name') {
      const cls = this.reader.enumClass(mod, v.name);
      if (cls) return this.enumType(call('Enum', [v], new Map(), v.node), cls, mod);
    }
    try {
      this.rendered.set(v, withTypeResolver(this.resolvers.get(mod) ?? null, () => renderType(v)));
      return v;
    } catch (err) {
      if (!(err instanceof NotUnderstood)) throw err;
      this.typeFailures.set(v, err.message);
      return null;
    }
  }
}

function hasType(args: PyValue[]): boolean {
  return args.some((a, i) => i > 0 && !isCall(a, ...COLUMN_ARG_CALLS) && a.kind !== 'str');
}

/** `Column(Type, ...)` of attribute `attr` → `Column('attr', Type, ...)` (an explicit name wins). */
function withName(c: Call, attr: string): Call {
  if (c.args[0]?.kind === 'str') return c;
  const explicit = c.kwargs.get('name');
  const kwargs = new Map(c.kwargs);
  kwargs.delete('name');
  return { ...c, func: 'Column', args: [explicit?.kind === 'str' ? explicit : str(attr, c.node), ...c.args], kwargs };
}

function literalMember(cls: PyClass, n: string): PyValue | null {
  const m = cls.members.find((x) => x.kind === 'assign' && x.name === n);
  return m && m.kind === 'assign' && m.value ? evalPy(m.value, cls.module.scope) : null;
}

export { displayPath };
