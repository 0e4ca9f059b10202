import type { Finding, LockMode, RiskLevel } from '../model/risk';
import type { RuleInput } from './context';

export interface FindingSpec {
  rule: string;
  level: RiskLevel;
  message: string;
  suggestion: string;
  table: string | null;
  lock: LockMode | null;
  rewrite?: boolean;
  nonTransactional?: boolean;
}

/** A Finding for the statement a rule is looking at, located at its file:line. */
export function findingFor(input: RuleInput, spec: FindingSpec): Finding {
  return {
    rule: spec.rule,
    level: spec.level,
    message: spec.message,
    suggestion: spec.suggestion,
    statement: input.stmt.sql,
    table: spec.table,
    lock: spec.lock,
    rewrite: spec.rewrite ?? false,
    nonTransactional: spec.nonTransactional ?? false,
    file: input.file,
    line: input.source.line + input.stmt.lineOffset,
  };
}
