import { z } from 'zod';
import { evaluateGate } from '../../lib/gate';
import { getStatusReport } from '../../lib/status';
import { COMMON_OPTIONS, parseFlags, riskLevel, timeoutSeconds, validateFlags } from '../args';
import { EXIT, printJson, type Io } from '../io';
import { statusJson } from '../json';
import { loadProject, printWarnings } from '../project';
import { DEFAULT_CONFIG_FILE } from '../../lib/config';
import { configureCliCache } from '../../lib/expected';
import { describePending, describeVersion } from '../describe';

export const CHECK_HELP = `driftboard check --env NAME [--max-risk LEVEL] [--fail-on-drift] [--fail-on-pending] [--project P] [--config F] [--json]

The pre-deploy gate. Fails when the environment is unreachable or errored, when its version table is
dirty, failed or names an unknown version, and on what the flags ask for:
  --max-risk LEVEL    a pending migration rated above LEVEL (low, medium, high, critical)
  --fail-on-drift     any schema change or ghost migration against the schema at its version
  --fail-on-pending   any pending migration
  --fail-on-model-drift  any change against the ORM models ("models" in the config), or tables
                      the models and the environment have that no migration creates
  --no-cache          replay the migrations from scratch (no expected-schema cache)
Exit 0 pass, 1 fail, 2 usage or configuration error.`;

const flags = z.object({
  config: z.string().optional(),
  project: z.string().min(1).optional(),
  env: z.string({ error: 'is required' }).min(1, 'is required'),
  'max-risk': riskLevel.optional(),
  'fail-on-drift': z.boolean(),
  'fail-on-pending': z.boolean(),
  'fail-on-model-drift': z.boolean(),
  json: z.boolean(),
  timeout: timeoutSeconds.optional(),
  'no-cache': z.boolean(),
});

export async function checkCommand(argv: string[], io: Io): Promise<number> {
  const { values } = parseFlags('check', argv, {
    ...COMMON_OPTIONS,
    env: { type: 'string', short: 'e' },
    'max-risk': { type: 'string' },
    'fail-on-drift': { type: 'boolean', default: false },
    'fail-on-pending': { type: 'boolean', default: false },
    'fail-on-model-drift': { type: 'boolean', default: false },
  });
  if (values.help) return (io.out(CHECK_HELP), EXIT.ok);
  const f = validateFlags('check', flags, values);
  configureCliCache(f.config ?? DEFAULT_CONFIG_FILE, f['no-cache'], (m) => io.err(m));
  const { config, set } = await loadProject(f.config, f.project, f.env);
  if (!f.json) printWarnings(io, set.diagnostics);
  const [status] = (await getStatusReport(config, { env: f.env, timeoutMs: f.timeout, set })).environments;
  const gate = evaluateGate(status, { maxRisk: f['max-risk'], failOnDrift: f['fail-on-drift'], failOnPending: f['fail-on-pending'], failOnModelDrift: f['fail-on-model-drift'] });
  if (f.json) {
    printJson(io, { environment: status.name, pass: gate.pass, reasons: gate.reasons, status: statusJson(status) });
  } else {
    const lines = [`${gate.pass ? 'PASS' : 'FAIL'}  ${status.name}  version ${describeVersion(status)}, head ${status.head ?? '-'}, behind ${status.behind ?? '?'}`];
    for (const r of gate.reasons) lines.push(`  - ${r}`);
    lines.push(...describePending(status).map((l) => `  ${l}`));
    io.out(lines.join('\n'));
  }
  return gate.pass ? EXIT.ok : EXIT.fail;
}
