export { loadAlembicMigrations, parseAlembicFile } from './load';
