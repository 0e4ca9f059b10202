import type { EnvironmentStatus } from '../lib/model/status';
import type { Finding } from '../lib/model/risk';
import { displayPath } from '../lib/config';
import { plural } from './table';

export function describeVersion(e: EnvironmentStatus): string {
  if (e.version) return e.versionState && e.versionState.state !== 'ok' ? `${e.version} (${e.versionState.state})` : e.version;
  if (e.versionState) return `(${e.versionState.state})`;
  return '-';
}

export function describeDrift(e: EnvironmentStatus): string {
  if (!e.drift) return e.error ?? '-';
  const parts: string[] = [];
  if (e.drift.changes.length) parts.push(plural(e.drift.changes.length, 'change'));
  if (e.drift.ghostMigrations.length) parts.push(plural(e.drift.ghostMigrations.length, 'ghost migration'));
  const unsure = uncertainty(e);
  if (!parts.length) return unsure.length ? `none found (${unsure.join(', ')})` : 'none';
  return [...parts, ...unsure].join(', ');
}

/** What the drift could not look at: "could not check" is never "no drift". */
function uncertainty(e: EnvironmentStatus): string[] {
  const out: string[] = [];
  const problems = e.drift?.replayProblems.length ?? 0;
  const unchecked = e.drift?.unverified.length ?? 0;
  if (problems) out.push(`${plural(problems, 'statement')} not replayed`);
  if (unchecked) out.push(`${plural(unchecked, 'attribute')} not checked`);
  return out;
}

/** Replay problems as `file:line: error`, and how many attributes could not be checked (with where from). */
export function describeReplay(e: EnvironmentStatus): string[] {
  if (!e.drift) return [];
  const lines: string[] = [];
  const { replayProblems, unverified } = e.drift;
  if (replayProblems.length) {
    lines.push(`replay problems (${replayProblems.length}; the expected schema lacks their effect):`);
    for (const p of replayProblems) lines.push(`  ${p.file}:${p.line}: ${p.error}  [${p.migrationId}: ${p.statement}]`);
  }
  if (unverified.length) {
    lines.push(`${plural(unverified.length, 'attribute')} could not be checked:`);
    for (const u of unverified) {
      const where = u.file ? ` [${u.file}${u.line ? `:${u.line}` : ''}]` : '';
      lines.push(`  ${u.kind} ${[u.schema, u.table, u.name].filter(Boolean).join('.')} ${u.attribute}: ${u.reason}${where}`);
    }
  }
  return lines;
}

export function describePending(e: EnvironmentStatus): string[] {
  if (!e.pending.length) return [];
  const lines = [`pending (${e.pending.length}, in apply order):`];
  for (const p of e.pending) {
    lines.push(`  ${p.id}  ${p.risk.padEnd(8)} ${p.reversible ? '' : '(irreversible) '}${p.description}`);
    for (const f of p.findings) lines.push(`    ${describeFinding(f)}`);
  }
  return lines;
}

export function describeFinding(f: Finding): string {
  const where = f.file ? ` [${displayPath(f.file)}${f.line ? `:${f.line}` : ''}]` : '';
  const fix = f.suggestion ? ` → ${f.suggestion}` : '';
  return `${f.level.padEnd(8)} ${f.rule}: ${f.message}${fix}${where}`;
}
