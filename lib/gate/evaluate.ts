import type { EnvironmentStatus } from '../model/status';
import { RISK_LEVELS, type RiskLevel } from '../model/risk';

export interface GateOptions {
  /** Fail when any pending migration is rated above this level. */
  maxRisk?: RiskLevel;
  /** Fail when the environment differs from the schema its version implies (changes or ghost migrations). */
  failOnDrift?: boolean;
  /** Fail when any migration is pending. */
  failOnPending?: boolean;
  /** Fail when the environment differs from the ORM models (or they could not be compared). */
  failOnModelDrift?: boolean;
}

export interface GateResult {
  pass: boolean;
  /** Why it failed, one sentence each; empty when it passes. */
  reasons: string[];
}

/** Version-table states that make a deploy unsafe whatever the flags say. */
const BLOCKING_STATES = new Set(['dirty', 'failed', 'unknown-version']);

/** The pre-deploy gate (`driftboard check`): one rule set shared by the CLI and the API. */
export function evaluateGate(status: EnvironmentStatus, options: GateOptions = {}): GateResult {
  const reasons: string[] = [];
  if (status.status === 'unreachable') reasons.push(`${status.name} is unreachable: ${status.error ?? 'unknown reason'}`);
  if (status.status === 'busy') reasons.push(`${status.name} could not be checked (${status.error ?? 'busy: a lock is held'})`);
  if (status.status === 'error') reasons.push(`${status.name} could not be checked: ${status.error ?? 'unknown error'}`);

  const state = status.versionState;
  if (state && BLOCKING_STATES.has(state.state)) {
    const detail = state.problems.length ? `: ${state.problems.join('; ')}` : '';
    reasons.push(`version table is ${state.state}${detail}`);
  }

  if (options.failOnPending && status.behind !== 0 && status.status !== 'unreachable') {
    reasons.push(
      status.behind === null
        ? 'the number of pending migrations is unknown'
        : `${status.behind} pending migration${status.behind === 1 ? '' : 's'}: ${status.pending.map((p) => p.id).join(', ')}`,
    );
  }

  if (options.maxRisk) {
    const limit = RISK_LEVELS.indexOf(options.maxRisk);
    for (const p of status.pending) {
      if (RISK_LEVELS.indexOf(p.risk) > limit) reasons.push(`pending migration ${p.id} is ${p.risk} risk (max ${options.maxRisk})`);
    }
  }

  if (options.failOnDrift && status.status === 'ok') {
    if (!status.drift) reasons.push('drift is unknown (the expected schema could not be built)');
    else {
      const { changes, ghostMigrations } = status.drift;
      if (changes.length) reasons.push(`${changes.length} schema change${changes.length === 1 ? '' : 's'} against the expected schema`);
      for (const g of ghostMigrations) reasons.push(`migration ${g.id} is applied but missing ${g.missing.join(', ')}`);
    }
  }
  if (options.failOnModelDrift && status.status === 'ok') {
    const md = status.modelDrift;
    if (!md) reasons.push('model drift is unknown (no "models" in the config)');
    else if (md.error) reasons.push(md.error);
    else {
      if (md.changes.length) reasons.push(`${md.changes.length} schema change${md.changes.length === 1 ? '' : 's'} against the models`);
      if (md.untrackedByMigrations.length) reasons.push(`tables untracked by migrations: ${md.untrackedByMigrations.join(', ')}`);
    }
  }
  return { pass: reasons.length === 0, reasons };
}
