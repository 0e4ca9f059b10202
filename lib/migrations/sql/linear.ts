import { createHash } from 'node:crypto';
import { readMigrationFile } from '../read-file';
import type { Diagnostic, Migration } from '../../model/migration';
import { UserInputError } from '../../model/errors';
import type { SqlChunk } from '../../sql/split';
import type { SplitFn } from './split-cache';

/** sha256 hex of a file's bytes. */
export function sha256Hex(bytes: Buffer | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** `add_users_table` → `add users table` (Flyway shows descriptions the same way). */
export function humanize(name: string): string {
  return name.replace(/_+/g, ' ').trim();
}

/**
 * Chains already-ordered migrations of a linear tool (each builds on the previous one) and drops
 * later duplicates of an id, reporting them: a graph of one id twice cannot be ordered.
 */
export function chainLinear(ordered: Migration[], diagnostics: Diagnostic[]): Migration[] {
  const seen = new Map<string, Migration>();
  const kept: Migration[] = [];
  for (const m of ordered) {
    const first = seen.get(m.id);
    if (first) {
      diagnostics.push({
        level: 'error',
        code: 'duplicate-version',
        message: `version ${m.id} is used twice: ${first.file} and ${m.file}`,
        file: m.file,
        line: 1,
      });
      continue;
    }
    seen.set(m.id, m);
    kept.push({ ...m, parents: kept.length > 0 ? [kept[kept.length - 1].id] : [] });
  }
  return kept;
}

/** Reads many files at once (I/O overlaps; parsing stays sequential), keyed by path. */
export async function readFiles(paths: string[]): Promise<Map<string, Buffer>> {
  // Only regular files under the size limit (the directory listing has already warned about the others).
  const read = async (p: string): Promise<Buffer> => {
    const bytes = await readMigrationFile(p, []);
    if (!bytes) throw new UserInputError(`${p}: not a regular file`);
    return bytes;
  };
  const contents = await Promise.all(paths.map(read));
  return new Map(paths.map((p, i) => [p, contents[i]]));
}

/** Where a down script's parse error is, for the migration's meta (`downError*`) and a warning. */
export interface DownError {
  message: string;
  file: string;
  line: number | null;
}

/**
 * Splits a down script (golang-migrate `.down.sql`, dbmate `-- migrate:down`, Flyway `U` file). One
 * that does not parse must not block the way up: it yields no statements and a DownError, and the
 * migration counts as irreversible (see downErrorMeta). Other errors propagate.
 */
export async function splitDown(text: string, file: string, split: SplitFn): Promise<{ chunks: SqlChunk[]; error: DownError | null }> {
  try {
    return { chunks: await split(text, file), error: null };
  } catch (error) {
    if (!(error instanceof UserInputError)) throw error;
    const rest = error.message.startsWith(`${file}:`) ? error.message.slice(file.length + 1) : error.message;
    const m = /^(\d+): ([\s\S]*)$/.exec(rest);
    return { chunks: [], error: { message: m ? m[2] : rest, file, line: m ? Number(m[1]) : null } };
  }
}

/** The migration meta keys irreversibleMigration reads, and a warning for `lint`/`status` output. */
export function downErrorMeta(error: DownError | null, what: string, diagnostics: Diagnostic[]): Record<string, string> {
  if (!error) return {};
  diagnostics.push({
    level: 'warning',
    code: 'down-parse-error',
    message: `${what} does not parse (${error.message}); the migration counts as irreversible, the way up is read as usual`,
    file: error.file,
    line: error.line,
  });
  return { downError: error.message, downErrorFile: error.file, ...(error.line !== null ? { downErrorLine: String(error.line) } : {}) };
}

/**
 * Runs a loader step per file and keeps going when one throws a UserInputError, so one run reports
 * every bad file. `finish()` throws one UserInputError listing each as `file:line: message`.
 */
export class FileErrors {
  private readonly messages: string[] = [];

  async attempt<T>(step: () => Promise<T>): Promise<T | undefined> {
    try {
      return await step();
    } catch (error) {
      if (!(error instanceof UserInputError)) throw error;
      this.messages.push(error.message);
      return undefined;
    }
  }

  finish(): void {
    if (this.messages.length === 0) return;
    if (this.messages.length === 1) throw new UserInputError(this.messages[0]);
    throw new UserInputError(`${this.messages.length} migration files cannot be read:\n${this.messages.map((m) => `  ${m}`).join('\n')}`);
  }
}
