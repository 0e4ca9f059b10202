import { readFile } from 'node:fs/promises';
import type { MigrationSet } from '../model/migration';

/**
 * The authored date of each migration, from its file: Alembic's `Create Date:` docstring line, or a
 * leading 14-digit timestamp in the name (Prisma folders, golang-migrate/dbmate files:
 * `20240101120000_add_users`). A date without an offset is read as UTC. Migrations with neither
 * (Flyway `V3__…`) are absent: the "behind" rule then counts from when the store first saw them pending.
 */
export async function migrationDates(set: MigrationSet): Promise<Map<string, Date>> {
  const dates = new Map<string, Date>();
  await Promise.all(
    set.migrations.map(async (m) => {
      const date = set.tool === 'alembic' ? alembicCreateDate(await readFile(m.file, 'utf8').catch(() => '')) : null;
      const found = date ?? timestampInName(m.id) ?? timestampInName(m.file.split(/[\\/]/).slice(-2).join('/'));
      if (found) dates.set(m.id, found);
    }),
  );
  return dates;
}

/** `Create Date: 2024-01-01 12:30:00.123456` (optionally `+02:00`) in the first docstring. */
export function alembicCreateDate(source: string): Date | null {
  const m = /^Create Date:\s*(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})(\.\d+)?\s*([+-]\d{2}:?\d{2}|Z)?\s*$/m.exec(source.slice(0, 4_000));
  if (!m) return null;
  const fraction = m[3] ? m[3].slice(0, 4) : '';
  const offset = m[4] ? (m[4] === 'Z' ? 'Z' : m[4].replace(/^([+-]\d{2})(\d{2})$/, '$1:$2')) : 'Z';
  const d = new Date(`${m[1]}T${m[2]}${fraction}${offset}`);
  return Number.isNaN(d.getTime()) ? null : d;
}

function timestampInName(name: string): Date | null {
  const m = /(?:^|\/)(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(?:_|$)/.exec(name);
  if (!m) return null;
  const d = new Date(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}Z`);
  return Number.isNaN(d.getTime()) || d.getUTCMonth() + 1 !== Number(m[2]) ? null : d;
}
