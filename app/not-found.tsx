import Link from 'next/link';

export default function NotFound() {
  return (
    <div className="space-y-3 rounded-lg border border-slate-200 bg-white p-6">
      <h1 className="text-lg font-semibold">Not found</h1>
      <p className="text-sm text-slate-700">There is no such environment, snapshot or page.</p>
      <Link href="/" className="text-sm text-blue-700 underline">
        Back to the overview
      </Link>
    </div>
  );
}
