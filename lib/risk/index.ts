export { analyzeMigration, analyzeMigrations, analyzeMigrationDetailed, analyzeMigrationsDetailed } from './analyze';
export type { AnalysisResult } from './analyze';
export { maxRisk, compareRisk, riskAtLeast } from './levels';
export { tableStatsIndex, DEFAULT_SERVER_VERSION } from './context';
export { estimateBlockingSeconds, THROUGHPUT_BYTES_PER_SECOND } from './estimate';
export { classifyTable, levelFor, PROFILES, SMALL_MAX_ROWS, SMALL_MAX_BYTES, LARGE_MIN_ROWS, LARGE_MIN_BYTES } from './size';
export type { SizeClass, ProfileName } from './size';
