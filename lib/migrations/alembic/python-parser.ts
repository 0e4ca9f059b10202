import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Node, Parser as ParserType, Tree } from 'web-tree-sitter';

/**
 * tree-sitter's Python grammar, loaded once per process. The wasm files are located through Node's resolver
 * so this works from vitest, tsx and a Next.js server (where both packages are serverExternalPackages).
 */
let parserPromise: Promise<ParserType> | null = null;

/** Resolves a package file from this module, or from the working directory when bundled (Next.js chunks). */
function resolvePackageFile(spec: string): string {
  try {
    return createRequire(import.meta.url).resolve(spec);
  } catch {
    return createRequire(join(process.cwd(), 'package.json')).resolve(spec);
  }
}

async function loadParser(): Promise<ParserType> {
  const { Parser, Language } = await import('web-tree-sitter');
  const runtimeWasm = resolvePackageFile('web-tree-sitter/web-tree-sitter.wasm');
  await Parser.init({ locateFile: () => runtimeWasm });
  const python = await Language.load(resolvePackageFile('tree-sitter-python/tree-sitter-python.wasm'));
  const parser = new Parser();
  parser.setLanguage(python);
  return parser;
}

function getParser(): Promise<ParserType> {
  parserPromise ??= loadParser().catch((e) => {
    parserPromise = null;
    throw e;
  });
  return parserPromise;
}

/** Parses Python source; the caller must `tree.delete()` when done. */
export async function parsePython(source: string): Promise<Tree> {
  const parser = await getParser();
  const tree = parser.parse(source);
  if (!tree) throw new Error('tree-sitter returned no tree');
  return tree;
}

/** The first ERROR or MISSING node, for a file:line syntax error message. */
export function firstSyntaxError(root: Node): Node | null {
  if (!root.hasError) return null;
  const walk = (n: Node): Node | null => {
    if (n.isError || n.isMissing) return n;
    for (const c of n.children) {
      if (c && (c.hasError || c.isMissing)) {
        const found = walk(c);
        if (found) return found;
      }
    }
    return null;
  };
  return walk(root);
}

export type { Node as PyNode, Tree as PyTree };
