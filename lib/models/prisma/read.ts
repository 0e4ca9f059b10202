import type { ModelDdl } from '../types';

export async function readPrismaModels(_path: string): Promise<ModelDdl> {
  return { orm: 'prisma', models: [], prelude: [], tables: [], epilogue: [], unresolved: [], unverified: [] };
}
