import type { Metadata } from 'next';
import { getAppContext } from '@/lib/app/context';
import { listAudit } from '@/lib/store/audit';
import { Section, EmptyState } from '@/components/ui/panels';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Audit log' };

/** Admin only (proxy.ts): the newest 500 audit entries. The app never deletes them; /api/audit pages back. */
export default async function AuditPage() {
  const entries = await listAudit((await getAppContext()).store, { limit: 500 });
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">Audit log</h1>
      <Section title="Newest first">
        {entries.length === 0 ? (
          <EmptyState>Nothing recorded yet.</EmptyState>
        ) : (
          <table className="w-full text-left text-sm">
            <thead>
              <tr>
                <th scope="col">Time</th>
                <th scope="col">Principal</th>
                <th scope="col">Action</th>
                <th scope="col">Object</th>
                <th scope="col">Source IP</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((e) => (
                <tr key={e.id}>
                  <td className="font-mono">{e.at.replace('T', ' ').slice(0, 19)}</td>
                  <td>{e.principal}</td>
                  <td>{e.action}</td>
                  <td>{e.object ?? '—'}</td>
                  <td className="font-mono">{e.sourceIp ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Section>
    </div>
  );
}
