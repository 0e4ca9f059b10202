export { readPrismaModels } from './read';
