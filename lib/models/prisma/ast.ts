import type { Attribute, AttributeArgument, BlockAttribute, Field, Func, KeyValue, Value } from '@mrleebo/prisma-ast';

/** Small readers over @mrleebo/prisma-ast values (strings arrive with their quotes). */

export type AnyAttr = Attribute | BlockAttribute;

export function isFunc(v: unknown): v is Func {
  return typeof v === 'object' && v !== null && (v as { type?: string }).type === 'function';
}

export function isArrayValue(v: unknown): v is { type: 'array'; args?: Value[] } {
  return typeof v === 'object' && v !== null && (v as { type?: string }).type === 'array';
}

function isKeyValue(v: unknown): v is KeyValue {
  return typeof v === 'object' && v !== null && (v as { type?: string }).type === 'keyValue';
}

/** A quoted Prisma string → its text; anything else → null. */
export function stringOf(v: unknown): string | null {
  if (typeof v !== 'string' || !v.startsWith('"')) return null;
  try {
    return JSON.parse(v) as string;
  } catch {
    return v.slice(1, -1);
  }
}

/** An argument by name, or the `position`-th unnamed one. */
export function argOf(attr: AnyAttr | undefined, name: string, position: number | null = null): AttributeArgument['value'] | undefined {
  const args = attr?.args ?? [];
  for (const a of args) if (isKeyValue(a.value) && a.value.key === name) return a.value.value;
  if (position === null) return undefined;
  return args.filter((a) => !isKeyValue(a.value))[position]?.value;
}

/** `[a, b(sort: Desc)]` → field names with their per-field arguments. */
export function fieldList(v: unknown): Array<{ name: string; sort: string | null; ops: unknown }> | null {
  if (!isArrayValue(v)) return null;
  const out: Array<{ name: string; sort: string | null; ops: unknown }> = [];
  for (const item of v.args ?? []) {
    if (typeof item === 'string') out.push({ name: item, sort: null, ops: undefined });
    else if (isFunc(item)) {
      const params = ((item.params ?? []) as unknown[]).filter(isKeyValue);
      const sort = params.find((p) => p.key === 'sort')?.value;
      out.push({ name: item.name, sort: typeof sort === 'string' ? sort : null, ops: params.find((p) => p.key === 'ops')?.value });
    } else return null;
  }
  return out;
}

export function fieldAttr(f: Field, name: string, group?: string): Attribute | undefined {
  return f.attributes?.find((a) => a.name === name && (group === undefined ? !a.group : a.group === group));
}

export function lineOf(node: { location?: { startLine?: number } } | undefined, fallback = 1): number {
  const l = node?.location?.startLine;
  return typeof l === 'number' && Number.isFinite(l) ? l : fallback;
}
