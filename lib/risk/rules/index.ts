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
];

export { irreversibleMigration, IRREVERSIBLE_STATEMENT_RULES } from './irreversible';
