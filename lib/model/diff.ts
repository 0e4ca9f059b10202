/** A column-level difference between two SchemaModels: `expected` (left) against `actual` (right). */
export type ObjectKind =
  | 'schema'
  | 'extension'
  | 'table'
  | 'column'
  | 'index'
  | 'constraint'
  | 'enum'
  | 'enum_value'
  | 'sequence'
  | 'view'
  | 'function'
  | 'trigger'
  | 'event_trigger'
  | 'policy'
  | 'privilege'
  | 'default_privilege'
  | 'domain'
  | 'composite_type'
  | 'range_type'
  | 'collation'
  | 'statistics'
  | 'rule'
  /** A grantee or owner one side names that does not exist on the other side's server (change `missing`). */
  | 'role';

/** missing: in expected, not in actual. unexpected: in actual, not in expected. altered: in both, differs. */
export type ChangeType = 'missing' | 'unexpected' | 'altered';

/**
 * How each kind is addressed (schema / table / name):
 * - function: schema, null, signature (`add(integer, integer)`)
 * - trigger, policy, rule: schema, table (or view), name
 * - event_trigger: '', null, name (database-wide)
 * - privilege: schema, object (table / view / sequence name, function signature; null for a schema's
 *   own privileges), grantee, or `column:grantee` for a column privilege
 * - default_privilege: schema or '' (database-wide), null, `role:objectType:grantee`
 * - domain, composite_type, range_type, collation, statistics: schema, null, name
 * - role: '', null, role name (a grantee / owner the actual server does not have)
 * Ownership is the attribute `owner` of each object's `altered` change (of `schema` for a schema).
 */
export interface SchemaChange {
  kind: ObjectKind;
  change: ChangeType;
  schema: string;
  /** The table (or enum / view / sequence for their own sub-objects) the object belongs to; null for top-level objects. */
  table: string | null;
  /** The object's own name (column name, index name, enum label, table name for a table, …). */
  name: string;
  /**
   * For missing: the whole expected object. For unexpected: null. For altered: only the attributes
   * that differ, with their expected values.
   */
  expected: Record<string, unknown> | null;
  /** Mirror of `expected` for the actual side. */
  actual: Record<string, unknown> | null;
}

/**
 * An attribute the diff did not compare because the expected side does not know it (see
 * UnverifiedAttribute): shown as "could not check", never as "no drift".
 */
export interface UncheckedAttribute {
  kind: ObjectKind;
  schema: string;
  table: string | null;
  name: string;
  attribute: string;
  reason: string;
  /** Where the unknown came from (display path, relative to the project), when known. */
  file: string | null;
  line: number | null;
}
