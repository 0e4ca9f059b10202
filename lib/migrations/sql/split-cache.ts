import { createHash } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { SqlChunk } from '../../sql/split';
import { atomicWrite, expectedCacheDir } from '../../expected/cache';

/** Splits one script into statements (lib/sql/split's splitSql, or its cached answer). */
export type SplitFn = (source: string, file?: string) => Promise<SqlChunk[]>;

/** Parses every time (no cache). */
export const defaultSplit: SplitFn = async (source, file) => (await import('../../sql/split')).splitSql(source, file);

const FORMAT = 1;
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/**
 * The statements of each SQL file, remembered by the file's content in the expected-schema cache folder
 * (one file per migrations folder), so an unchanged project is read without starting the SQL parser.
 * Only successful splits are kept: a file that does not parse is parsed (and reported) every time.
 * Without a cache folder (--no-cache, or none configured) every file is parsed.
 */
export class SplitCache {
  private readonly used = new Map<string, SqlChunk[]>();
  private dirty = false;

  private constructor(
    private readonly file: string | null,
    private readonly stored: Map<string, SqlChunk[]>,
  ) {}

  static async open(root: string): Promise<SplitCache> {
    const dir = expectedCacheDir();
    if (!dir) return new SplitCache(null, new Map());
    const file = join(dir, `sql-split-v${FORMAT}`, `${sha256(root)}.json`);
    const stored = new Map<string, SqlChunk[]>();
    try {
      const parsed = JSON.parse(await readFile(file, 'utf8')) as { format?: number; entries?: Record<string, Array<[string, number]>> };
      if (parsed.format === FORMAT && parsed.entries && typeof parsed.entries === 'object') {
        for (const [hash, chunks] of Object.entries(parsed.entries)) {
          if (Array.isArray(chunks) && chunks.every((c) => Array.isArray(c) && typeof c[0] === 'string' && Number.isInteger(c[1]))) {
            stored.set(hash, chunks.map(([sql, line]) => ({ sql, line })));
          }
        }
      }
    } catch {
      // absent or unreadable: parse everything, and write it anew
    }
    return new SplitCache(file, stored);
  }

  readonly split: SplitFn = async (source, file) => {
    const hash = sha256(source);
    const known = this.used.get(hash) ?? this.stored.get(hash);
    if (known) {
      this.used.set(hash, known);
      return known.map((c) => ({ ...c }));
    }
    const { splitSql } = await import('../../sql/split');
    const chunks = await splitSql(source, file);
    this.used.set(hash, chunks);
    this.dirty = true;
    return chunks.map((c) => ({ ...c }));
  };

  /** Writes the splits of this read (only those: files gone from the folder are forgotten). Never throws. */
  async save(): Promise<void> {
    if (!this.file || (!this.dirty && this.used.size === this.stored.size)) return;
    const entries: Record<string, Array<[string, number]>> = {};
    for (const [hash, chunks] of this.used) entries[hash] = chunks.map((c) => [c.sql, c.line]);
    try {
      await mkdir(join(this.file, '..'), { recursive: true });
      await atomicWrite(this.file, JSON.stringify({ format: FORMAT, entries }));
    } catch {
      // not written: parsed again next time
    }
  }
}
