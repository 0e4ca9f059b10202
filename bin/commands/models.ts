import { z } from 'zod';
import { modelsReport, type ModelsReport } from '../../lib/models/report';
import { UserInputError } from '../../lib/model/errors';
import { displayPath } from '../../lib/config';
import { COMMON_OPTIONS, parseFlags, validateFlags } from '../args';
import { EXIT, printJson, type Io } from '../io';
import { loadProject, printWarnings } from '../project';
import { plural, renderTable } from '../table';
import { renderChanges } from './diff';

export const MODELS_HELP = `driftboard models [--project P] [--config F] [--json]

Compares the ORM models (config key "models": sqlalchemy or prisma, read statically, never imported)
with the schema the migrations build at head. "missing" = a model declares it and the migrations do not
create it; "unexpected" = the migrations create it and no model declares it. Also names several classes
mapped to one table, and what could not be resolved statically (file:line).
Exit 0 when they agree, 1 on any change or duplicate, 2 on usage, configuration or parse errors.`;

const flags = z.object({ config: z.string().optional(), project: z.string().min(1).optional(), json: z.boolean() });

export async function modelsCommand(argv: string[], io: Io): Promise<number> {
  const { values } = parseFlags('models', argv, { config: COMMON_OPTIONS.config, project: COMMON_OPTIONS.project, json: COMMON_OPTIONS.json, help: COMMON_OPTIONS.help });
  if (values.help) return (io.out(MODELS_HELP), EXIT.ok);
  const f = validateFlags('models', flags, values);
  const { config, set } = await loadProject(f.config, f.project);
  const models = config.models;
  if (!models) throw new UserInputError(`${config.file ? displayPath(config.file) : 'config'}: models: not configured (add "models": { "orm": "sqlalchemy", "path": "./app" })`);
  if (!f.json) printWarnings(io, set.diagnostics);
  const report = await modelsReport({ ...config, models }, set);
  if (f.json) {
    printJson(io, {
      orm: report.orm,
      models: report.models,
      changes: report.changes,
      duplicates: report.duplicates,
      unresolved: report.unresolved,
      unchecked: report.unchecked,
    });
  } else io.out(renderModels(report));
  return report.changes.length > 0 || report.duplicates.length > 0 ? EXIT.fail : EXIT.ok;
}

export function renderModels(r: ModelsReport): string {
  const out: string[] = [`${plural(r.models.length, 'model')} (${r.orm}).`];
  out.push(renderChanges('the models', 'the migrations at head', r.changes));
  if (r.duplicates.length > 0) {
    out.push(`${plural(r.duplicates.length, 'duplicate mapping')}:`);
    for (const d of r.duplicates) out.push(`  ${d.reason === 'same-table' ? `${d.schema}.${d.table}` : `${d.table} (same class name, several schemas)`}: ${d.classes.join(', ')}`);
  }
  if (r.unresolved.length > 0) {
    out.push(`${plural(r.unresolved.length, 'thing')} not resolved statically:`);
    out.push(renderTable(['WHERE', 'WHAT'], r.unresolved.map((u) => [`${u.file}:${u.line}`, u.message])));
  }
  if (r.unchecked.length > 0) {
    out.push(`${plural(r.unchecked.length, 'attribute')} not checked:`);
    out.push(renderTable(['OBJECT', 'ATTRIBUTE', 'WHY'], r.unchecked.map((u) => [`${u.schema}.${u.table}.${u.name}`, u.attribute, `${u.file}:${u.line} ${u.reason}`])));
  }
  return out.join('\n');
}
