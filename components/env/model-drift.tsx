import type { ModelDriftDetail } from '@/lib/app/model-drift';
import { EmptyState, Section } from '@/components/ui/panels';
import { ChangeTable } from './change-table';
import { CouldNotCheck, uncertaintyText } from './could-not-check';

/**
 * The environment against the application's models (expected = the models), apart from migration drift:
 * one block per table with the model's file:line, then tables no migration creates and what could not be checked.
 */
export function ModelDrift({ detail }: { detail: ModelDriftDetail }) {
  const total = detail.groups.reduce((n, g) => n + g.changes.length, 0);
  const unsure = uncertaintyText([], detail.unchecked);
  return (
    <Section title={detail.checked && !detail.error ? `Model drift (${total})` : 'Model drift'} id="model-drift">
      {!detail.checked ? (
        <EmptyState>Model drift is not known yet: the environment has not been compared with the models.</EmptyState>
      ) : detail.error ? (
        <p role="alert" className="rounded border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-900">
          Could not check: {detail.error}
        </p>
      ) : detail.groups.length === 0 ? (
        <EmptyState>{unsure ? `No model drift in what could be checked; ${unsure} (see below).` : 'No model drift: the schema has what the models expect.'}</EmptyState>
      ) : (
        <div className="space-y-4">
          {detail.groups.map((g) => (
            <ChangeTable
              key={g.table}
              label={`Model drift in ${g.table}`}
              caption={<>
                <span className="font-mono font-semibold">{g.table}</span>{' '}
                {g.models.length === 0 ? (
                  <span className="text-xs text-slate-500">no model declares this table</span>
                ) : (
                  g.models.map((m) => (
                    <span key={`${m.file}:${m.line}`} className="text-xs text-slate-500">
                      {m.class} <code className="font-mono">{m.file}:{m.line}</code>{' '}
                    </span>
                  ))
                )}
              </>}
              changes={g.changes}
              left="Model"
              right="Environment"
            />
          ))}
        </div>
      )}
      {detail.untrackedByMigrations.length > 0 && (
        <div role="note" aria-label="Untracked by migrations" className="mt-4 rounded border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950">
          <p className="font-semibold">Untracked by migrations ({detail.untrackedByMigrations.length})</p>
          <p className="mt-1">These tables exist here and in the models, but no migration creates them.</p>
          <ul className="mt-2 font-mono">
            {detail.untrackedByMigrations.map((t) => <li key={t}>{t}</li>)}
          </ul>
        </div>
      )}
      {detail.checked && <CouldNotCheck replayProblems={[]} unverified={detail.unchecked} />}
    </Section>
  );
}
