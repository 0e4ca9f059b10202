import type { GhostMigration } from '@/lib/model/status';

/** Applied-but-missing migrations: the version table says applied, the objects they create are gone. */
export function GhostMigrations({ ghosts }: { ghosts: GhostMigration[] }) {
  return (
    <section aria-labelledby="ghosts-heading" className="rounded-lg border-2 border-red-300 bg-red-50 p-4">
      <h2 id="ghosts-heading" className="text-lg font-semibold text-red-900">
        Applied but missing
      </h2>
      <p className="mt-1 text-sm text-red-900">The version table says these migrations ran, but objects they create are absent.</p>
      <ul className="mt-3 space-y-2">
        {ghosts.map((g) => (
          <li key={g.id} className="rounded bg-white p-3 text-sm ring-1 ring-red-200">
            <span className="font-mono font-semibold">{g.id}</span> — missing{' '}
            {g.missing.map((m, i) => (
              <span key={m}>
                {i > 0 && ', '}
                <code className="font-mono text-red-800">{m}</code>
              </span>
            ))}
          </li>
        ))}
      </ul>
    </section>
  );
}
