import type { TableDrift } from '@/lib/app/types';
import { EmptyState, Section } from '@/components/ui/panels';
import type { UncheckedAttribute } from '@/lib/model/diff';
import type { ReplayProblem } from '@/lib/model/status';
import { DriftGroups } from './drift-groups';
import { CouldNotCheck, uncertaintyText } from './could-not-check';

/**
 * Drift against the expected schema at the environment's version, one block per table or schema (filterable by kind), then what could
 * not be checked (replay problems, unchecked attributes): "could not check" is never "no drift".
 */
export function DriftByTable({
  groups,
  checked,
  replayProblems = [],
  unverified = [],
}: {
  groups: TableDrift[];
  checked: boolean;
  replayProblems?: readonly ReplayProblem[];
  unverified?: readonly UncheckedAttribute[];
}) {
  const total = groups.reduce((n, g) => n + g.changes.length, 0);
  const unsure = checked ? uncertaintyText(replayProblems, unverified) : '';
  return (
    <Section title={checked ? `Drift (${total})` : 'Drift'} id="drift">
      {!checked ? (
        <EmptyState>Drift is not known: the environment has not been read successfully.</EmptyState>
      ) : groups.length === 0 ? (
        <EmptyState>
          {unsure
            ? `No drift in what could be checked; ${unsure} (see below).`
            : 'No drift: the schema matches what the migrations produce at this version.'}
        </EmptyState>
      ) : (
        <DriftGroups groups={groups} />
      )}
      {checked && <CouldNotCheck replayProblems={replayProblems} unverified={unverified} />}
    </Section>
  );
}
