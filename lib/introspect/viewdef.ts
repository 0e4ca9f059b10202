import { parse } from 'libpg-query';

/**
 * PostgreSQL 16 removed the OLD/NEW entries from a view's range table, and since then
 * pg_get_viewdef prints the columns of a single-relation view without their table prefix:
 *   PG 15:  SELECT u.id FROM users u WHERE u.deleted_at IS NULL
 *   PG 16+: SELECT id FROM users u WHERE deleted_at IS NULL
 * The same view must give the same model on both (a PG 15 server against a PGlite shadow), so a
 * definition read from a server older than 16 is rewritten to the newer form: the prefix is removed
 * from the top-level column references of a query whose FROM is one single item. Sub-queries keep
 * theirs, as they do on 16+. When anything is unexpected the definition is returned unchanged.
 */
export async function modernizeViewDefinition(definition: string): Promise<string> {
  let tree: unknown;
  try {
    tree = await parse(definition);
  } catch {
    return definition;
  }
  const stmts = (tree as { stmts?: Array<{ stmt?: Record<string, unknown> }> }).stmts;
  const select = stmts?.length === 1 ? (stmts[0].stmt?.SelectStmt as SelectNode | undefined) : undefined;
  if (!select || (select.op && select.op !== 'SETOP_NONE') || select.fromClause?.length !== 1) return definition;
  const refname = refnameOf(select.fromClause[0]);
  if (!refname) return definition;

  const locations: number[] = [];
  for (const key of TOP_LEVEL_CLAUSES) collectQualified(select[key], refname, locations);
  if (locations.length === 0) return definition;

  const bytes = Buffer.from(definition, 'utf8');
  const parts: Buffer[] = [];
  let cursor = 0;
  for (const loc of [...new Set(locations)].sort((a, b) => a - b)) {
    const end = qualifierEnd(bytes, loc, refname);
    if (end < 0) return definition;
    parts.push(bytes.subarray(cursor, loc));
    cursor = end;
  }
  parts.push(bytes.subarray(cursor));
  return Buffer.concat(parts).toString('utf8');
}

interface SelectNode {
  op?: string;
  fromClause?: Array<Record<string, { alias?: { aliasname?: string }; relname?: string }>>;
  [clause: string]: unknown;
}

const TOP_LEVEL_CLAUSES = [
  'targetList',
  'whereClause',
  'groupClause',
  'havingClause',
  'sortClause',
  'windowClause',
  'distinctClause',
] as const;

function refnameOf(item: Record<string, { alias?: { aliasname?: string }; relname?: string }>): string | null {
  const [kind, node] = Object.entries(item)[0] ?? [];
  if (!node) return null;
  if (node.alias?.aliasname) return node.alias.aliasname;
  return kind === 'RangeVar' && node.relname ? node.relname : null;
}

/** Collects the locations of `refname.column` references, not descending into sub-queries. */
function collectQualified(node: unknown, refname: string, out: number[]): void {
  if (Array.isArray(node)) {
    for (const item of node) collectQualified(item, refname, out);
    return;
  }
  if (!node || typeof node !== 'object') return;
  for (const [key, value] of Object.entries(node as Record<string, unknown>)) {
    if (key === 'SelectStmt' || key === 'subselect' || key === 'withClause') continue;
    if (key === 'ColumnRef') {
      const ref = value as { fields?: Array<{ String?: { sval?: string } }>; location?: number };
      if (ref.fields?.length === 2 && ref.fields[0].String?.sval === refname && ref.fields[1].String) {
        if (typeof ref.location === 'number') out.push(ref.location);
      }
      continue;
    }
    collectQualified(value, refname, out);
  }
}

/** Byte offset just past `refname.` at `loc` (quoted or not), or -1 when the text is not that. */
function qualifierEnd(bytes: Buffer, loc: number, refname: string): number {
  const quote = 0x22;
  let name: string;
  let i = loc;
  if (bytes[i] === quote) {
    let out = '';
    i++;
    for (;;) {
      if (i >= bytes.length) return -1;
      if (bytes[i] === quote) {
        if (bytes[i + 1] === quote) {
          out += '"';
          i += 2;
          continue;
        }
        i++;
        break;
      }
      const start = i;
      while (i < bytes.length && bytes[i] !== quote) i++;
      out += bytes.subarray(start, i).toString('utf8');
    }
    name = out;
  } else {
    const start = i;
    while (i < bytes.length && bytes[i] !== 0x2e) i++;
    name = bytes.subarray(start, i).toString('utf8');
  }
  if (name !== refname || bytes[i] !== 0x2e) return -1;
  return i + 1;
}
