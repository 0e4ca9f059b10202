import type { HistoryPoint } from '../../lib/app/types';

/** The "Model drift" line is drawn only for projects whose history has model comparisons. */
export function hasModelDrift(points: ReadonlyArray<Pick<HistoryPoint, 'modelDriftCount'>>): boolean {
  return points.some((p) => p.modelDriftCount !== null && p.modelDriftCount !== undefined);
}
