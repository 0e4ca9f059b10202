import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFile, realpath } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Diagnostic, Migration, MigrationSet, MigrationStatement, Unanalyzed } from '../../model/migration';
import { splitSql } from '../../sql/split';
import { DRIVER_SOURCE, RESULT_MARKER } from './python-driver';

/**
 * The exact expected SQL of an Alembic project, from the project's own Python environment
 * (`migrations.python`): its Alembic renders every revision offline (`--sql` mode) and those statements
 * replace the static reader's. Per revision: one that cannot be rendered offline keeps the static
 * reading, with a note saying why. The whole run failing (no interpreter, no Alembic, env.py crashing)
 * keeps the static reading of every migration, with a note on each and a set diagnostic.
 */

export interface PythonExactOptions {
  /** The interpreter: an absolute path, or a command name looked up on PATH. */
  python: string;
  /** Absolute path of the project's alembic.ini; the run's working directory is its folder. */
  alembicIni: string;
  /** Default 120 s. */
  timeoutMs?: number;
}

/** The offline URL env.py gets as `sqlalchemy.url`: PostgreSQL dialect, no host to reach, no password. */
export const OFFLINE_URL = 'postgresql://driftboard@offline.invalid/driftboard';
export const EXACT_ORIGIN = 'alembic --sql';
const DEFAULT_TIMEOUT_MS = 120_000;

interface DriverRevision {
  id: string;
  path: string;
  line: number;
  sql: string;
  error: { where: [string, number] | null; message: string } | null;
  versionTable: [string | null, string] | null;
}

interface DriverResult {
  alembic: string;
  revisions: DriverRevision[];
  /** Project files the run read (env.py, the project's own imported modules): they change the output too. */
  modules: string[];
}

interface CacheEntry {
  deps: Array<{ file: string; sha: string }>;
  result: DriverResult;
}

/** Per process: the dashboard and `watch` read the same set repeatedly; Python start-up is the cost. */
const cache = new Map<string, CacheEntry>();

/** Forgets cached runs (tests). */
export function clearPythonExactCache(): void {
  cache.clear();
}

export async function applyPythonExact(set: MigrationSet, options: PythonExactOptions): Promise<MigrationSet> {
  let result: DriverResult;
  try {
    result = await cachedRun(set, options);
  } catch (error) {
    const message = (error as Error).message;
    const diagnostic: Diagnostic = { level: 'warning', code: 'alembic-python-failed', message, file: options.alembicIni, line: null };
    return {
      ...set,
      migrations: set.migrations.map((m) => withNote(m, Number(m.meta.idLine ?? 1), `${message}; the static reading is used`)),
      diagnostics: [...set.diagnostics, diagnostic],
    };
  }

  const byId = new Map(result.revisions.map((r) => [r.id, r]));
  const migrations: Migration[] = [];
  for (const m of set.migrations) {
    const rev = byId.get(m.id);
    const file = await realpath(m.file).catch(() => m.file);
    if (!rev || rev.path !== file) {
      migrations.push(withNote(m, Number(m.meta.idLine ?? 1), `revision ${m.id} is not among the scripts of ${options.alembicIni}; the static reading is used`));
    } else if (rev.error) {
      const line = rev.error.where && rev.error.where[0] === file ? rev.error.where[1] : rev.line;
      const reason = `the project's Alembic (${options.python}) could not render this migration offline: ${rev.error.message}; the static reading is used`;
      migrations.push(withNote(m, line, reason, await sourceLine(m.file, line)));
    } else {
      migrations.push(await withExactStatements(m, rev));
    }
  }
  return { ...set, migrations };
}

/** The fallback note: one per migration, at the line Python failed on when it is in the file. */
function withNote(m: Migration, line: number, reason: string, code = 'upgrade()'): Migration {
  const note: Unanalyzed = { file: m.file, line, code, reason };
  return { ...m, unanalyzed: [...m.unanalyzed, note] };
}

async function withExactStatements(m: Migration, rev: DriverRevision): Promise<Migration> {
  let statements: MigrationStatement[];
  try {
    statements = await exactStatements(rev, m.file);
  } catch (error) {
    // e.g. a print() in upgrade() landed in the SQL output: the static reading is the better guess.
    return withNote(m, rev.line, `the offline SQL of the project's Alembic is not valid SQL (${(error as Error).message.split('\n')[0]}); the static reading is used`);
  }
  // The static reader's doubts were about the upgrade; its downgrade reading (and findings) stay.
  const downgradeNotes = m.unanalyzed.filter((u) => u.reason.startsWith('downgrade(): '));
  const { unverified: _dropped, ...rest } = m;
  return { ...rest, statements, unanalyzed: downgradeNotes };
}

