import Link from 'next/link';

/**
 * Which project a page shows, in a `projects` config: every project as a link to the same page with its
 * `?project=`; nothing with one project. `hrefOf` builds the page's link for a project.
 */
export function ProjectPicker({ projects, current, hrefOf }: { projects: string[]; current: string | null; hrefOf: (project: string) => string }) {
  if (projects.length < 2) return null;
  return (
    <nav aria-label="Projects" className="flex flex-wrap items-center gap-2 text-sm">
      <span className="text-slate-600">Project</span>
      {projects.map((p) =>
        p === current ? (
          <span key={p} aria-current="page" className="rounded bg-slate-900 px-2 py-0.5 font-medium text-white">
            {p}
          </span>
        ) : (
          <Link key={p} href={hrefOf(p)} className="rounded border border-slate-300 bg-white px-2 py-0.5 text-blue-700 hover:bg-slate-50">
            {p}
          </Link>
        ),
      )}
    </nav>
  );
}
