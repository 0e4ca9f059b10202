/**
 * PostgreSQL identifiers and literals for generated SQL, quoted the way `quote_ident` does: only when
 * the name is not a plain lower-case identifier or is a keyword PostgreSQL would not accept there.
 */

// Reserved, type/function-name and column-name keywords (PostgreSQL 15 kwlist.h): quoted when used as names.
const KEYWORDS = new Set(
  (
    'all analyse analyze and any array as asc asymmetric authorization between bigint binary bit boolean both case cast char ' +
    'character check coalesce collate collation column concurrently constraint create cross current_catalog current_date ' +
    'current_role current_schema current_time current_timestamp current_user dec decimal default deferrable desc distinct do ' +
    'else end except exists extract false fetch float for foreign freeze from full grant greatest group grouping having ilike ' +
    'in initially inner inout int integer intersect interval into is isnull join json lateral leading least left like limit ' +
    'localtime localtimestamp national natural nchar none normalize not notnull null nullif numeric offset on only or order ' +
    'out outer overlaps overlay placing position precision primary real references returning right row select session_user ' +
    'setof similar smallint some substring symmetric system_user table tablesample then time timestamp to trailing treat trim ' +
    'true union unique user using values varchar variadic verbose when where window with xmlattributes xmlconcat xmlelement ' +
    'xmlexists xmlforest xmlnamespaces xmlparse xmlpi xmlroot xmlserialize xmltable'
  ).split(' '),
);

export function quoteIdent(name: string): string {
  if (/^[a-z_][a-z0-9_$]*$/.test(name) && !KEYWORDS.has(name)) return name;
  return `"${name.replace(/"/g, '""')}"`;
}

/** `schema.name`, each part quoted as needed. */
export function qualifiedName(schema: string, name: string): string {
  return `${quoteIdent(schema)}.${quoteIdent(name)}`;
}

export function quoteLiteral(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}
