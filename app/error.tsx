'use client';

/** Anything unexpected: a generic message (details stay in the server log) and a way to try again. */
export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div role="alert" className="space-y-3 rounded-lg border border-red-300 bg-red-50 p-4 text-red-900">
      <h1 className="text-lg font-semibold">Something went wrong</h1>
      <p className="text-sm">
        This page could not be shown. The details are in the server log{error.digest ? ` (reference ${error.digest})` : ''}.
      </p>
      <button type="button" onClick={reset} className="rounded border border-red-300 bg-white px-3 py-1.5 text-sm font-medium hover:bg-red-100">
        Try again
      </button>
    </div>
  );
}
