import { baseName, evalPy, lineOf, type PyValue, strOf } from '../../migrations/alembic/py-value';
import type { PyNode } from '../../migrations/alembic/python-parser';
import type { ModelClass, ModelUnresolved, ModelUnverified } from '../types';
import { type Ann, isCollection, mappedInner, parseAnnotation, PYTHON_TYPES, SQLMODEL_TYPES, unwrapOptional } from './annotations';
import type { PyClass, PyModule } from './scan';

/**
 * Mapped classes and `Table(...)` objects → one description per table: the `Column(...)` calls and
 * table-level constraints SQLAlchemy would put in its CREATE TABLE, as PyValues the Alembic reader's
 * create_table / create_index translators accept. Nothing is imported or executed.
 */

type Call = PyValue & { kind: 'call' };

export interface ColumnEntry {
  /** A `Column('name', Type, ..., nullable=…)` call. */
  call: Call;
  file: string;
  line: number;
}

export interface NamingConvention {
  [key: string]: string;
}

export interface TableEntry {
  schema: string | null;
  name: string;
  classes: ModelClass[];
  file: string;
  line: number;
  columns: Map<string, ColumnEntry>;
  /** UniqueConstraint / CheckConstraint / PrimaryKeyConstraint / ForeignKeyConstraint calls. */
  constraints: Array<{ call: Call; line: number }>;
  /** `Index(...)` calls of __table_args__ / Table(...). */
  indexes: Array<{ call: Call; line: number }>;
  comment: string | null;
  convention: NamingConvention;
}

export interface ReadResult {
  tables: TableEntry[];
  models: ModelClass[];
  unresolved: ModelUnresolved[];
  /** Attributes left unknown; schema null = the default schema. */
  unverified: Array<Omit<ModelUnverified, 'schema'> & { schema: string | null }>;
}

/** What a class's ancestry says about how it is mapped. */
type Marker = 'declarative' | 'flask' | 'sqlmodel';
interface BaseInfo {
  schema: string | null;
  convention: NamingConvention;
  typeMap: Map<string, PyValue>;
}
const DEFAULT_BASE: BaseInfo = { schema: null, convention: {}, typeMap: new Map() };

const ENUM_BASES = new Set(['Enum', 'IntEnum', 'StrEnum', 'Flag', 'IntFlag']);
const NOT_COLUMNS = new Set([
  'relationship', 'relation', 'backref', 'column_property', 'synonym', 'association_proxy', 'hybrid_property', 'deferred',
  'composite', 'query_expression', 'Relationship', 'dynamic_loader', 'validates',
]);
const MAPPED_COLUMN_ONLY = ['init', 'repr', 'default_factory', 'compare', 'kw_only', 'insert_default', 'sort_order', 'deferred', 'deferred_group', 'deferred_raiseload', 'active_history', 'use_existing_column', 'hash', 'dataclass_metadata'];

export class ModelReader {
  private readonly byName = new Map<string, PyClass[]>();
  private readonly byModule = new Map<string, PyModule>();
  readonly unresolved: ModelUnresolved[] = [];
  readonly unverified: ReadResult['unverified'] = [];

  constructor(private readonly modules: PyModule[]) {
    for (const m of modules) {
      this.byModule.set(m.dotted, m);
      for (const c of m.classes.values()) this.byName.set(c.name, [...(this.byName.get(c.name) ?? []), c]);
    }
  }

  note(file: string, line: number, message: string): void {
    this.unresolved.push({ file, line, message });
  }

