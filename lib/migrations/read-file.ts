import { AsyncLocalStorage } from 'node:async_hooks';
import { constants, type Dirent, type Stats } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Diagnostic } from '../model/migration';
import { UserInputError } from '../model/errors';

/**
 * Reading migration files defensively. A migration folder is user input: a FIFO or a symlink to /dev/zero
 * must not hang a run, a directory named `x.py` must not surface as a bare EISDIR, and a 20 MB file must
 * not take the SQL parser's memory. Only regular files are read, up to `migrations.maxFileBytes`.
 */

export const DEFAULT_MAX_FILE_BYTES = 5 * 1024 * 1024;

const limits = new AsyncLocalStorage<{ maxFileBytes: number }>();

/** Runs `step` with a per-file size limit (the config's `migrations.maxFileBytes`). */
export function withFileLimit<T>(maxFileBytes: number | null | undefined, step: () => Promise<T>): Promise<T> {
  return limits.run({ maxFileBytes: maxFileBytes ?? DEFAULT_MAX_FILE_BYTES }, step);
}

export function maxFileBytes(): number {
  return limits.getStore()?.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
}

/** What a path is when it is not a regular file, in words for a message; null for a regular file. */
export function notRegular(info: Stats | Dirent): string | null {
  if (info.isFile()) return null;
  if (info.isDirectory()) return 'a directory';
  if (info.isFIFO()) return 'a FIFO (named pipe)';
  if (info.isSocket()) return 'a socket';
  if (info.isCharacterDevice()) return 'a character device';
  if (info.isBlockDevice()) return 'a block device';
  if (info.isSymbolicLink()) return 'a symbolic link';
  return 'not a regular file';
}

/** Why a path cannot be followed (a symlink loop, a dangling link), or null when the error is another one. */
function unfollowable(error: unknown): string | null {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ELOOP') return 'a symbolic link loop';
  if (code === 'ENOENT') return 'a broken symbolic link';
  return null;
}

/** A warning naming a file that was not read. */
export function skippedFile(file: string, what: string): Diagnostic {
  return { level: 'warning', code: 'not-a-file', message: `${what}, not a regular file; skipped`, file, line: null };
}

/**
 * Reads a migration file: null (and a warning in `diagnostics`) when it is not a regular file; a
 * UserInputError naming it when it is over the size limit or unreadable. The file is opened without
 * blocking, so a FIFO is recognized instead of waited on.
 */
export async function readMigrationFile(file: string, diagnostics: Diagnostic[]): Promise<Buffer | null> {
  let handle;
  try {
    handle = await open(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    const why = unfollowable(error);
    if (why) {
      diagnostics.push(skippedFile(file, why));
      return null;
    }
    throw new UserInputError(`${file}: cannot read (${(error as NodeJS.ErrnoException).code ?? String(error)})`, { cause: error });
  }
  try {
    const info = await handle.stat();
    const what = notRegular(info);
    if (what) {
      diagnostics.push(skippedFile(file, what));
      return null;
    }
    const limit = maxFileBytes();
    if (info.size > limit) throw tooLarge(file, info.size, limit);
    // Read at most limit + 1 bytes: a file that grows while being read is still caught.
    const buffer = Buffer.alloc(Math.min(info.size, limit) + 1);
    let length = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, null);
      if (bytesRead === 0) break;
      length += bytesRead;
      if (length > limit) throw tooLarge(file, `more than ${limit}`, limit);
      if (length === buffer.length) break;
    }
    return buffer.subarray(0, length);
  } catch (error) {
    if (error instanceof UserInputError) throw error;
    throw new UserInputError(`${file}: cannot read (${(error as NodeJS.ErrnoException).code ?? String(error)})`, { cause: error });
  } finally {
    await handle.close();
  }
}

function tooLarge(file: string, size: number | string, limit: number): UserInputError {
  return new UserInputError(`${file}: ${size} bytes, over the limit of ${limit} bytes per migration file (raise migrations.maxFileBytes to read it)`);
}

/**
 * Of the directory entries whose name matches, the regular files (symbolic links followed) by name;
 * every other match (a directory named `V2__x.sql`, a FIFO, a link loop) is a warning naming it.
 */
export async function regularFiles(dir: string, entries: Dirent[], matches: (name: string) => boolean, diagnostics: Diagnostic[]): Promise<string[]> {
  const out: string[] = [];
  for (const e of entries) {
    if (!matches(e.name)) continue;
    if (e.isFile()) {
      out.push(e.name);
      continue;
    }
    let what = notRegular(e);
    if (e.isSymbolicLink()) {
      what = await stat(join(dir, e.name)).then(
        (info) => notRegular(info),
        (error: unknown) => unfollowable(error) ?? 'an unreadable symbolic link',
      );
      if (what === null) {
        out.push(e.name);
        continue;
      }
    }
    diagnostics.push(skippedFile(join(dir, e.name), what ?? 'not a regular file'));
  }
  return out.sort();
}
