export { loadSqlMigrations } from './load';
export { compareVersions, versionKey, detectScheme, type SqlScheme } from './scheme';
