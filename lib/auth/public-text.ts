import path from 'node:path';

/**
 * What a string served to a browser must not reveal about the server: absolute paths of its file system
 * (shown relative to the project, i.e. the config file's folder or the working directory) and internal
 * host:port pairs from connection errors (an IP with a port, localhost:port, or a configured database host).
 */
export function publicText(text: string, roots: readonly string[] = projectRoots(), hosts: readonly string[] = knownHosts()): string {
  let out = text;
  for (const root of roots) if (root.length > 1 && out.includes(root + path.sep)) out = out.split(root + path.sep).join('');
  out = out.replace(HOST_PORT, (_m, lead: string) => `${lead}<db-server>`);
  for (const host of hosts) if (host && out.includes(host)) out = out.split(host).join('<db-server>');
  return out;
}

// IPv4:port, [IPv6]:port, localhost:port — after a space, "(", "=", quote or line start (not inside a URL's userinfo).
const HOST_PORT = /(^|[\s(="'@])(?:\d{1,3}(?:\.\d{1,3}){3}|\[[0-9a-fA-F:.]+\]|localhost):\d{1,5}\b/g;

/** Longest first, so a nested root is stripped whole. */
export function projectRoots(cwd: string = process.cwd(), env: Readonly<Record<string, string | undefined>> = process.env): string[] {
  const roots = [cwd];
  if (env.DRIFTBOARD_CONFIG) roots.push(path.dirname(path.resolve(env.DRIFTBOARD_CONFIG)));
  return [...new Set(roots)].sort((a, b) => b.length - a.length);
}

/**
 * host:port of every configured environment of every project, once the app context has started (lib/app/context.ts keeps it
 * on globalThis); until then only the patterns above apply.
 */
function knownHosts(): string[] {
  const g = globalThis as Record<symbol, string[] | undefined>;
  const cached = g[HOSTS_KEY];
  if (cached) return cached;
  type Envs = { environments: Array<{ url: string }> };
  const holder = (globalThis as Record<symbol, { promise: Promise<{ config: Envs; projects?: Array<{ config: Envs }> }> | null } | undefined>)[
    Symbol.for('driftboard.app-context')
  ];
  holder?.promise?.then(
    (ctx) => {
      // Every project's environments (a one-project context has just its config's).
      g[HOSTS_KEY] = (ctx.projects?.flatMap((p) => p.config.environments) ?? ctx.config.environments)
        .map((e) => {
          try {
            const u = new URL(e.url);
            return u.protocol === 'pglite:' || !u.port ? '' : u.host;
          } catch {
            return '';
          }
        })
        .filter(Boolean)
        .sort((a, b) => b.length - a.length);
    },
    () => {},
  );
  return [];
}
const HOSTS_KEY = Symbol.for('driftboard.public-text.hosts');