/**
 * Alembic's offline output for one revision, as statements: the version-table bookkeeping and the
 * transaction frame go, and statements between a COMMIT and the next BEGIN (an autocommit_block) are
 * marked as running outside the transaction, as they do online.
 */
export async function exactStatements(rev: Pick<DriverRevision, 'sql' | 'line' | 'versionTable'>, file: string): Promise<MigrationStatement[]> {
  const chunks = await splitSql(rev.sql, `${file} (${EXACT_ORIGIN})`);
  const versionTable = rev.versionTable?.[1] ?? 'alembic_version';
  const bookkeeping = new RegExp(
    `^(create\\s+table|insert\\s+into|update|delete\\s+from|drop\\s+table)\\s+(?:"?[\\w$]+"?\\.)?"?${escapeRegExp(versionTable)}"?(?=[\\s(;]|$)`,
    'i',
  );
  const out: MigrationStatement[] = [];
  let inTransaction = false;
  for (const chunk of chunks) {
    const sql = chunk.sql.trim();
    if (/^(begin|start\s+transaction)$/i.test(sql)) {
      inTransaction = true;
      continue;
    }
    if (/^(commit|end)$/i.test(sql)) {
      inTransaction = false;
      continue;
    }
    if (bookkeeping.test(sql)) continue;
    out.push({ sql, line: rev.line, origin: EXACT_ORIGIN, inTransaction });
  }
  return out;
}

async function sourceLine(file: string, line: number): Promise<string> {
  const text = await readFile(file, 'utf8').catch(() => '');
  return text.split('\n')[line - 1]?.trim() || 'upgrade()';
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

async function cachedRun(set: MigrationSet, options: PythonExactOptions): Promise<DriverResult> {
  const key = createHash('sha256')
    .update(JSON.stringify([options.python, options.alembicIni, set.migrations.map((m) => [m.file, m.checksum])]))
    .digest('hex');
  const hit = cache.get(key);
  if (hit && (await depsUnchanged(hit.deps))) return hit.result;
  const result = await runDriver(options);
  const deps = await Promise.all(
    [options.alembicIni, ...result.modules].map(async (file) => ({ file, sha: await fileSha(file) })),
  );
  cache.set(key, { deps, result });
  return result;
}

async function depsUnchanged(deps: CacheEntry['deps']): Promise<boolean> {
  for (const d of deps) if ((await fileSha(d.file)) !== d.sha) return false;
  return true;
}

async function fileSha(file: string): Promise<string> {
  const bytes = await readFile(file).catch(() => null);
  return bytes ? createHash('sha256').update(bytes).digest('hex') : 'missing';
}

/** Runs the driver with the project's interpreter; every failure is an Error whose message names it. */
function runDriver(options: PythonExactOptions): Promise<DriverResult> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const who = `migrations.python ${options.python}`;
  return new Promise((resolvePromise, reject) => {
    execFile(
      options.python,
      ['-c', DRIVER_SOURCE, options.alembicIni, 'alembic', OFFLINE_URL],
      {
        cwd: dirname(options.alembicIni),
        timeout: timeoutMs,
        killSignal: 'SIGKILL',
        maxBuffer: 256 * 1024 * 1024,
        env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1', PYTHONIOENCODING: 'utf-8' },
      },
      (error, stdout, stderr) => {
        if (error) {
          const e = error as NodeJS.ErrnoException & { killed?: boolean; signal?: string | null };
          if (e.code === 'ENOENT') return reject(new Error(`${who}: interpreter not found`));
          if (e.code === 'EACCES') return reject(new Error(`${who}: not executable`));
          if (e.killed || e.signal === 'SIGKILL') {
            return reject(new Error(`${who}: the offline Alembic run did not finish within ${Math.round(timeoutMs / 1000)} s`));
          }
          return reject(new Error(`${who}: the offline Alembic run failed: ${lastLine(stderr) || e.message.split('\n')[0]}`));
        }
        const at = stdout.lastIndexOf(RESULT_MARKER);
        if (at < 0) return reject(new Error(`${who}: the offline Alembic run printed no result${stderr ? `: ${lastLine(stderr)}` : ''}`));
        try {
          resolvePromise(JSON.parse(stdout.slice(at + RESULT_MARKER.length)) as DriverResult);
        } catch {
          reject(new Error(`${who}: the offline Alembic run printed an unreadable result`));
        }
      },
    );
  });
}

function lastLine(text: string): string {
  const lines = text.split('\n').map((l) => l.trim()).filter(Boolean);
  return lines[lines.length - 1] ?? '';
}
