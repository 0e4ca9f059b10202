import type { AuditAction } from '../store/audit';

/**
 * Which requests the audit log records, and as what: viewing an environment, exporting a plan, generating
 * repair SQL — by page or API alike. Null for everything else (overview, diff, static files…).
 */
export function auditTargetOf(pathname: string, search: URLSearchParams): { action: AuditAction; object: string } | null {
  const segments = pathname.split('/').filter(Boolean).map((s) => decodeURIComponent(s));
  const [a, b, c] = segments;
  // In a `projects` config the object is `project/environment`, as the store and events name it.
  const project = search.get('project');
  const inProject = (name: string) => (project ? `${project}/${name}` : name);
  if ((a === 'env' && b && segments.length === 2) || (a === 'api' && b === 'environments' && c)) {
    return { action: 'view-environment', object: inProject(a === 'env' ? b : c) };
  }
  const raw = search.get('env');
  if (!raw) return null;
  const env = inProject(raw);
  if (pathname === '/plan' || pathname === '/api/plan') return { action: 'export-plan', object: `${env} → ${search.get('target') ?? 'head'}` };
  if (pathname === '/repair' || pathname === '/api/repair') return { action: 'generate-repair', object: `${env} → ${search.get('to') ?? 'expected'}` };
  return null;
}
