import type { Plan } from './types';
import { formatBytes as bytesText } from '../format';

/** The plan as a Markdown document a release manager can paste into a ticket or a chat. */
export function planToMarkdown(plan: Plan): string {
  const out: string[] = [];
  out.push(`# Migration plan: ${plan.environment} → ${plan.target}`, '');
  out.push(`- From: \`${plan.from ?? 'no version'}\``);
  out.push(`- To: \`${plan.target}\``);
  out.push(`- Steps: ${plan.steps.length}`);
  out.push(`- Overall risk: **${plan.risk}**`);
  out.push(`- Estimated blocking time: ${formatSeconds(plan.estimatedBlockingSeconds)}`);
  out.push(`- Irreversible steps: ${plan.irreversible.length ? plan.irreversible.map((id) => `\`${id}\``).join(', ') : 'none'}`);
  out.push(`- Generated: ${plan.generatedAt}`, '');

  if (plan.warnings.length) {
    out.push('## Warnings', '', ...plan.warnings.map((w) => `- ${w}`), '');
  }
  if (plan.replayProblems.length) {
    out.push('## Replay problems', '', 'Statements the expected schema was built without (the drift check lacks their effect):', '');
    for (const p of plan.replayProblems) out.push(`- \`${p.file}:${p.line}\` (${p.migrationId}): ${escape(p.error)} — \`${escape(p.statement)}\``);
    out.push('');
  }
  out.push('## Pre-flight checklist', '', ...plan.checklist.map((c) => `- [ ] ${c}`), '');
  if (plan.repairFirst) {
    const r = plan.repairFirst;
    const what = [r.driftChanges ? `${r.driftChanges} drift change(s)` : '', r.ghostMigrations.length ? `ghost migration(s) ${r.ghostMigrations.map((g) => `\`${g}\``).join(', ')}` : ''].filter(Boolean).join(' and ');
    out.push('## Step 0: repair drift first', '', `${plan.environment} has ${what}: the migrations below assume the schema its version promises. Review and run the repair SQL (\`driftboard repair --env ${plan.environment}\`, or ${r.href} on the dashboard) before step 1.`, '');
  }

  out.push('## Steps', '');
  if (!plan.steps.length) out.push('Nothing to apply.', '');
  for (const step of plan.steps) {
    out.push(`### ${step.order}. \`${step.id}\` ${escape(step.description)}`, '');
    out.push(`- Risk: **${step.risk}**${step.reversible ? '' : ' · irreversible'}${step.destroysData ? ' · destroys data' : ''}`);
    out.push(`- Estimated blocking time: ${formatSeconds(step.estimatedBlockingSeconds)}`);
    if (step.locks.length) {
      out.push('', '| Table | Lock | Rewrite | Rows | Size | Blocks for |', '|---|---|---|---:|---:|---:|');
      for (const l of step.locks) {
        out.push(
          `| ${l.table} | ${l.lock} | ${l.rewrite ? 'yes' : 'no'} | ${l.rows === null ? '?' : Math.round(l.rows).toLocaleString('en-US')} | ${formatBytes(l.bytes)} | ${formatSeconds(l.estimatedBlockingSeconds)} |`,
        );
      }
    }
    if (step.findings.length) {
      out.push('', 'Findings:');
      for (const f of step.findings) out.push(`- **${f.level}** ${escape(f.message)}${f.suggestion ? ` — ${escape(f.suggestion)}` : ''}`);
    }
    if (step.nonTransactional.length) {
      out.push('', 'Must run outside a transaction:');
      for (const sql of step.nonTransactional) out.push('```sql', sql.trim(), '```');
    }
    if (step.statements.length) {
      out.push('', '<details><summary>SQL</summary>', '', '```sql', ...step.statements.map((s) => `${s.sql.trim().replace(/;?$/, ';')}`), '```', '', '</details>');
    }
    out.push('');
  }

  out.push('## Rollback', '');
  if (!plan.rollback.length) out.push('Nothing to roll back.');
  for (const r of plan.rollback) out.push(`- ${r.kind === 'restore' ? '⚠ ' : ''}${r.note}`);
  out.push('');
  return out.join('\n');
}

export function formatSeconds(seconds: number | null): string {
  if (seconds === null) return 'unknown';
  if (seconds < 1) return '< 1 s';
  if (seconds < 120) return `~${Math.round(seconds)} s`;
  if (seconds < 7200) return `~${Math.round(seconds / 60)} min`;
  return `~${(seconds / 3600).toFixed(1)} h`;
}


function escape(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/** Bytes for the plan's table; `?` when the size is unknown. */
export function formatBytes(bytes: number | null): string {
  return bytes === null ? '?' : bytesText(bytes);
}
