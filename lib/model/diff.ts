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
  | 'view';

/** missing: in expected, not in actual. unexpected: in actual, not in expected. altered: in both, differs. */
export type ChangeType = 'missing' | 'unexpected' | 'altered';

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
