import { z } from 'zod';
import { lintMigrations } from '../../lib/lint';
import { detectTool, loadMigrationSet } from '../../lib/migrations/load';
import { UserInputError } from '../../lib/model/errors';
import type { MigrationRisk } from '../../lib/model/risk';
import { parseFlags, riskLevel, validateFlags } from '../args';
import { EXIT, UsageError, printJson, type Io } from '../io';
import { describeFinding } from '../describe';
import { failOnErrors, printWarnings } from '../project';
import { renderTable } from '../table';
import { RISK_LEVELS } from '../../lib/model/risk';

export const LINT_HELP = `driftboard lint PATH [--tool alembic|prisma|sql] [--max-risk LEVEL] [--json]

Risk findings for every migration in PATH, with no database at all. The tool is detected from the
files when --tool is not given. With --max-risk, exit 1 when a migration is rated above LEVEL.
Exit 2 on malformed files (named by file:line), an unknown tool or a cyclic revision graph.`;

const flags = z.object({
  tool: z.enum(['alembic', 'prisma', 'sql'], { error: 'must be alembic, prisma or sql' }).optional(),
  'max-risk': riskLevel.optional(),
  json: z.boolean(),
});

export async function lintCommand(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parseFlags(
    'lint',
    argv,
    {
      tool: { type: 'string', short: 't' },
      'max-risk': { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    true,
  );
  if (values.help) return (io.out(LINT_HELP), EXIT.ok);
  if (positionals.length !== 1) throw new UsageError('lint: expected exactly one PATH (see driftboard lint --help)');
  const f = validateFlags('lint', flags, values);
  const path = positionals[0];
  const tool = f.tool ?? (await detectTool(path));
  if (!tool) throw new UserInputError(`${path}: no Alembic, Prisma or SQL migrations recognized (pass --tool alembic|prisma|sql)`);
  const set = await loadMigrationSet({ tool, path });
  const result = await lintMigrations(set);
  failOnErrors(result.diagnostics);
  if (f.json) printJson(io, { migrations: result.migrations, diagnostics: result.diagnostics });
  else {
    printWarnings(io, result.diagnostics);
    io.out(renderLint(result.migrations));
  }
  const limit = f['max-risk'];
  if (limit && result.migrations.some((m) => RISK_LEVELS.indexOf(m.risk) > RISK_LEVELS.indexOf(limit))) return EXIT.fail;
  return EXIT.ok;
}

export function renderLint(migrations: MigrationRisk[]): string {
  if (migrations.length === 0) return 'No migrations found.';
  const rows = migrations.map((m) => [m.id, m.risk, m.reversible ? 'yes' : 'no', String(m.findings.length), m.description]);
  const parts = [renderTable(['MIGRATION', 'RISK', 'REVERSIBLE', 'FINDINGS', 'DESCRIPTION'], rows)];
  for (const m of migrations) {
    if (!m.findings.length) continue;
    parts.push(`\n${m.id}  ${m.description}\n${m.findings.map((f) => `  ${describeFinding(f)}`).join('\n')}`);
  }
  return parts.join('\n');
}
