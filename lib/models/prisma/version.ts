import { readFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * The major version of Prisma the project uses, from the nearest package.json above the schema that
 * names `prisma` or `@prisma/client` (the installed package first). Null when none says: the current
 * behaviour is assumed.
 */
export async function prismaMajorVersion(schemaPath: string): Promise<number | null> {
  let dir = path.resolve(schemaPath);
  for (let i = 0; i < 12; i++) {
    const installed = await readJson(path.join(dir, 'node_modules', 'prisma', 'package.json'));
    const v = typeof installed?.version === 'string' ? majorOf(installed.version) : null;
    if (v !== null) return v;
    const pkg = await readJson(path.join(dir, 'package.json'));
    if (pkg) {
      for (const deps of [pkg.dependencies, pkg.devDependencies]) {
        for (const name of ['prisma', '@prisma/client']) {
          const range = (deps as Record<string, unknown> | undefined)?.[name];
          const major = typeof range === 'string' ? majorOf(range) : null;
          if (major !== null) return major;
        }
      }
    }
    const up = path.dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  return null;
}

function majorOf(range: string): number | null {
  const m = /(\d+)\./.exec(range) ?? /^\D*(\d+)$/.exec(range);
  return m ? Number(m[1]) : null;
}

async function readJson(file: string): Promise<Record<string, unknown> | null> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
  } catch {
    return null;
  }
}
