import { basename } from 'node:path';
import type { Diagnostic, Migration, MigrationStatement } from '../../model/migration';
import { UserInputError } from '../../model/errors';
import { defaultSplit, type SplitFn } from './split-cache';
import { downErrorMeta, FileErrors, humanize, readFiles, sha256Hex, splitDown } from './linear';
import { DBMATE_FILE } from './scheme';

const MARKER = /^--\s*migrate:(up|down)(?:[ \t]+(.*?))?\s*$/;

interface Section {
  /** 1-based line of the marker. */
  line: number;
  options: Record<string, string>;
  /** Text of the section with every line before it blanked, so parser lines stay the file's lines. */
  text: string;
}

/**
 * Reads dbmate `<version>_<desc>.sql` files with `-- migrate:up` / `-- migrate:down` sections.
 * dbmate runs each section in a transaction unless its marker says `transaction:false`.
 */
export async function loadDbmate(files: string[], diagnostics: Diagnostic[], split: SplitFn = defaultSplit): Promise<Migration[]> {
  const entries = files
    .map((file) => ({ file, m: DBMATE_FILE.exec(basename(file)) }))
    .filter((e): e is { file: string; m: RegExpExecArray } => e.m !== null)
    .sort((a, b) => {
      const x = BigInt(a.m[1]);
      const y = BigInt(b.m[1]);
      return x !== y ? (x < y ? -1 : 1) : a.file < b.file ? -1 : 1;
    });

  const contents = await readFiles(entries.map((e) => e.file));
  const out: Migration[] = [];
  const errors = new FileErrors();
  for (const { file, m } of entries) {
    const bytes = contents.get(file)!;
    const read = await errors.attempt(async () => {
      const sections = splitSections(bytes.toString('utf8'), file);
      return { sections, upChunks: await split(sections.up!.text, file) };
    });
    if (!read) continue;
    const { sections, upChunks } = read;
    const up = sections.up!;
    const downRead = sections.down ? await splitDown(sections.down.text, file, split) : null;
    const downChunks = downRead?.chunks ?? null;
    const tx = (s: Section) => s.options.transaction !== 'false';
    const toStatements = (chunks: Array<{ sql: string; line: number }>, s: Section): MigrationStatement[] =>
      chunks.map((c) => ({ sql: c.sql, line: c.line, origin: null, inTransaction: tx(s) }));
    out.push({
      id: m[1],
      description: humanize(m[2] ?? ''),
      tool: 'sql',
      file,
      parents: [],
      dependsOn: [],
      branchLabels: [],
      statements: toStatements(upChunks, up),
      downStatements: downChunks && sections.down ? toStatements(downChunks, sections.down) : null,
      reversible: downChunks !== null && downChunks.length > 0,
      unanalyzed: [],
      checksum: sha256Hex(bytes),
      meta: {
        scheme: 'dbmate',
        idLine: String(up.line),
        transaction: tx(up) ? 'per-migration' : 'none',
        ...downErrorMeta(downRead?.error ?? null, `the -- migrate:down section of ${basename(file)}`, diagnostics),
      },
    });
  }
  errors.finish();
  return out;
}

function splitSections(text: string, file: string): { up?: Section; down?: Section } {
  const lines = text.split('\n');
  const markers: Array<{ kind: 'up' | 'down'; index: number; options: Record<string, string> }> = [];
  lines.forEach((raw, index) => {
    const m = MARKER.exec(raw.replace(/\r$/, ''));
    if (m) markers.push({ kind: m[1] as 'up' | 'down', index, options: parseOptions(m[2] ?? '') });
  });
  const ups = markers.filter((k) => k.kind === 'up');
  const downs = markers.filter((k) => k.kind === 'down');
  if (ups.length === 0) throw new UserInputError(`${file}:1: dbmate migration has no "-- migrate:up" section`);
  if (ups.length > 1) throw new UserInputError(`${file}:${ups[1].index + 1}: second "-- migrate:up" section`);
  if (downs.length > 1) throw new UserInputError(`${file}:${downs[1].index + 1}: second "-- migrate:down" section`);
  // dbmate refuses SQL before the first section: it would belong to no direction.
  const stray = lines.slice(0, markers[0].index).findIndex((l) => l.trim() !== '' && !/^\s*--/.test(l));
  if (stray !== -1) throw new UserInputError(`${file}:${stray + 1}: SQL before the first "-- migrate:up" / "-- migrate:down" marker`);

  const result: { up?: Section; down?: Section } = {};
  markers.forEach((k, i) => {
    const end = i + 1 < markers.length ? markers[i + 1].index : lines.length;
    const body = lines.slice(k.index + 1, end).join('\n');
    result[k.kind] = { line: k.index + 1, options: k.options, text: '\n'.repeat(k.index + 1) + body };
  });
  return result;
}

/** `transaction:false foo:bar` → { transaction: 'false', foo: 'bar' }. */
function parseOptions(s: string): Record<string, string> {
  const options: Record<string, string> = {};
  for (const word of s.split(/\s+/).filter(Boolean)) {
    const [key, value = ''] = word.split(':');
    options[key] = value;
  }
  return options;
}
