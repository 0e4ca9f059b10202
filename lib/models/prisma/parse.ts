import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Block, PrismaParser as Parser } from '@mrleebo/prisma-ast';
import { displayPath } from '../../config/load';
import { UserInputError } from '../../model/errors';

/** One parsed .prisma file: its blocks, with the display path used in every finding. */
export interface PrismaFile {
  shown: string;
  blocks: Block[];
}

type PrismaAst = typeof import('@mrleebo/prisma-ast');
let loaded: Promise<{ ast: PrismaAst; parser: Parser; Visitor: ReturnType<PrismaAst['VisitorClassFactory']> }> | null = null;

/**
 * The parser, loaded on first use: prisma-ast pulls in chevrotain (ESM-only), which must not load for
 * projects without Prisma models — nor through a CommonJS require() path, where it cannot be resolved.
 * Location tracking is off in the library's default parser; file:line findings need it.
 */
function prismaParser() {
  loaded ??= import('@mrleebo/prisma-ast').then((ast) => {
    const parser = new ast.PrismaParser({ nodeLocationTracking: 'full' });
    return { ast, parser, Visitor: ast.VisitorClassFactory(parser) };
  });
  return loaded;
}

/** A schema.prisma, or a folder of .prisma files (prismaSchemaFolder): every file parsed, sorted by path. */
export async function parsePrismaFiles(target: string): Promise<PrismaFile[]> {
  const files: string[] = [];
  const walk = async (p: string): Promise<void> => {
    const info = await stat(p);
    if (info.isDirectory()) {
      for (const e of (await readdir(p)).sort()) if (!e.startsWith('.') && e !== 'node_modules' && e !== 'migrations') await walk(path.join(p, e));
    } else if (p.endsWith('.prisma') || p === target) files.push(p);
  };
  await walk(target);
  const { ast, parser, Visitor } = await prismaParser();
  const out: PrismaFile[] = [];
  for (const file of files) {
    const shown = displayPath(file);
    const source = await readFile(file, 'utf8');
    let schema;
    try {
      schema = ast.getSchema(source, { parser, visitor: new Visitor(parser) });
    } catch (err) {
      const token = (err as { token?: { startLine?: number; image?: string } }).token;
      const line = token?.startLine ?? (err as { line?: number }).line ?? 1;
      const first = ((err as Error).message ?? String(err)).split('\n')[0];
      throw new UserInputError(`${shown}:${Number.isFinite(line) ? line : 1}: Prisma schema syntax error (${first}${token?.image ? ` near '${token.image}'` : ''})`);
    }
    out.push({ shown, blocks: schema.list });
  }
  return out;
}
