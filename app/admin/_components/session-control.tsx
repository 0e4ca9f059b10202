import { headers } from 'next/headers';
import Link from 'next/link';
import { authenticate } from '@/lib/auth/principal';
import { authSettings } from '@/lib/auth/settings';

/** The header's sign-in state: who is signed in, the admin links for admins, and sign-out. Nothing when sign-in is off. */
export async function SessionControl() {
  if (!authSettings().enabled) return null;
  const principal = await authenticate(await headers()).catch(() => null);
  if (!principal || principal.kind !== 'user') {
    return (
      <a href="/api/auth/login" className="ml-auto text-sm text-blue-700 underline">
        Sign in
      </a>
    );
  }
  return (
    <div className="ml-auto flex items-center gap-4 text-sm">
      {principal.role === 'admin' && (
        <>
          <Link href="/admin/tokens" className="text-slate-700 hover:text-slate-950">
            Tokens
          </Link>
          <Link href="/admin/audit" className="text-slate-700 hover:text-slate-950">
            Audit
          </Link>
        </>
      )}
      <span className="text-slate-500" data-testid="signed-in-as">
        {principal.name} ({principal.role})
      </span>
      <form method="post" action="/api/auth/logout">
        <button type="submit" className="text-blue-700 underline">
          Sign out
        </button>
      </form>
    </div>
  );
}
