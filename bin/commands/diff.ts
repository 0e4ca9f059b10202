import { z } from 'zod';
import { access } from 'node:fs/promises';
import { DEFAULT_CONFIG_FILE } from '../../lib/config';
import { loadProjectConfig } from '../project';
import { diffSchemas } from '../../lib/diff';
import type { DriftboardConfig } from '../../lib/model/config';
import type { SchemaChange } from '../../lib/model/diff';
import { resolveSchemaRef } from '../../lib/status';
import { COMMON_OPTIONS, parseFlags, timeoutSeconds, validateFlags } from '../args';
import { EXIT, printJson, type Io } from '../io';
import { plural, renderTable } from '../table';

export const DIFF_HELP = `driftboard diff --from A --to B [--project P] [--config F] [--json]

Column-level differences between two schemas. A and B are environment names from the config or
connection URLs (postgres://…, postgresql://…). "missing" = in A, not in B; "unexpected" = in B, not in A.
Exit 0 when both were read (whatever the differences), 1 when one cannot be reached, 2 on bad input.`;

const flags = z.object({
  config: z.string().optional(),
  project: z.string().min(1).optional(),
  from: z.string({ error: 'is required' }).min(1, 'is required'),
  to: z.string({ error: 'is required' }).min(1, 'is required'),
  json: z.boolean(),
  timeout: timeoutSeconds.optional(),
});

const isUrl = (ref: string) => /^[a-z][a-z0-9+.-]*:\/\//i.test(ref);

export async function diffCommand(argv: string[], io: Io): Promise<number> {
  const { values } = parseFlags('diff', argv, { ...COMMON_OPTIONS, from: { type: 'string' }, to: { type: 'string' } });
  if (values.help) return (io.out(DIFF_HELP), EXIT.ok);
  const f = validateFlags('diff', flags, values);
  const config = await configFor(f.config, [f.from, f.to], f.project);
  const [from, to] = await Promise.all([
    resolveSchemaRef(config, f.from, { timeoutMs: f.timeout }),
    resolveSchemaRef(config, f.to, { timeoutMs: f.timeout }),
  ]);
  const changes = diffSchemas(from.snapshot.schema, to.snapshot.schema);
  if (f.json) printJson(io, { from: from.label, to: to.label, changes });
  else io.out(renderChanges(from.label, to.label, changes));
  return EXIT.ok;
}

/** Environment names need the config; two URLs do not, unless --config was given. */
async function configFor(file: string | undefined, refs: string[], project: string | undefined): Promise<DriftboardConfig | null> {
  if (file) return loadProjectConfig(file, project, refs.find((r) => !isUrl(r)));
  if (refs.every(isUrl)) {
    const exists = await access(DEFAULT_CONFIG_FILE).then(() => true, () => false);
    return exists ? loadProjectConfig(DEFAULT_CONFIG_FILE, project) : null;
  }
  return loadProjectConfig(DEFAULT_CONFIG_FILE, project, refs.find((r) => !isUrl(r)));
}

export function renderChanges(from: string, to: string, changes: SchemaChange[]): string {
  if (changes.length === 0) return `No differences between ${from} and ${to}.`;
  const rows = changes.map((c) => [c.change, c.kind, [c.schema, c.table, c.name].filter(Boolean).join('.'), detailOf(c)]);
  return `${plural(changes.length, 'difference')} from ${from} to ${to}:\n${renderTable(['CHANGE', 'KIND', 'OBJECT', 'DETAIL'], rows)}`;
}

function detailOf(c: SchemaChange): string {
  if (c.change !== 'altered' || !c.expected) return '';
  return Object.keys(c.expected)
    .map((k) => `${k}: ${JSON.stringify(c.expected?.[k])} → ${JSON.stringify(c.actual?.[k])}`)
    .join('; ');
}
