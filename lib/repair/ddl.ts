import type { Column, Constraint, EnumType, Extension, Index, Sequence, Table, View } from '../model/schema';
import { qualifiedName, quoteIdent, quoteLiteral } from '../sql/ident';

/**
 * DDL for one object of a SchemaModel, from the definitions PostgreSQL itself printed when the model was
 * read (format_type, pg_get_expr, pg_get_constraintdef, pg_get_indexdef, pg_get_viewdef): never guessed.
 * Each statement is idempotent where PostgreSQL allows it.
 */

export function createSchema(name: string): string {
  return `CREATE SCHEMA IF NOT EXISTS ${quoteIdent(name)}`;
}

export function createExtension(x: Pick<Extension, 'name' | 'schema'> & { version: string | null }): string {
  return `CREATE EXTENSION IF NOT EXISTS ${quoteIdent(x.name)} WITH SCHEMA ${quoteIdent(x.schema)}${x.version ? ` VERSION ${quoteLiteral(x.version)}` : ''}`;
}

/** `DO` block running `sql` only when `existsQuery` finds nothing: for statements with no IF NOT EXISTS form. */
export function unlessExists(existsQuery: string, sql: string): string {
  return `DO $driftboard$\nBEGIN\n  IF NOT EXISTS (${existsQuery}) THEN\n    ${sql};\n  END IF;\nEND\n$driftboard$`;
}

export function createEnum(e: EnumType): string {
  const exists = `SELECT 1 FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = ${quoteLiteral(e.schema)} AND t.typname = ${quoteLiteral(e.name)}`;
  return unlessExists(exists, `CREATE TYPE ${qualifiedName(e.schema, e.name)} AS ENUM (${e.values.map(quoteLiteral).join(', ')})`);
}

/** ADD VALUE placed where the target has it: before the next label the type already has, else at the end. */
export function addEnumValue(e: EnumType, value: string, existing: ReadonlySet<string>): string {
  const at = e.values.indexOf(value);
  const next = e.values.slice(at + 1).find((v) => existing.has(v));
  const previous = [...e.values.slice(0, at)].reverse().find((v) => existing.has(v));
  const place = next !== undefined ? ` BEFORE ${quoteLiteral(next)}` : previous !== undefined ? ` AFTER ${quoteLiteral(previous)}` : '';
  return `ALTER TYPE ${qualifiedName(e.schema, e.name)} ADD VALUE IF NOT EXISTS ${quoteLiteral(value)}${place}`;
}

function sequenceOptions(s: Sequence): string {
  return `AS ${s.dataType} INCREMENT BY ${s.increment} MINVALUE ${s.min} MAXVALUE ${s.max} START WITH ${s.start} ${s.cycle ? 'CYCLE' : 'NO CYCLE'}`;
}

export function createSequence(s: Sequence): string {
  return `CREATE SEQUENCE IF NOT EXISTS ${qualifiedName(s.schema, s.name)} ${sequenceOptions(s)}`;
}

export function alterSequence(s: Sequence): string {
  return `ALTER SEQUENCE ${qualifiedName(s.schema, s.name)} ${sequenceOptions(s)}`;
}

/** `schema.table.column` → `OWNED BY` clause target. */
export function sequenceOwnedBy(s: Sequence): string | null {
  if (!s.ownedBy) return null;
  const parts = s.ownedBy.split('.');
  const column = parts.pop()!;
  const table = parts.pop()!;
  const schema = parts.join('.') || 'public';
  return `ALTER SEQUENCE ${qualifiedName(s.schema, s.name)} OWNED BY ${qualifiedName(schema, table)}.${quoteIdent(column)}`;
}

/** A column as in CREATE TABLE / ADD COLUMN: type, collation, default or generation, identity, NOT NULL. */
export function columnDefinition(c: Column): string {
  let sql = `${quoteIdent(c.name)} ${c.type}`;
  if (c.collation) sql += ` COLLATE ${quoteIdent(c.collation)}`;
  if (c.generated) sql += ` GENERATED ALWAYS AS (${c.generated}) STORED`;
  else if (c.default !== null) sql += ` DEFAULT ${c.default}`;
  if (c.identity) sql += ` GENERATED ${c.identity === 'always' ? 'ALWAYS' : 'BY DEFAULT'} AS IDENTITY`;
  if (!c.nullable) sql += ' NOT NULL';
  return sql;
}

