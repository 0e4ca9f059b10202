import { basename } from 'node:path';
import type { Diagnostic, Migration } from '../../model/migration';
import { defaultSplit, type SplitFn } from './split-cache';
import { downErrorMeta, FileErrors, humanize, readFiles, sha256Hex, splitDown } from './linear';
import { GOLANG_MIGRATE_FILE } from './scheme';

/**
 * Reads golang-migrate `<version>_<title>.up.sql` / `.down.sql` pairs.
 *
 * Transactions: the postgres driver sends a whole file as one multi-statement query (unless the URL says
 * `x-multi-statement=true`), which PostgreSQL runs as one implicit transaction; a file of a single
 * statement runs on its own. Hence `inTransaction = statements > 1` (meta.transaction says so).
 */
export async function loadGolangMigrate(files: string[], diagnostics: Diagnostic[], split: SplitFn = defaultSplit): Promise<Migration[]> {
  const pairs = new Map<bigint, { version: string; title: string; up?: string; down?: string }>();
  for (const file of files) {
    const m = GOLANG_MIGRATE_FILE.exec(basename(file));
    if (!m) continue;
    const [, version, title, direction] = m;
    const key = BigInt(version);
    const pair = pairs.get(key) ?? { version, title };
    if (direction === 'up' ? pair.up : pair.down) {
      diagnostics.push({ level: 'error', code: 'duplicate-version', message: `version ${key} has two ${direction} files: ${pair[direction === 'up' ? 'up' : 'down']} and ${file}`, file, line: 1 });
      continue;
    }
    pair[direction === 'up' ? 'up' : 'down'] = file;
    pairs.set(key, pair);
  }

  const contents = await readFiles([...pairs.values()].flatMap((p) => [p.up, p.down].filter((f): f is string => f !== undefined)));
  const out: Migration[] = [];
  const errors = new FileErrors();
  for (const [key, pair] of [...pairs].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (!pair.up) {
      diagnostics.push({ level: 'warning', code: 'missing-up', message: `version ${key} has a down file but no up file`, file: pair.down ?? null, line: 1 });
      continue;
    }
    const bytes = contents.get(pair.up)!;
    const up = await errors.attempt(() => split(bytes.toString('utf8'), pair.up!));
    if (!up) continue;
    const downRead = pair.down ? await splitDown(contents.get(pair.down)!.toString('utf8'), pair.down, split) : null;
    const down = downRead?.error ? [] : (downRead?.chunks ?? null);
    const upTx = up.length > 1;
    const downTx = (down?.length ?? 0) > 1;
    out.push({
      id: String(key),
      description: humanize(pair.title),
      tool: 'sql',
      file: pair.up,
      parents: [],
      dependsOn: [],
      branchLabels: [],
      statements: up.map((c) => ({ sql: c.sql, line: c.line, origin: null, inTransaction: upTx })),
      downStatements: down ? down.map((c) => ({ sql: c.sql, line: c.line, origin: null, inTransaction: downTx })) : null,
      reversible: down !== null && down.length > 0,
      unanalyzed: [],
      checksum: sha256Hex(bytes),
      meta: {
        scheme: 'golang-migrate',
        idLine: '1',
        version: pair.version,
        transaction: upTx ? 'implicit (multi-statement query)' : 'none (single statement)',
        ...(pair.down ? { downFile: pair.down } : {}),
        ...downErrorMeta(downRead?.error ?? null, `down file ${basename(pair.down ?? '')}`, diagnostics),
      },
    });
  }
  errors.finish();
  return out;
}
