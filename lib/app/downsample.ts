import type { StoredPoll } from '../store/types';

/** Chart points are capped so a year of one-minute polls still draws quickly. */
const MAX_POINTS = 500;

/** Keeps every poll where something changed and thins the unchanged runs in between. */
export function downsample(polls: StoredPoll[], max = MAX_POINTS): StoredPoll[] {
  if (polls.length <= max) return polls;
  const changed = (a: StoredPoll, b: StoredPoll) =>
    a.status !== b.status || a.version !== b.version || a.pendingCount !== b.pendingCount || a.driftCount !== b.driftCount || a.modelDriftCount !== b.modelDriftCount || a.schemaHash !== b.schemaHash;
  const step = Math.ceil(polls.length / max);
  return polls.filter((p, i) => i === 0 || i === polls.length - 1 || i % step === 0 || changed(polls[i - 1], p) || (i + 1 < polls.length && changed(p, polls[i + 1])));
}
