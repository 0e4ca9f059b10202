export { loadPrismaMigrations, prismaChecksumMatches } from './load';
