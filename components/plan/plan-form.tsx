'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { shortId } from '@/components/ui/format';
import { pageHref } from '@/lib/app/links';

/** Environment and target version; Show plan writes them to the URL (env=…&target=…). */
export function PlanForm({
  project,
  environments,
  versions,
  env,
  target,
}: {
  /** The project in a `projects` config (kept in the URL), null with one project. */
  project: string | null;
  environments: string[];
  versions: Array<{ id: string; description: string }>;
  env: string | null;
  target: string;
}) {
  const router = useRouter();
  const [environment, setEnvironment] = useState(env ?? environments[0] ?? '');
  const [version, setVersion] = useState(target);
  const select = 'mt-1 block rounded border border-slate-300 bg-white px-2 py-1.5 text-sm';
  return (
    <form
      aria-label="Plan options"
      className="flex flex-wrap items-end gap-4 rounded-lg border border-slate-200 bg-white p-4 shadow-sm"
      onSubmit={(e) => {
        e.preventDefault();
        router.push(pageHref('/plan', { env: environment, target: version }, project));
      }}
    >
      <label className="text-sm">
        Environment
        <select aria-label="Environment" className={select} value={environment} onChange={(e) => setEnvironment(e.target.value)}>
          {environments.map((e) => (
            <option key={e} value={e}>
              {e}
            </option>
          ))}
        </select>
      </label>
      <label className="text-sm">
        Target version
        <select aria-label="Target version" className={`${select} max-w-md`} value={version} onChange={(e) => setVersion(e.target.value)}>
          <option value="head">head</option>
          {versions.map((v) => (
            <option key={v.id} value={v.id}>
              {shortId(v.id)} — {v.description}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" disabled={!environment} className="rounded bg-blue-700 px-4 py-1.5 text-sm font-medium text-white hover:bg-blue-800 disabled:opacity-50">
        Show plan
      </button>
    </form>
  );
}
