import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Diagnostic, Migration } from '../../model/migration';

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
  const contents = await Promise.all(paths.map((p) => readFile(p)));
  return new Map(paths.map((p, i) => [p, contents[i]]));
}
