import type { EnvironmentStatus } from '../lib/model/status';

/**
 * The documented `status --json` object of one environment. Every EnvironmentStatus field but the
 * per-table statistics (large, and only useful to the dashboard's charts).
 */
export function statusJson(s: EnvironmentStatus) {
  return {
    name: s.name,
    status: s.status,
    error: s.error,
    tool: s.tool,
    version: s.version,
    head: s.head,
    behind: s.behind,
    pending: s.pending,
    drift: s.drift,
    modelDrift: s.modelDrift ?? null,
    versionState: s.versionState,
    schemaHash: s.schemaHash,
    serverVersion: s.serverVersion,
    checkedAt: s.checkedAt,
    durationMs: s.durationMs,
  };
}