export function createTable(t: Table): string {
  const columns = t.columns.map((c) => `  ${columnDefinition(c)}`).join(',\n');
  const partition = t.kind === 'partitioned' && t.partitionKey ? ` PARTITION BY ${t.partitionKey}` : '';
  return `CREATE TABLE IF NOT EXISTS ${qualifiedName(t.schema, t.name)} (\n${columns}\n)${partition}`;
}

export function addColumn(t: Pick<Table, 'schema' | 'name'>, c: Column): string {
  return `ALTER TABLE ${qualifiedName(t.schema, t.name)} ADD COLUMN IF NOT EXISTS ${columnDefinition(c)}`;
}

export function alterTable(t: Pick<Table, 'schema' | 'name'>, action: string): string {
  return `ALTER TABLE ${qualifiedName(t.schema, t.name)} ${action}`;
}

export function commentOn(what: 'TABLE' | 'COLUMN' | 'VIEW' | 'MATERIALIZED VIEW' | 'FUNCTION' | 'PROCEDURE' | 'AGGREGATE' | 'DOMAIN' | 'SCHEMA', target: string, comment: string | null): string {
  return `COMMENT ON ${what} ${target} IS ${comment === null ? 'NULL' : quoteLiteral(comment)}`;
}

/** pg_get_constraintdef without the NOT VALID PostgreSQL prints for an unvalidated constraint. */
export function constraintBody(c: Constraint): string {
  return c.definition.replace(/\s+NOT VALID$/i, '');
}

export function constraintExists(t: Pick<Table, 'schema' | 'name'>, name: string): string {
  return `SELECT 1 FROM pg_constraint WHERE conname = ${quoteLiteral(name)} AND conrelid = ${quoteLiteral(qualifiedName(t.schema, t.name))}::regclass`;
}

/** ADD CONSTRAINT guarded by a DO block; NOT VALID for checks and foreign keys (validated separately). */
export function addConstraint(t: Pick<Table, 'schema' | 'name'>, c: Constraint, notValid: boolean): string {
  const body = `${constraintBody(c)}${notValid ? ' NOT VALID' : ''}`;
  return unlessExists(constraintExists(t, c.name), alterTable(t, `ADD CONSTRAINT ${quoteIdent(c.name)} ${body}`));
}

/** `ADD CONSTRAINT … UNIQUE|PRIMARY KEY USING INDEX`, for a key whose index was built CONCURRENTLY first. */
export function addConstraintUsingIndex(t: Pick<Table, 'schema' | 'name'>, c: Constraint): string {
  const kind = c.type === 'primary' ? 'PRIMARY KEY' : 'UNIQUE';
  const deferrable = /\bDEFERRABLE\b/i.test(c.definition) ? (/INITIALLY DEFERRED/i.test(c.definition) ? ' DEFERRABLE INITIALLY DEFERRED' : ' DEFERRABLE') : '';
  return unlessExists(constraintExists(t, c.name), alterTable(t, `ADD CONSTRAINT ${quoteIdent(c.name)} ${kind} USING INDEX ${quoteIdent(c.name)}${deferrable}`));
}

/** pg_get_indexdef rewritten to `CREATE [UNIQUE] INDEX [CONCURRENTLY] IF NOT EXISTS …`. */
export function createIndex(i: Index, concurrently: boolean): string {
  return i.definition.replace(/^CREATE (UNIQUE )?INDEX /i, (_all, unique: string | undefined) => `CREATE ${unique ?? ''}INDEX ${concurrently ? 'CONCURRENTLY ' : ''}IF NOT EXISTS `);
}

export function dropIndex(schema: string, name: string, concurrently: boolean): string {
  return `DROP INDEX ${concurrently ? 'CONCURRENTLY ' : ''}IF EXISTS ${qualifiedName(schema, name)}`;
}

export function createView(v: View): string {
  const body = v.definition.replace(/;\s*$/, '');
  return v.materialized
    ? `CREATE MATERIALIZED VIEW IF NOT EXISTS ${qualifiedName(v.schema, v.name)} AS\n${body}`
    : `CREATE OR REPLACE VIEW ${qualifiedName(v.schema, v.name)} AS\n${body}`;
}

export function dropView(v: Pick<View, 'schema' | 'name' | 'materialized'>): string {
  return `DROP ${v.materialized ? 'MATERIALIZED VIEW' : 'VIEW'} IF EXISTS ${qualifiedName(v.schema, v.name)}`;
}
