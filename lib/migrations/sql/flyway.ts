import { readdir, readFile } from 'node:fs/promises';
import { crc32 } from 'node:zlib';
import { basename, dirname, join } from 'node:path';
import type { Diagnostic, Migration, MigrationStatement } from '../../model/migration';
import { defaultSplit, type SplitFn } from './split-cache';
import { downErrorMeta, FileErrors, humanize, readFiles, sha256Hex, splitDown } from './linear';
import { compareVersions, FLYWAY_FILE, versionKey } from './scheme';

/**
 * Statements PostgreSQL refuses inside a transaction. Flyway's PostgreSQL parser spots these and then runs
 * the whole migration without a transaction, so Driftboard must model that too.
 */
const NON_TRANSACTIONAL = [
  /^(CREATE|DROP)\s+(UNIQUE\s+)?INDEX\s+CONCURRENTLY\b/i,
  /^REINDEX\b/i,
  /^VACUUM\b/i,
  /^(CREATE|DROP)\s+(DATABASE|TABLESPACE|SUBSCRIPTION)\b/i,
  /^ALTER\s+SYSTEM\b/i,
  /^DISCARD\s+ALL\b/i,
];

/** Reads Flyway `V`/`U` files (full paths, possibly in subfolders); `R__` repeatables become warnings. */
export async function loadFlyway(files: string[], diagnostics: Diagnostic[], split: SplitFn = defaultSplit): Promise<Migration[]> {
  const undo = new Map<string, string>();
  const versioned: Array<{ file: string; version: string; desc: string }> = [];
  for (const file of files) {
    const m = FLYWAY_FILE.exec(basename(file));
    if (!m) continue;
    const [, prefix, rawVersion, desc] = m;
    if (!prefix) {
      diagnostics.push({
        level: 'warning',
        code: 'repeatable-migration',
        message: `repeatable migration ${basename(file)} is not analyzed (Flyway re-runs it whenever it changes)`,
        file,
        line: 1,
      });
      continue;
    }
    const version = rawVersion.replace(/_/g, '.');
    if (prefix === 'U') undo.set(versionKey(version), file);
    else versioned.push({ file, version, desc });
  }
  versioned.sort((a, b) => compareVersions(a.version, b.version) || (a.file < b.file ? -1 : 1));

  const byKey = new Set(versioned.map((v) => versionKey(v.version)));
  for (const [key, file] of undo) {
    if (!byKey.has(key)) {
      diagnostics.push({ level: 'warning', code: 'orphan-undo', message: `undo migration ${basename(file)} has no V${key} migration`, file, line: 1 });
    }
  }

  const contents = await readFiles([...versioned.map((v) => v.file), ...undo.values()]);
  const confs = await confFiles(versioned.map((v) => v.file));
  const out: Migration[] = [];
  const errors = new FileErrors();
  const seen = new Map<string, string>();
  for (const v of versioned) {
    // `1.0` and `1` are the same Flyway version: Flyway refuses such a directory.
    const key = versionKey(v.version);
    const first = seen.get(key);
    if (first) {
      diagnostics.push({ level: 'error', code: 'duplicate-version', message: `version ${v.version} is used twice: ${first} and ${v.file}`, file: v.file, line: 1 });
      continue;
    }
    seen.set(key, v.file);
    const bytes = contents.get(v.file)!;
    const conf = confs.has(`${v.file}.conf`) ? await readConf(`${v.file}.conf`) : {};
    const up = await errors.attempt(() => split(withoutPlaceholders(bytes.toString('utf8')), v.file));
    if (!up) continue;
    const undoFile = undo.get(versionKey(v.version));
    const undoRead = undoFile ? await splitDown(withoutPlaceholders(contents.get(undoFile)!.toString('utf8')), undoFile, split) : null;
    const down = undoRead?.chunks ?? null;
    const inTx = (chunks: Array<{ sql: string }>) =>
      conf.executeInTransaction !== 'false' && !chunks.some((c) => NON_TRANSACTIONAL.some((re) => re.test(c.sql)));
    const upTx = inTx(up);
    out.push({
      id: v.version,
      description: humanize(v.desc),
      tool: 'sql',
      file: v.file,
      parents: [],
      dependsOn: [],
      branchLabels: [],
      statements: up.map((c): MigrationStatement => ({ sql: c.sql, line: c.line, origin: null, inTransaction: upTx })),
      downStatements: down ? down.map((c) => ({ sql: c.sql, line: c.line, origin: null, inTransaction: inTx(down) })) : null,
      reversible: down !== null && down.length > 0,
      unanalyzed: [],
      checksum: sha256Hex(bytes),
      meta: {
        scheme: 'flyway',
        idLine: '1',
        versionKey: versionKey(v.version),
        flywayChecksum: String(flywayChecksum(bytes.toString('utf8'))),
        transaction: upTx ? 'per-migration' : 'none',
        ...(undoFile ? { undoFile } : {}),
        ...downErrorMeta(undoRead?.error ?? null, `undo migration ${basename(undoFile ?? '')}`, diagnostics),
      },
    });
  }
  errors.finish();
  return out;
}

/**
 * The checksum Flyway stores in `flyway_schema_history.checksum`: CRC32 over the script's lines (UTF-8,
 * line breaks excluded, a leading BOM dropped), read as a signed 32-bit int.
 */
export function flywayChecksum(script: string): number {
  const lines = script.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  if (lines[lines.length - 1] === '') lines.pop(); // a final line break starts no new line
  let crc = 0;
  for (const line of lines) crc = crc32(Buffer.from(line, 'utf8'), crc);
  return crc | 0;
}

/**
 * Flyway substitutes `${name}` placeholders (e.g. `${flyway:defaultSchema}`) before running a script; their
 * values live in the Flyway config, not here. Each becomes a bare identifier of its name so the script
 * still parses and a placeholder used as a schema or table name still reads as one.
 */
export function withoutPlaceholders(sql: string): string {
  return sql.replace(/\$\{([^}\n]+)\}/g, (_, name: string) => name.replace(/[^A-Za-z0-9_]/g, '_').replace(/^(?=\d)/, '_'));
}

/** The `.sql.conf` files next to the given scripts (one directory listing each, not one failed read per script). */
async function confFiles(files: string[]): Promise<Set<string>> {
  const found = new Set<string>();
  for (const dir of new Set(files.map((f) => dirname(f)))) {
    for (const name of await readdir(dir)) if (name.endsWith('.sql.conf')) found.add(join(dir, name));
  }
  return found;
}

/** A Flyway script config file (`V1__x.sql.conf`, `key=value` lines), or {} when there is none. */
async function readConf(path: string): Promise<Record<string, string>> {
  const text = await readFile(path, 'utf8');
  const conf: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const m = /^\s*([\w.]+)\s*=\s*(.*?)\s*$/.exec(line);
    if (m) conf[m[1]] = m[2].toLowerCase();
  }
  return conf;
}
