import { RISK_LEVELS } from '../model/risk';
import type { RiskLevel } from '../model/risk';

/** Negative when `a` is less risky than `b`, 0 when equal, positive when riskier (for sorting). */
export function compareRisk(a: RiskLevel, b: RiskLevel): number {
  return RISK_LEVELS.indexOf(a) - RISK_LEVELS.indexOf(b);
}

/** The highest level of `levels`; `low` when there are none. */
export function maxRisk(levels: Iterable<RiskLevel>): RiskLevel {
  let max: RiskLevel = 'low';
  for (const level of levels) if (compareRisk(level, max) > 0) max = level;
  return max;
}

/** True when `level` is at least `threshold` (e.g. for `check --max-risk`). */
export function riskAtLeast(level: RiskLevel, threshold: RiskLevel): boolean {
  return compareRisk(level, threshold) >= 0;
}