  /** The definition a name refers to in `mod`: a class, a marker, or an assigned expression. */
  resolveName(mod: PyModule, name: string, depth = 0): { cls?: PyClass; marker?: Marker; value?: { node: PyNode; mod: PyModule } } | null {
    if (depth > 6) return null;
    const [head, ...rest] = name.split('.');
    if (rest.length > 0) {
      // `db.Model` (Flask-SQLAlchemy), `models.Base` (a module imported by name), `sqlmodel.SQLModel`
      const last = rest[rest.length - 1];
      if (last === 'Model') return { marker: 'flask' };
      const imp = mod.imports.get(head);
      const target = this.byModule.get(imp ? `${imp.module}.${imp.name}` : head);
      if (target && rest.length === 1) return this.resolveName(target, last, depth + 1);
      return this.markerOf(last);
    }
    const local = mod.classes.get(name);
    if (local) return { cls: local };
    const assigned = mod.assigned.get(name);
    if (assigned) return { value: { node: assigned, mod } };
    const imp = mod.imports.get(name);
    if (imp) {
      const target = this.byModule.get(imp.module);
      if (target) {
        const r = this.resolveName(target, imp.name, depth + 1);
        if (r) return r;
      }
      const marker = this.markerOf(imp.name);
      if (marker) return marker;
    }
    const marker = this.markerOf(name);
    if (marker) return marker;
    const global = this.byName.get(name) ?? [];
    if (global.length === 1) return { cls: global[0] };
    return null;
  }

  private markerOf(name: string): { marker: Marker } | null {
    if (name === 'DeclarativeBase' || name === 'DeclarativeBaseNoMeta') return { marker: 'declarative' };
    if (name === 'SQLModel') return { marker: 'sqlmodel' };
    return null;
  }

  /** A base expression → the class it names, or the root it comes from. */
  private baseOf(cls: PyClass, node: PyNode): { cls?: PyClass; marker?: Marker; info?: BaseInfo } | null {
    const r = this.resolveName(cls.module, node.text);
    if (!r) return null;
    if (r.value) {
      const v = evalPy(r.value.node, r.value.mod.scope);
      if (v.kind === 'call' && ['declarative_base', 'generate_base', 'automap_base', 'as_declarative'].includes(baseName(v.func))) {
        return { marker: 'declarative', info: this.metadataInfo(v.kwargs.get('metadata'), r.value.mod, v.kwargs.get('type_annotation_map')) };
      }
      if (v.kind === 'call' && v.receiver && v.func === '.generate_base') return { marker: 'declarative', info: DEFAULT_BASE };
      return null;
    }
    return r;
  }

  /** `MetaData(schema=…, naming_convention={…})`, given inline or as a module variable. */
  metadataInfo(v: PyValue | undefined, mod: PyModule, typeMap?: PyValue): BaseInfo {
    const info: BaseInfo = { schema: null, convention: {}, typeMap: new Map() };
    let md = v;
    if (md?.kind === 'name') {
      const r = this.resolveName(mod, md.name);
      if (r?.value) md = evalPy(r.value.node, r.value.mod.scope);
    }
    if (md?.kind === 'call' && baseName(md.func) === 'MetaData') {
      info.schema = strOf(md.kwargs.get('schema'));
      let nc = md.kwargs.get('naming_convention');
      if (nc?.kind === 'name') {
        const r = this.resolveName(mod, nc.name);
        if (r?.value) nc = evalPy(r.value.node, r.value.mod.scope);
      }
      if (nc?.kind === 'dict') {
        for (const [k, val] of nc.entries) {
          const key = strOf(k);
          const tmpl = strOf(val);
          if (key && tmpl) info.convention[CONVENTION_KEYS[key] ?? key] = tmpl;
          else this.note(mod.shown, lineOf(val.node), 'naming_convention entry is not a string: names it would produce are not known');
        }
      } else if (nc) this.note(mod.shown, lineOf(nc.node), 'naming_convention is not a literal dict: constraint names are not known');
    } else if (md && md.kind !== 'none') {
      this.note(mod.shown, lineOf(md.node), 'metadata is not a literal MetaData(...): its schema and naming_convention are not known');
    }
    if (typeMap?.kind === 'dict') for (const [k, t] of typeMap.entries) if (k.kind === 'name') info.typeMap.set(baseName(k.name), t);
    return info;
  }

