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
  return parts.length ? parts.join(', ') : 'none';
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
