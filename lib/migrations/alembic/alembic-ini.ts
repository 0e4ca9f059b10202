import { stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';

/**
 * The alembic.ini of a versions directory: the nearest one walking up from it (`alembic init` puts it two
 * levels above `versions/`; monorepos put it higher). Null when none exists up to the filesystem root.
 */
export async function findAlembicIni(versionsDir: string): Promise<string | null> {
  let dir = resolve(versionsDir);
  for (;;) {
    const candidate = join(dir, 'alembic.ini');
    if ((await stat(candidate).catch(() => null))?.isFile()) return candidate;
    const parent = dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}
