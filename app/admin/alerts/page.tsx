import type { Metadata } from 'next';
import { getAppContext } from '@/lib/app/context';
import { readForPage } from '@/lib/app/page-read';
import { listDeliveries } from '@/lib/store/alerts';
import { ErrorPanel, EmptyState, Section } from '@/components/ui/panels';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Alert deliveries' };

const STATUS_CLASS: Record<string, string> = {
  delivered: 'text-green-700',
  pending: 'text-amber-700',
  failed: 'text-red-700',
};

/** The delivery log: every alert sent (or tried) to every channel, with its attempts and last error. */
export default async function AlertDeliveriesPage() {
  const read = await readForPage(async () => {
    const { store, config } = await getAppContext();
    return { configured: Boolean(config.alerts), deliveries: await listDeliveries(store, { limit: 200 }) };
  });
  if (!read.ok) return <ErrorPanel title="Cannot show the alert deliveries" message={read.message} />;
  const { configured, deliveries } = read.data;
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">Alert deliveries</h1>
      <Section title="Latest 200" id="deliveries">
        {deliveries.length === 0 ? (
          <EmptyState>{configured ? 'No alert has fired yet.' : 'No alerts are configured (the "alerts" key of driftboard.config.json).'}</EmptyState>
        ) : (
          <table className="w-full text-sm">
            <thead>
              <tr className="text-left text-gray-600">
                <th className="py-1 pr-3">Created</th>
                <th className="py-1 pr-3">Environment</th>
                <th className="py-1 pr-3">Alert</th>
                <th className="py-1 pr-3">Rule</th>
                <th className="py-1 pr-3">Channel</th>
                <th className="py-1 pr-3">Status</th>
                <th className="py-1 pr-3">Attempts</th>
                <th className="py-1">Last error</th>
              </tr>
            </thead>
            <tbody>
              {deliveries.map((d) => (
                <tr key={d.id} className="border-t border-gray-200 align-top">
                  <td className="py-1 pr-3 whitespace-nowrap font-mono">{d.createdAt}</td>
                  <td className="py-1 pr-3">{d.environment}</td>
                  <td className="py-1 pr-3">{d.title}</td>
                  <td className="py-1 pr-3">
                    {d.rule} <span className="text-gray-500">({d.kind})</span>
                  </td>
                  <td className="py-1 pr-3">{d.channel}</td>
                  <td className={`py-1 pr-3 ${STATUS_CLASS[d.status] ?? ''}`}>{d.status}</td>
                  <td className="py-1 pr-3">{d.attempts}</td>
                  <td className="py-1 text-gray-700">{d.lastError ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Section>
    </div>
  );
}
