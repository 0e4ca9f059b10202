'use client';

import { useState } from 'react';
import { useRouter } from 'next/navigation';

/** Creates a token through POST /api/tokens and shows it once; it cannot be shown again. */
export function TokenForm() {
  const router = useRouter();
  const [token, setToken] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  async function submit(form: FormData) {
    setError(null);
    const res = await fetch('/api/tokens', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: form.get('name'), role: form.get('role'), expiresInDays: Number(form.get('days')) }),
    });
    const body = (await res.json()) as { token?: string; error?: string };
    if (!res.ok || !body.token) return setError(body.error ?? `HTTP ${res.status}`);
    setToken(body.token);
    router.refresh();
  }
  return (
    <div className="space-y-3">
      <form action={submit} className="flex flex-wrap items-end gap-3 text-sm">
        <label className="flex flex-col">
          Name
          <input name="name" required maxLength={100} className="rounded border border-slate-300 px-2 py-1" />
        </label>
        <label className="flex flex-col">
          Role
          <select name="role" defaultValue="viewer" className="rounded border border-slate-300 px-2 py-1">
            <option value="viewer">viewer</option>
            <option value="admin">admin</option>
          </select>
        </label>
        <label className="flex flex-col">
          Expires in (days)
          <input name="days" type="number" min={1} max={365} defaultValue={90} className="w-24 rounded border border-slate-300 px-2 py-1" />
        </label>
        <button type="submit" className="rounded bg-slate-900 px-3 py-1.5 text-white">
          Create token
        </button>
      </form>
      {error && <p role="alert" className="text-sm text-red-800">{error}</p>}
      {token && (
        <div role="status" className="rounded border border-amber-300 bg-amber-50 p-3 text-sm">
          <p>Copy the token now: it is not stored and will not be shown again.</p>
          <code data-testid="new-token" className="mt-1 block break-all font-mono">
            {token}
          </code>
        </div>
      )}
    </div>
  );
}

export function RevokeButton({ id, name }: { id: number; name: string }) {
  const router = useRouter();
  return (
    <button
      type="button"
      className="text-red-700 underline"
      aria-label={`Revoke ${name}`}
      onClick={async () => {
        await fetch(`/api/tokens/${id}`, { method: 'DELETE' });
        router.refresh();
      }}
    >
      Revoke
    </button>
  );
}
