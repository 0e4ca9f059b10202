/** Attribute-level comparison shared by every object kind. */

export type Attributes = Record<string, unknown>;

function sameValue(a: unknown, b: unknown): boolean {
  const x = a ?? null;
  const y = b ?? null;
  if (x === y) return true;
  if (Array.isArray(x) && Array.isArray(y)) {
    return x.length === y.length && x.every((v, i) => sameValue(v, y[i]));
  }
  // Records inside arrays (a domain's checks, a composite's attributes): same keys, same values.
  if (x && y && typeof x === 'object' && typeof y === 'object' && !Array.isArray(x) && !Array.isArray(y)) {
    const xr = x as Record<string, unknown>;
    const yr = y as Record<string, unknown>;
    const keys = new Set([...Object.keys(xr), ...Object.keys(yr)]);
    for (const k of keys) if (!sameValue(xr[k], yr[k])) return false;
    return true;
  }
  return false;
}

/**
 * The attributes among `keys` that differ between `expected` and `actual`, as two partial records
 * (expected values, actual values); null when they are all equal.
 */
export function differingAttributes<T extends object>(
  expected: T,
  actual: T,
  keys: readonly (keyof T & string)[],
): { expected: Attributes; actual: Attributes } | null {
  let out: { expected: Attributes; actual: Attributes } | null = null;
  for (const key of keys) {
    const e = expected[key];
    const a = actual[key];
    if (e === a || sameValue(e, a)) continue;
    out ??= { expected: {}, actual: {} };
    out.expected[key] = e ?? null;
    out.actual[key] = a ?? null;
  }
  return out;
}

/** A plain-record copy of a model object for `expected` / `actual` of a missing or unexpected change. */
export function asRecord(value: object): Attributes {
  return { ...(value as Attributes) };
}
