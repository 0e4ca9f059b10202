import type { RepairStatement } from '../model/repair';

/** Session limits the script sets first: a repair must not queue behind (or ahead of) live traffic for long. */
export const REPAIR_LOCK_TIMEOUT = '5s';
export const REPAIR_STATEMENT_TIMEOUT = '15min';

export interface ScriptHeader {
  environment: string;
  target: string;
  generatedAt: string;
  /** One line on the verification: `verified: …` or `NOT verified: …`. */
  verification: string;
  notes: string[];
}

/**
 * The script as a person runs it with psql: timeouts first, consecutive transactional statements in one
 * BEGIN … COMMIT, the others (CONCURRENTLY, ADD VALUE) on their own, drops of unexpected objects
 * commented out unless asked for, and every note (data lost, what it cannot recreate) on top.
 */
export function renderScript(statements: readonly RepairStatement[], header: ScriptHeader): string {
  const lines: string[] = [
    `-- Driftboard repair for ${header.environment} → ${header.target}`,
    `-- generated ${header.generatedAt}; review before running. Driftboard never runs it.`,
    `-- ${header.verification}`,
  ];
  for (const note of header.notes) lines.push(`-- ${note.startsWith('data lost:') ? note : `note: ${note}`}`);
  if (statements.length === 0) {
    lines.push('-- nothing to repair');
    return `${lines.join('\n')}\n`;
  }
  lines.push('', `SET lock_timeout = '${REPAIR_LOCK_TIMEOUT}';`, `SET statement_timeout = '${REPAIR_STATEMENT_TIMEOUT}';`, 'SET search_path = public;');
  let open = false;
  const close = () => {
    if (open) lines.push('COMMIT;');
    open = false;
  };
  for (const s of statements) {
    if (s.commented) {
      close();
      lines.push('', `-- unexpected ${s.object} (present, not promised; may be someone's work in progress):`, ...s.sql.split('\n').map((l) => `-- ${l}`).map((l, i, all) => (i === all.length - 1 ? `${l};` : l)));
      continue;
    }
    if (s.transactional && !open) {
      lines.push('', 'BEGIN;');
      open = true;
    } else if (!s.transactional) {
      close();
      lines.push('', `-- ${s.object}: runs outside a transaction block`);
    }
    lines.push(`${s.sql};`);
  }
  close();
  return `${lines.join('\n')}\n`;
}
