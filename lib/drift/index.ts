export { findGhostMigrations, lacksExpectedObjects } from './ghosts';
