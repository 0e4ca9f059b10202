import type { Store } from './types';

/** Key of an ordered hash pair in the maps below. */
export const pairKey = (leftHash: string, rightHash: string): string => `${leftHash}|${rightHash}`;

/** Stored change counts among `hashes` (every ordered pair of them that has one), by pairKey. */
export async function storedDiffCounts(store: Store, hashes: readonly string[]): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  if (hashes.length < 2) return out;
  const list = [...hashes];
  const rows = await store.prisma.diffCount.findMany({
    where: { leftHash: { in: list }, rightHash: { in: list } },
    select: { leftHash: true, rightHash: true, changes: true },
  });
  for (const r of rows) out.set(pairKey(r.leftHash, r.rightHash), r.changes);
  return out;
}

/** Keeps computed counts; a pair another instance stored meanwhile is left as it is (same inputs, same count). */
export async function saveDiffCounts(store: Store, counts: ReadonlyArray<{ leftHash: string; rightHash: string; changes: number }>): Promise<void> {
  if (counts.length === 0) return;
  await store.prisma.diffCount.createMany({ data: counts.map((c) => ({ ...c })), skipDuplicates: true });
}
