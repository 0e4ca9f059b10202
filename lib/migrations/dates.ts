import { readFile } from 'node:fs/promises';
import type { Migration } from '../model/migration';

/**
 * When a migration was written, as its own file says: Alembic's `Create Date:` docstring line, Prisma's
 * folder timestamp, or a version that is a timestamp (Flyway, golang-migrate, dbmate). Never the file's
 * mtime: a checkout or a copy resets it, so it would be a confident wrong answer. Unknown is said so.
 */
export interface AuthoredDate {
  /** ISO 8601 UTC, or null when the file does not say. */
  at: string | null;
  /** Where the date came from, or null when unknown. */
  source: 'alembic-create-date' | 'prisma-folder' | 'version-timestamp' | null;
  /** Why the date is unknown or approximate (`no time zone in the file: read as UTC`), else null. */
  note: string | null;
}

const UNKNOWN_VERSION = 'date unknown: the version is not a timestamp';

/** Alembic's `Create Date: 2024-05-21 15:16:38.004772` (optionally `+02:00`) inside the module docstring. */
export function dateFromAlembicSource(source: string): AuthoredDate {
  const docstring = /^\s*(?:[rRuU])?("""|''')([\s\S]*?)\1/.exec(source.replace(/^\uFEFF/, ''))?.[2];
  if (docstring === undefined) return unknown('date unknown: the file has no module docstring with a Create Date line');
  const line = /^\s*Create Date:\s*(.+?)\s*$/m.exec(docstring)?.[1];
  if (!line) return unknown('date unknown: the docstring has no Create Date line');
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?\s*(Z|[+-]\d{2}:?\d{2})?$/.exec(line);
  if (!m) return unknown(`date unknown: Create Date "${line.slice(0, 40)}" is not a date and time`);
  const [, y, mo, d, h, mi, s = '0', frac = '0', zone] = m;
  const ms = Math.floor(Number(`0.${frac}`) * 1000);
  const utc = toUtc(+y, +mo, +d, +h, +mi, +s, ms);
  if (utc === null) return unknown(`date unknown: Create Date "${line}" is not a valid date`);
  if (!zone) return { at: new Date(utc).toISOString(), source: 'alembic-create-date', note: 'no time zone in the file: read as UTC' };
  return { at: new Date(utc - offsetMinutes(zone) * 60_000).toISOString(), source: 'alembic-create-date', note: null };
}

/** Prisma's migration folder `20240115093000_add_users` (UTC, as `prisma migrate dev` names it). */
export function dateFromPrismaName(name: string): AuthoredDate {
  const digits = /^(\d{14})_/.exec(name)?.[1];
  const at = digits ? calendarTimestamp(digits) : null;
  return at ? { at, source: 'prisma-folder', note: null } : unknown('date unknown: the folder name does not start with a timestamp');
}

/**
 * A linear tool's version when it is a date: `YYYYMMDD`, `YYYYMMDDHHMM`, `YYYYMMDDHHMMSS` (separators
 * `.`/`_` allowed, as Flyway versions have them), or for golang-migrate also `-format unix` / `unixNano`.
 * Sequence numbers (`1`, `0007`, `1.2`) are not dates.
 */
export function dateFromVersion(version: string, scheme: string | undefined): AuthoredDate {
  const digits = version.replace(/[._]/g, '');
  if (!/^\d+$/.test(digits)) return unknown(UNKNOWN_VERSION);
  if ([8, 12, 14].includes(digits.length)) {
    const at = calendarTimestamp(digits.padEnd(14, '0'));
    if (at) return { at, source: 'version-timestamp', note: null };
  }
  if (scheme === 'golang-migrate' && /^\d+$/.test(version) && (version.length === 10 || version.length === 19)) {
    const ms = version.length === 10 ? Number(version) * 1000 : Number(BigInt(version) / 1_000_000n);
    if (ms >= Date.UTC(2000, 0, 1) && ms < Date.UTC(2100, 0, 1)) return { at: new Date(ms).toISOString(), source: 'version-timestamp', note: null };
  }
  return unknown(UNKNOWN_VERSION);
}

const cache = new Map<string, Promise<AuthoredDate>>();

/** The author date of `m` from its file (read once per file content: the checksum is part of the key). */
export function authoredDate(m: Migration): Promise<AuthoredDate> {
  const key = `${m.tool}\0${m.file}\0${m.checksum}\0${m.id}`;
  let hit = cache.get(key);
  if (!hit) {
    hit = readAuthoredDate(m);
    cache.set(key, hit);
  }
  return hit;
}

/** Author dates of many migrations, by id. */
export async function authoredDates(migrations: readonly Migration[]): Promise<Map<string, AuthoredDate>> {
  const dates = await Promise.all(migrations.map(authoredDate));
  return new Map(migrations.map((m, i) => [m.id, dates[i]]));
}

async function readAuthoredDate(m: Migration): Promise<AuthoredDate> {
  switch (m.tool) {
    case 'prisma':
      return dateFromPrismaName(m.id);
    case 'sql':
      return dateFromVersion(m.meta.version ?? m.id, m.meta.scheme);
    case 'alembic': {
      let text: string;
      try {
        text = await readFile(m.file, 'utf8');
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code ?? 'read error';
        return unknown(`date unknown: the file cannot be read (${code})`);
      }
      return dateFromAlembicSource(text);
    }
  }
}

function unknown(note: string): AuthoredDate {
  return { at: null, source: null, note };
}

/** `YYYYMMDDHHMMSS` as UTC ISO, or null when it is no real date (month 13, 31 February, year 0042…). */
function calendarTimestamp(d: string): string | null {
  const n = (a: number, b: number) => Number(d.slice(a, b));
  const utc = toUtc(n(0, 4), n(4, 6), n(6, 8), n(8, 10), n(10, 12), n(12, 14), 0);
  return utc === null ? null : new Date(utc).toISOString();
}

function toUtc(y: number, mo: number, d: number, h: number, mi: number, s: number, ms: number): number | null {
  if (y < 1990 || y >= 2100 || h > 23 || mi > 59 || s > 59) return null;
  const t = Date.UTC(y, mo - 1, d, h, mi, s, ms);
  const back = new Date(t);
  return back.getUTCMonth() === mo - 1 && back.getUTCDate() === d ? t : null;
}

function offsetMinutes(zone: string): number {
  if (zone === 'Z') return 0;
  const m = /^([+-])(\d{2}):?(\d{2})$/.exec(zone)!;
  return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3]));
}