  /** C3 linearization of the classes this reader can see; unresolvable bases are named findings. */
  mro(cls: PyClass, seen: Set<PyClass> = new Set()): { classes: PyClass[]; markers: Set<Marker>; info: BaseInfo | null } {
    if (seen.has(cls)) return { classes: [cls], markers: new Set(), info: null };
    seen.add(cls);
    const markers = new Set<Marker>();
    let info: BaseInfo | null = null;
    const parents: PyClass[][] = [];
    const direct: PyClass[] = [];
    for (const b of cls.bases) {
      const text = b.text;
      if (['object', 'Generic', 'ABC', 'abc.ABC'].includes(text) || /^(typing\.)?Generic\[/.test(text)) continue;
      const r = this.baseOf(cls, b);
      if (!r) {
        if (!ENUM_BASES.has(baseName(text)) && !['str', 'int'].includes(text)) {
          this.note(cls.module.shown, lineOf(b), `base class ${text} of ${cls.name} is not found in the models: columns it declares are not known`);
        }
        continue;
      }
      if (r.marker) {
        markers.add(r.marker);
        if (r.info) info = r.info;
        continue;
      }
      const sub = this.mro(r.cls!, seen);
      for (const m of sub.markers) markers.add(m);
      info ??= sub.info;
      parents.push(sub.classes);
      direct.push(r.cls!);
    }
    // A DeclarativeBase subclass holds the registry's metadata and type_annotation_map.
    if (markers.has('declarative') && !info) info = this.classBaseInfo(cls);
    return { classes: [cls, ...c3([...parents, direct])], markers, info };
  }

  private classBaseInfo(cls: PyClass): BaseInfo {
    let md: PyValue | undefined;
    let typeMap: PyValue | undefined;
    for (const m of cls.members) {
      if (m.kind !== 'assign' || !m.value) continue;
      if (m.name === 'metadata') md = evalPy(m.value, cls.module.scope);
      if (m.name === 'type_annotation_map') typeMap = evalPy(m.value, cls.module.scope);
    }
    return this.metadataInfo(md, cls.module, typeMap);
  }

  isEnumClass(cls: PyClass): boolean {
    return cls.bases.some((b) => ENUM_BASES.has(baseName(b.text)));
  }

  /** The enum class a type name refers to, from the module where it is used. */
  enumClass(mod: PyModule, name: string): PyClass | null {
    const r = this.resolveName(mod, name);
    return r?.cls && this.isEnumClass(r.cls) ? r.cls : null;
  }
}

const CONVENTION_KEYS: Record<string, string> = {
  index: 'ix', unique: 'uq', unique_constraint: 'uq', check: 'ck', check_constraint: 'ck', foreign_key: 'fk', foreign_key_constraint: 'fk', primary_key: 'pk', primary_key_constraint: 'pk',
  ix: 'ix', uq: 'uq', ck: 'ck', fk: 'fk', pk: 'pk',
};

function c3(seqs: PyClass[][]): PyClass[] {
  const out: PyClass[] = [];
  const lists = seqs.map((s) => [...s]).filter((s) => s.length > 0);
  while (lists.length > 0) {
    let head: PyClass | null = null;
    for (const l of lists) {
      const candidate = l[0];
      if (!lists.some((o) => o.indexOf(candidate) > 0)) {
        head = candidate;
        break;
      }
    }
    // Inconsistent hierarchy (Python would refuse it): fall back to depth-first order.
    head ??= lists[0][0];
    out.push(head);
    for (const l of lists) if (l[0] === head) l.shift();
    for (let i = lists.length - 1; i >= 0; i--) if (lists[i].length === 0) lists.splice(i, 1);
  }
  return out;
}

export { DEFAULT_BASE, MAPPED_COLUMN_ONLY, NOT_COLUMNS, type Ann, type BaseInfo, type Call, type Marker, isCollection, mappedInner, parseAnnotation, PYTHON_TYPES, SQLMODEL_TYPES, unwrapOptional };
