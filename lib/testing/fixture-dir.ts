import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Temporary directories of files for tests: `write({ 'a/b.sql': '…' })` makes one and returns its path;
 * `cleanup()` removes every directory written so far (call it in afterEach or afterAll).
 */
export function fixtureDirs(prefix: string): { write(files: Record<string, string>): Promise<string>; cleanup(): Promise<void> } {
  const dirs: string[] = [];
  return {
    async write(files) {
      const dir = await mkdtemp(join(tmpdir(), prefix));
      dirs.push(dir);
      for (const [path, text] of Object.entries(files)) {
        await mkdir(join(dir, path, '..'), { recursive: true });
        await writeFile(join(dir, path), text);
      }
      return dir;
    },
    async cleanup() {
      for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
    },
  };
}
