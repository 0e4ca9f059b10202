export { findGhostMigrations } from './ghosts';
