export type SqlScheme = 'flyway' | 'golang-migrate' | 'dbmate';

/** Flyway: `V1.2__desc.sql`, `V1_2__desc.sql`, undo `U1.2__desc.sql`, repeatable `R__desc.sql`. */
export const FLYWAY_FILE = /^(?:([VU])(\d+(?:[._]\d+)*)|R)__(.+)\.sql$/;
/** golang-migrate: `<version>_<title>.up.sql` and `.down.sql`. */
export const GOLANG_MIGRATE_FILE = /^(\d+)_(.*)\.(up|down)\.sql$/;
/** dbmate: `<version>_<desc>.sql` (dbmate takes the leading digits as the version). */
export const DBMATE_FILE = /^(\d+)(?:_(.*))?\.sql$/;

/** Which scheme a file name belongs to, or null. `.up.sql`/`.down.sql` wins over dbmate's looser pattern. */
export function schemeOfFile(name: string): SqlScheme | null {
  if (GOLANG_MIGRATE_FILE.test(name)) return 'golang-migrate';
  if (FLYWAY_FILE.test(name)) return 'flyway';
  if (DBMATE_FILE.test(name)) return 'dbmate';
  return null;
}

/** The scheme most `.sql` file names follow (null when none does). Ties: golang-migrate, flyway, dbmate. */
export function detectScheme(names: string[]): SqlScheme | null {
  const counts: Record<SqlScheme, number> = { 'golang-migrate': 0, flyway: 0, dbmate: 0 };
  for (const n of names) {
    const s = schemeOfFile(n);
    if (s) counts[s]++;
  }
  const order: SqlScheme[] = ['golang-migrate', 'flyway', 'dbmate'];
  const best = order.reduce((a, b) => (counts[b] > counts[a] ? b : a));
  return counts[best] > 0 ? best : null;
}

/** Compares dotted numeric versions part by part (`1.2.10` > `1.2.9`; `1.0` equals `1`, as in Flyway). */
export function compareVersions(a: string, b: string): number {
  const pa = versionParts(a);
  const pb = versionParts(b);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i] ?? 0n;
    const y = pb[i] ?? 0n;
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

/** A version's identity for matching a version table against files: `001.2.0` → `1.2`. */
export function versionKey(v: string): string {
  const parts = versionParts(v);
  while (parts.length > 1 && parts[parts.length - 1] === 0n) parts.pop();
  return parts.join('.');
}

function versionParts(v: string): bigint[] {
  return v.split(/[._]/).map((p) => (/^\d+$/.test(p) ? BigInt(p) : 0n));
}
