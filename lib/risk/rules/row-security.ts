/**
 * ENABLE / DISABLE / FORCE / NO FORCE ROW LEVEL SECURITY: the statement is instant, but from its commit
 * every query by a role without BYPASSRLS returns (and may write) a different set of rows. Nothing
 * errors; results silently change, so it is high whatever the table's size.
 */
import type { Finding } from '../../model/risk';
import type { RuleInput } from '../context';
import { findingFor } from '../finding';
import { levelFor } from '../size';
import { alterTable } from './util';

const EFFECT: Record<string, string> = {
  AT_EnableRowSecurity:
    'from now on every query by a role other than the owner (without BYPASSRLS) sees and writes only the rows a policy allows — no rows at all where no policy applies',
  AT_DisableRowSecurity: 'from now on every query sees and writes all rows again: the policies stop filtering, for every role',
  AT_ForceRowSecurity: "from now on the policies apply to the table's owner too, so the owner's queries (often the application's) see only the rows a policy allows",
  AT_NoForceRowSecurity: "from now on the table's owner bypasses the policies again and sees every row",
};

const WORDS: Record<string, string> = {
  AT_EnableRowSecurity: 'ENABLE ROW LEVEL SECURITY',
  AT_DisableRowSecurity: 'DISABLE ROW LEVEL SECURITY',
  AT_ForceRowSecurity: 'FORCE ROW LEVEL SECURITY',
  AT_NoForceRowSecurity: 'NO FORCE ROW LEVEL SECURITY',
};

export function rowSecurityToggle(input: RuleInput): Finding[] {
  const at = alterTable(input);
  if (!at) return [];
  return at.cmds
    .filter((c) => c.subtype in EFFECT)
    .map((c) =>
      findingFor(input, {
        rule: 'row-level-security-toggle',
        level: levelFor('breaksRunningCode', at.table.size),
        message: `${WORDS[c.subtype]} on ${at.table.label} changes what every query returns: ${EFFECT[c.subtype]}. It also takes ACCESS EXCLUSIVE briefly.`,
        suggestion:
          c.subtype === 'AT_DisableRowSecurity' || c.subtype === 'AT_NoForceRowSecurity'
            ? 'Make sure the application filters rows itself before the policies stop doing it (tenant isolation, soft deletes).'
            : 'Create the policies first (in the same transaction), test the application as each of its roles against a copy, then enable; roles that must see everything need BYPASSRLS or a permissive policy.',
        table: at.table.name,
        lock: 'ACCESS EXCLUSIVE',
      }),
    );
}

export const rowSecurityRules = [rowSecurityToggle];
