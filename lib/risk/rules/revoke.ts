/**
 * REVOKE: takes no lock on the table, but from its commit the role's running code fails with
 * "permission denied" wherever it used the privilege. High on any table that already exists (size is
 * irrelevant: one row or a billion, the query fails); low on a table created earlier in the run.
 */
import type { Finding, RiskLevel } from '../../model/risk';
import { formatQualified, nameListQualified, nodeOf, rangeVarName, stringList } from '../../sql/parse';
import type { RangeVar } from '../../sql/parse';
import type { RuleInput } from '../context';
import { findingFor } from '../finding';
import { levelFor } from '../size';

interface RoleSpecNode {
  roletype?: string;
  rolename?: string;
}

function roleName(node: unknown): string {
  const r = nodeOf<RoleSpecNode>(node, 'RoleSpec');
  if (!r) return '?';
  if (r.roletype === 'ROLESPEC_PUBLIC') return 'PUBLIC';
  if (r.roletype === 'ROLESPEC_CSTRING') return r.rolename ?? '?';
  return (r.roletype ?? '?').replace(/^ROLESPEC_/, '');
}

function privilegeWords(privileges: unknown[] | undefined): string {
  if (!privileges?.length) return 'ALL';
  return privileges
    .map((p) => {
      const a = nodeOf<{ priv_name?: string; cols?: unknown[] }>(p, 'AccessPriv');
      const cols = stringList(a?.cols);
      return `${(a?.priv_name ?? 'all').toUpperCase()}${cols.length ? ` (${cols.join(', ')})` : ''}`;
    })
    .join(', ');
}

const OBJECT_WORDS: Record<string, string> = {
  OBJECT_TABLE: 'table',
  OBJECT_SEQUENCE: 'sequence',
  OBJECT_FUNCTION: 'function',
  OBJECT_PROCEDURE: 'procedure',
  OBJECT_ROUTINE: 'routine',
  OBJECT_SCHEMA: 'schema',
  OBJECT_TYPE: 'type',
  OBJECT_DOMAIN: 'domain',
  OBJECT_DATABASE: 'database',
};

const SUGGESTION =
  'Deploy code that no longer needs the privilege first (check pg_stat_statements / logs for the role), or grant it to the role the code now uses before revoking.';

export function revokePrivilege(input: RuleInput): Finding[] {
  if (input.stmt.kind === 'GrantRoleStmt') return revokeMembership(input);
  if (input.stmt.kind !== 'GrantStmt') return [];
  const node = input.stmt.node as {
    is_grant?: boolean;
    grant_option?: boolean;
    targtype?: string;
    objtype?: string;
    objects?: unknown[];
    privileges?: unknown[];
    grantees?: unknown[];
  };
  if (node.is_grant) return [];
  const roles = (node.grantees ?? []).map(roleName).sort();
  const privs = privilegeWords(node.privileges);
  const kindWord = OBJECT_WORDS[node.objtype ?? ''] ?? 'object';
  const targets: { name: string; table: string | null; level: RiskLevel; label: string }[] = [];
  if (node.targtype === 'ACL_TARGET_ALL_IN_SCHEMA') {
    for (const s of stringList(node.objects)) {
      targets.push({ name: `all ${kindWord}s in schema ${s}`, table: null, level: 'high', label: `every ${kindWord} in schema ${s}` });
    }
  } else if (node.objtype === 'OBJECT_TABLE' || node.objtype === 'OBJECT_SEQUENCE') {
    for (const o of node.objects ?? []) {
      const ref = rangeVarName(nodeOf<RangeVar>(o, 'RangeVar'));
      if (!ref) continue;
      const t = input.table(ref);
      // Sequences have no size statistics: only "created in this run" tells they are unused yet.
      targets.push({ name: formatQualified(ref), table: t.name, level: levelFor('breaksRunningCode', t.size === 'new' ? 'new' : 'unknown'), label: node.objtype === 'OBJECT_TABLE' ? t.label : `sequence ${t.name}` });
    }
  } else {
    for (const o of node.objects ?? []) {
      const fn = nodeOf<{ objname?: unknown[] }>(o, 'ObjectWithArgs');
      const q = fn ? nameListQualified({ List: { items: fn.objname } }) : nameListQualified(o);
      const name = q ? formatQualified(q) : '?';
      targets.push({ name, table: null, level: 'high', label: `${kindWord} ${name}` });
    }
  }
  return targets.flatMap((t) =>
    roles.map((role) =>
      findingFor(input, {
        rule: 'revoke-privilege',
        level: node.grant_option ? 'low' : t.level,
        message: node.grant_option
          ? `REVOKE GRANT OPTION FOR ${privs} on ${t.label} from ${role}: ${role} keeps the privilege but can no longer grant it (and grants it made are revoked with CASCADE).`
          : `REVOKE ${privs} on ${t.label} from ${role}: queries by ${role} that use it fail with permission denied from the moment this commits.`,
        suggestion: SUGGESTION,
        table: t.table,
        lock: null,
      }),
    ),
  );
}

/** REVOKE role FROM member: everything the member could do through the role fails. */
function revokeMembership(input: RuleInput): Finding[] {
  const node = input.stmt.node as { is_grant?: boolean; granted_roles?: unknown[]; grantee_roles?: unknown[] };
  if (node.is_grant) return [];
  const granted = (node.granted_roles ?? [])
    .map((r) => nodeOf<{ priv_name?: string }>(r, 'AccessPriv')?.priv_name ?? '?')
    .sort();
  const members = (node.grantee_roles ?? []).map(roleName).sort();
  return granted.flatMap((g) =>
    members.map((m) =>
      findingFor(input, {
        rule: 'revoke-privilege',
        level: 'high',
        message: `REVOKE ${g} FROM ${m}: queries by ${m} that rely on the privileges of ${g} fail with permission denied from the moment this commits.`,
        suggestion: SUGGESTION,
        table: null,
        lock: null,
      }),
    ),
  );
}

export const revokeRules = [revokePrivilege];
