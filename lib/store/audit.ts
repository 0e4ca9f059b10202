import type { Store } from './types';

/** What the audit log records. Free text would make the log unsearchable: one fixed list. */
export type AuditAction =
  | 'sign-in'
  | 'view-environment'
  | 'export-plan'
  | 'generate-repair'
  | 'create-token'
  | 'revoke-token';

export interface AuditRecord {
  id: number;
  at: string;
  principal: string;
  action: AuditAction;
  object: string | null;
  sourceIp: string | null;
}

export interface AuditDraft {
  principal: string;
  action: AuditAction;
  object?: string | null;
  sourceIp?: string | null;
}

/** Appends one entry. The app has no way to change or delete entries: retention is the operator's. */
export async function appendAudit(store: Store, draft: AuditDraft): Promise<void> {
  await store.prisma.auditEntry.create({
    data: { principal: draft.principal, action: draft.action, object: draft.object ?? null, sourceIp: draft.sourceIp ?? null },
  });
}

/** Newest first; `before` pages back by id. */
export async function listAudit(store: Store, options: { limit?: number; before?: number } = {}): Promise<AuditRecord[]> {
  const rows = await store.prisma.auditEntry.findMany({
    where: options.before ? { id: { lt: options.before } } : undefined,
    orderBy: { id: 'desc' },
    take: options.limit ?? 200,
  });
  return rows.map((r) => ({
    id: r.id,
    at: r.at.toISOString(),
    principal: r.principal,
    action: r.action as AuditAction,
    object: r.object,
    sourceIp: r.sourceIp,
  }));
}
