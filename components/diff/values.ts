/** One line of `key: value` pairs for a change's expected/actual attributes; `—` for an absent side. */
export function describeValues(values: Record<string, unknown> | null): string {
  if (!values) return '—';
  const parts = Object.entries(values)
    .filter(([k]) => k !== 'name')
    .map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`);
  return parts.length ? parts.join(' · ') : 'present';
}
