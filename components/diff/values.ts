/**
 * One line of `key: value` pairs for a change's expected/actual attributes; `—` for an absent side.
 * For whole objects (missing / unexpected) null attributes are left out, so a missing column reads
 * `type: text · nullable: true`; for an altered one every differing attribute shows, null included.
 */
export function describeValues(values: Record<string, unknown> | null, skipNulls = true): string {
  if (!values) return '—';
  const parts = Object.entries(values)
    .filter(([k, v]) => k !== 'name' && !(skipNulls && (v === null || (Array.isArray(v) && v.length === 0))))
    .map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`);
  return parts.length ? parts.join(' · ') : 'present';
}
