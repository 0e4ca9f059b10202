/** Attributes holding SQL text (bodies, trigger / rule / view definitions, policy expressions): shown as blocks. */
const DEFINITION_KEYS: ReadonlySet<string> = new Set(['definition', 'using', 'withCheck', 'when', 'body', 'check']);
/** Longer than this, a string reads better on lines of its own than inside the `key: value · …` line. */
const LONG_TEXT = 60;

export interface ValuePart {
  key: string;
  text: string;
  /** SQL text or long / multi-line: shown as its own block with its whitespace kept. */
  block: boolean;
}

/**
 * A change's expected/actual attributes as `key: value` parts, `name` left out. For whole objects
 * (missing / unexpected) null attributes are left out, so a missing column reads `type: text · nullable: true`;
 * for an altered one every differing attribute shows, null included.
 */
export function valueParts(values: Record<string, unknown>, skipNulls = true): ValuePart[] {
  return Object.entries(values)
    .filter(([k, v]) => k !== 'name' && !(skipNulls && (v === null || (Array.isArray(v) && v.length === 0))))
    .map(([key, v]) => {
      const text = typeof v === 'string' ? v : JSON.stringify(v);
      const block = typeof v === 'string' && (DEFINITION_KEYS.has(key) || v.includes('\n') || v.length > LONG_TEXT);
      return { key, text, block };
    });
}

/** One line of `key: value` pairs for a change's expected/actual attributes; `—` for an absent side. */
export function describeValues(values: Record<string, unknown> | null, skipNulls = true): string {
  if (!values) return '—';
  const parts = valueParts(values, skipNulls);
  return parts.length ? parts.map((p) => `${p.key}: ${p.text}`).join(' · ') : 'present';
}
