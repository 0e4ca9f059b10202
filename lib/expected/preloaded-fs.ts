import { MemoryFS } from '@electric-sql/pglite';
import { readTar } from './tar';

/** Where PGlite keeps its data folder in its in-memory file system (PGDATA; PGlite does not export it). */
const PGDATA = '/pglite/data';

interface EmscriptenFs {
  mkdir(path: string): void;
  writeFile(path: string, data: Uint8Array, opts?: { canOwn?: boolean }): void;
  analyzePath(path: string): { exists: boolean };
}

/**
 * PGlite's in-memory file system, filled with a data folder (an uncompressed dump) before PostgreSQL
 * starts: what `loadDataDir` does, in about half the time for a shadow of hundreds of tables. PGlite's
 * own loader looks up every parent folder of every file and sets each file's time; this one makes each
 * folder once and hands each file its bytes without copying them (the files are views of `tar`, which
 * must not be used for anything else afterwards). Null for a tar readTar does not recognise, or one
 * without PG_VERSION: the caller uses `loadDataDir`.
 */
export function preloadedMemoryFs(tar: Uint8Array<ArrayBuffer>): MemoryFS | null {
  const members = readTar(tar);
  if (!members?.some((m) => m.name.replace(/^\/+/, '') === 'PG_VERSION')) return null;
  return new (class extends MemoryFS {
    override async initialSyncFs(): Promise<void> {
      await super.initialSyncFs();
      const fs = (this.pg as unknown as { Module: { FS: EmscriptenFs } }).Module.FS;
      const made = new Set<string>();
      const folder = (dir: string) => {
        if (made.has(dir)) return;
        const parent = dir.slice(0, dir.lastIndexOf('/'));
        if (parent.length >= PGDATA.length) folder(parent);
        if (!fs.analyzePath(dir).exists) fs.mkdir(dir);
        made.add(dir);
      };
      for (const m of members) {
        const path = `${PGDATA}/${m.name.replace(/^\/+/, '').replace(/\/+$/, '')}`;
        if (m.type === 'dir') folder(path);
        else {
          folder(path.slice(0, path.lastIndexOf('/')));
          fs.writeFile(path, m.body, { canOwn: true });
        }
      }
    }
  })();
}
