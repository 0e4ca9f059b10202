import { z } from 'zod';
import { repairEnvironment, repairAsMigration } from '../../lib/repair';
import type { RepairTarget } from '../../lib/model/repair';
import { COMMON_OPTIONS, parseFlags, timeoutSeconds, validateFlags } from '../args';
import { EXIT, printJson, type Io } from '../io';
import { loadProject, printWarnings } from '../project';

export const REPAIR_HELP = `driftboard repair --env NAME [--to expected|models|ENV] [--include-unexpected] [--as-migration] [--project P] [--config F] [--json]

Prints the SQL that turns the environment's live schema into the target — by default the schema its own
version promises (repairs drift and ghost migrations); --to ENV aligns it with another environment.
Driftboard never runs it: review it, then run it yourself (psql -v ON_ERROR_STOP=1 -f repair.sql).
The script is ordered, idempotent where PostgreSQL allows it, uses the non-blocking forms (CREATE INDEX
CONCURRENTLY, NOT VALID then VALIDATE), and is verified on a shadow copy of the environment first.
  --include-unexpected  drop objects the target does not have (default: listed as comments)
  --as-migration        print it as a new migration of the project (Alembic revision / Prisma folder)
Exit 0 when the script is verified (or there is nothing to repair), 1 when it is not verified or the
environment cannot be read, 2 on usage or configuration errors.`;

const flags = z.object({
  config: z.string().optional(),
  project: z.string().min(1).optional(),
  env: z.string({ error: 'is required' }).min(1, 'is required'),
  to: z.string().min(1).default('expected'),
  'include-unexpected': z.boolean(),
  'as-migration': z.boolean(),
  json: z.boolean(),
  timeout: timeoutSeconds.optional(),
});

export async function repairCommand(argv: string[], io: Io): Promise<number> {
  const { values } = parseFlags('repair', argv, {
    ...COMMON_OPTIONS,
    env: { type: 'string', short: 'e' },
    to: { type: 'string' },
    'include-unexpected': { type: 'boolean', default: false },
    'as-migration': { type: 'boolean', default: false },
  });
  if (values.help) return (io.out(REPAIR_HELP), EXIT.ok);
  const f = validateFlags('repair', flags, values);
  const { config, set } = await loadProject(f.config, f.project, f.env);
  if (!f.json) printWarnings(io, set.diagnostics);
  const to: RepairTarget = f.to === 'expected' ? { kind: 'expected' } : f.to === 'models' ? { kind: 'models' } : { kind: 'environment', name: f.to };
  const report = await repairEnvironment(config, f.env, { to, includeUnexpected: f['include-unexpected'], timeoutMs: f.timeout, set });
  const migration = f['as-migration'] ? repairAsMigration(report, set) : null;
  if (f.json) printJson(io, { ...report, migration });
  else io.out(migration ? `-- file: ${migration.path} (in ${set.path === config.migrations.path ? 'the migrations directory' : set.path})\n${migration.content}` : report.script.trimEnd());
  return report.verified ? EXIT.ok : EXIT.fail;
}
