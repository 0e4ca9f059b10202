import type { Metadata } from 'next';
import { getAppContext } from '@/lib/app/context';
import { listTokens } from '@/lib/store/tokens';
import { Section, EmptyState } from '@/components/ui/panels';
import { TokenForm, RevokeButton } from './token-controls';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'API tokens' };

/** Admin only (proxy.ts): the API tokens for CI and scripts. A new token is shown once, by the form. */
export default async function TokensPage() {
  const tokens = await listTokens((await getAppContext()).store);
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">API tokens</h1>
      <Section title="New token">
        <TokenForm />
      </Section>
      <Section title="Tokens">
        {tokens.length === 0 ? (
          <EmptyState>No tokens yet.</EmptyState>
        ) : (
          <table className="w-full text-left text-sm">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Role</th>
                <th scope="col">Created by</th>
                <th scope="col">Expires</th>
                <th scope="col">Last used</th>
                <th scope="col">State</th>
              </tr>
            </thead>
            <tbody>
              {tokens.map((t) => (
                <tr key={t.id}>
                  <th scope="row">{t.name}</th>
                  <td>{t.role}</td>
                  <td>{t.createdBy}</td>
                  <td>{t.expiresAt.slice(0, 10)}</td>
                  <td>{t.lastUsedAt ?? '—'}</td>
                  <td>{t.revokedAt ? `revoked ${t.revokedAt.slice(0, 16).replace('T', ' ')}` : <RevokeButton id={t.id} name={t.name} />}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Section>
    </div>
  );
}
