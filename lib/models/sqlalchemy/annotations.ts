import { baseName, type PyValue } from '../../migrations/alembic/py-value';
import type { PyNode } from '../../migrations/alembic/python-parser';

/** A type annotation (`Mapped[Optional[str]]`, `str | None`, `Annotated[int, mapped_column(...)]`), as a tree. */
export type Ann =
  | { kind: 'name'; name: string; args: Ann[]; node: PyNode }
  | { kind: 'none'; node: PyNode }
  /** Not a type: an `Annotated[...]` extra such as `mapped_column(...)` or `50`. */
  | { kind: 'expr'; node: PyNode };

function named(node: PyNode): PyNode[] {
  return node.namedChildren.filter((c): c is PyNode => c !== null && c.type !== 'comment');
}

export function parseAnnotation(node: PyNode): Ann {
  switch (node.type) {
    case 'type':
    case 'parenthesized_expression':
      return named(node)[0] ? parseAnnotation(named(node)[0]) : { kind: 'expr', node };
    case 'identifier':
    case 'attribute':
      return { kind: 'name', name: node.text, args: [], node };
    case 'none':
      return { kind: 'none', node };
    case 'string': {
      // A forward reference: `Mapped["Customer"]`, `Mapped["Optional[str]"]`.
      const text = node.text.replace(/^[rRuU]?(['"])(.*)\1$/s, '$2');
      const m = /^([\w.]+)(?:\[(.*)\])?$/.exec(text.trim());
      if (!m) return { kind: 'expr', node };
      const args = m[2] ? m[2].split(',').map((s) => s.trim()).filter(Boolean) : [];
      return {
        kind: 'name',
        name: m[1],
        args: args.map((a): Ann => (a === 'None' ? { kind: 'none', node } : { kind: 'name', name: a.replace(/^["']|["']$/g, ''), args: [], node })),
        node,
      };
    }
    case 'generic_type': {
      const [head, ...rest] = named(node);
      const params = rest.flatMap((r) => (r.type === 'type_parameter' ? named(r) : [r]));
      return { kind: 'name', name: head.text, args: params.map(parseAnnotation), node };
    }
    case 'subscript': {
      const value = node.childForFieldName('value');
      const subs = node.childrenForFieldName('subscript').filter((c): c is PyNode => c !== null);
      if (!value) return { kind: 'expr', node };
      return { kind: 'name', name: value.text, args: subs.map((s, i) => (i > 0 && baseName(value.text) === 'Annotated' ? { kind: 'expr', node: s } : parseAnnotation(s))), node };
    }
    case 'binary_operator': {
      const left = node.childForFieldName('left');
      const right = node.childForFieldName('right');
      if (!left || !right || !node.text.includes('|')) return { kind: 'expr', node };
      return { kind: 'name', name: 'Union', args: [parseAnnotation(left), parseAnnotation(right)], node };
    }
    default:
      return { kind: 'expr', node };
  }
}

/** `Optional[X]`, `Union[X, None]`, `X | None` → X with optional=true. */
export function unwrapOptional(ann: Ann): { inner: Ann; optional: boolean } {
  if (ann.kind !== 'name') return { inner: ann, optional: false };
  const b = baseName(ann.name);
  if (b === 'Optional' && ann.args.length === 1) return { inner: unwrapOptional(ann.args[0]).inner, optional: true };
  if (b === 'Union') {
    const flat = ann.args.flatMap((a) => (a.kind === 'name' && baseName(a.name) === 'Union' ? a.args : [a]));
    const notNone = flat.filter((a) => a.kind !== 'none');
    if (notNone.length < flat.length && notNone.length === 1) return { inner: unwrapOptional(notNone[0]).inner, optional: true };
  }
  return { inner: ann, optional: false };
}

/** `Mapped[X]` → X; anything else unchanged (null when it is not a Mapped annotation). */
export function mappedInner(ann: Ann): Ann | null {
  if (ann.kind === 'name' && ['Mapped', 'MappedColumn'].includes(baseName(ann.name)) && ann.args.length === 1) return ann.args[0];
  return null;
}

/** SQLAlchemy 2.0's default type_annotation_map (sqlalchemy.orm.decl_api), by Python type name. */
export const PYTHON_TYPES: Record<string, string> = {
  int: 'Integer',
  str: 'String',
  bool: 'Boolean',
  float: 'Float',
  Decimal: 'Numeric',
  datetime: 'DateTime',
  date: 'Date',
  time: 'Time',
  timedelta: 'Interval',
  bytes: 'LargeBinary',
  UUID: 'Uuid',
};

/** SQLModel's get_sqlalchemy_type, by Python type name (str → AutoString = VARCHAR). */
export const SQLMODEL_TYPES: Record<string, string> = { ...PYTHON_TYPES, str: 'AutoString', EmailStr: 'AutoString', HttpUrl: 'AutoString', AnyUrl: 'AutoString' };

/** A relationship-like annotation (`Mapped[list["Order"]]`, `Mapped["Customer"]` of a mapped class): no column. */
export function isCollection(ann: Ann): boolean {
  return ann.kind === 'name' && ['List', 'list', 'Set', 'set', 'Dict', 'dict', 'DynamicMapped', 'WriteOnlyMapped'].includes(baseName(ann.name)) && ann.args.length > 0;
}

export function nameValue(name: string, node: PyNode): PyValue {
  return { kind: 'name', name, node };
}
