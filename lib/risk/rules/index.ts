/** Every statement rule, one family per module. A rule is a pure function RuleInput → Finding[]. */
import type { Finding } from '../../model/risk';
import type { RuleInput } from '../context';
import { rewriteRules } from './rewrite';
import { scanUnderLockRules } from './scan-under-lock';
import { indexRules } from './index-build';
import { transactionRules } from './transaction';
import { failsOnRowsRules } from './fails-on-rows';
import { destructiveRules } from './destructive';
import { renameRules } from './rename';
import { irreversibleRules } from './irreversible';
import { triggerLockRules } from './trigger-lock';
import { rowSecurityRules } from './row-security';
import { revokeRules } from './revoke';
import { functionChangeRules } from './function-change';

export type StatementRule = (input: RuleInput) => Finding[];

export const STATEMENT_RULES: readonly StatementRule[] = [
  ...transactionRules,
  ...failsOnRowsRules,
  ...rewriteRules,
  ...scanUnderLockRules,
  ...indexRules,
  ...destructiveRules,
  ...renameRules,
  ...irreversibleRules,
  ...triggerLockRules,
  ...rowSecurityRules,
  ...revokeRules,
  ...functionChangeRules,
];

export { irreversibleMigration, IRREVERSIBLE_STATEMENT_RULES } from './irreversible';
