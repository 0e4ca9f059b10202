import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

/** One thing the app serves: a page (GET) or an API route with one method, with its dynamic segments filled in. */
export interface ServedRoute {
  kind: 'page' | 'api';
  method: string;
  path: string;
  file: string;
}

const SAMPLE: Record<string, string> = { name: 'production', id: '1' };

/**
 * Every page.tsx and route.ts under app/ (read from the folder, so a new route is covered the day it is
 * added), with `[param]` filled from SAMPLE. Private folders (`_x`) and route groups (`(x)`) are handled as
 * Next.js does; catch-all segments become `x`.
 */
export function routeTree(appDir = 'app'): ServedRoute[] {
  const out: ServedRoute[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!entry.name.startsWith('_')) walk(full);
        continue;
      }
      if (entry.name !== 'page.tsx' && entry.name !== 'route.ts') continue;
      const segments = relative(appDir, dir)
        .split(sep)
        .filter((s) => s && !/^\(.*\)$/.test(s))
        .map((s) => {
          const param = /^\[(?:\.\.\.)?(\w+)\]$/.exec(s);
          return param ? (SAMPLE[param[1]] ?? 'x') : s;
        });
      const path = '/' + segments.join('/');
      if (entry.name === 'page.tsx') {
        out.push({ kind: 'page', method: 'GET', path, file: full });
      } else {
        const text = readFileSync(full, 'utf8');
        const methods = [...text.matchAll(/export\s+(?:const|async function|function)\s+(GET|POST|PUT|PATCH|DELETE)\b/g)].map((m) => m[1]);
        for (const method of [...new Set(methods)].sort()) out.push({ kind: 'api', method, path, file: full });
      }
    }
  };
  walk(appDir);
  return out;
}
