import type { ReactNode } from 'react';
import { getAppContext } from '@/lib/app/context';
import { describeError } from '@/lib/app/route';
import { ErrorPanel } from '@/components/ui/panels';

/**
 * Waits for the server side to be up (config or demo, store, poller). A bad config shows its one-line
 * message on every page instead of crashing; the demo shows its banner.
 */
export async function AppGate({ children }: { children: ReactNode }) {
  let demo = false;
  try {
    demo = (await getAppContext()).demo;
  } catch (err) {
    const { status, body } = describeError(err);
    return (
      <div className="space-y-2">
        <ErrorPanel
          title="Driftboard cannot start"
          message={status === 500 ? 'Internal error: the details are in the server log.' : body.error}
        />
        <p className="text-sm text-slate-600">Fix it and reload this page: Driftboard tries again every few seconds, no restart needed.</p>
      </div>
    );
  }
  return (
    <>
      {demo && <DemoBanner />}
      {children}
    </>
  );
}

function DemoBanner() {
  return (
    <div role="region" aria-label="Demo notice" className="mb-6 rounded-lg border border-indigo-200 bg-indigo-50 px-4 py-3 text-sm text-indigo-950">
      <strong>This is the embedded demo</strong>: three in-process databases (local, staging, production) built from a bundled
      Alembic project. Point Driftboard at real databases with <code className="font-mono">driftboard.config.json</code> (see
      README) and restart.
    </div>
  );
}
