/**
 * Links between pages, carrying `?project=` in a `projects` config (null/undefined project: a one-project
 * config, links as before). Pure: safe in client components.
 */

/** `href` with `project=` added to its query (unchanged without a project). */
export function withProject(href: string, project: string | null | undefined): string {
  if (!project) return href;
  const [path, query = ''] = href.split('?', 2);
  const params = new URLSearchParams(query);
  params.set('project', project);
  return `${path}?${params.toString()}`;
}

export function envHref(name: string, project?: string | null): string {
  return withProject(`/env/${encodeURIComponent(name)}`, project);
}

export function historyHref(name: string, project?: string | null): string {
  return withProject(`/history/${encodeURIComponent(name)}`, project);
}

/** A page with a query (`/plan`, `/repair`, `/migrations`, `/diff`) in a project. */
export function pageHref(path: string, query: Record<string, string>, project?: string | null): string {
  const qs = new URLSearchParams(query).toString();
  return withProject(qs ? `${path}?${qs}` : path, project);
}

/** The `?project=` of a page's searchParams (first value). */
export function projectParam(searchParams: Record<string, string | string[] | undefined>): string | undefined {
  const v = searchParams.project;
  return (Array.isArray(v) ? v[0] : v) || undefined;
}
