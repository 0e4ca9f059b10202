'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import type { DiffChoices, Ref } from '@/lib/app/types';
import { diffHref, refSchema } from '@/lib/app/refs';
import { formatTime, shortId } from '@/components/ui/format';

type Kind = Ref['type'];

const KIND_TEXT: Record<Kind, string> = { env: 'Environment now', expected: 'Expected at version', snapshot: 'Past snapshot', models: 'Models (ORM)' };

/** The kinds this project can offer: "models" only when the config has `models`. */
export function offeredKinds(choices: DiffChoices): Kind[] {
  return (Object.keys(KIND_TEXT) as Kind[]).filter((k) => k !== 'models' || choices.models !== null);
}

function split(value: string | null, fallback: { kind: Kind; value: string }): { kind: Kind; value: string } {
  const parsed = value ? refSchema.safeParse(value) : null;
  if (!parsed?.success) return fallback;
  const r = parsed.data;
  if (r.type === 'env') return { kind: 'env', value: r.name };
  if (r.type === 'expected') return { kind: 'expected', value: r.version };
  if (r.type === 'models') return { kind: 'models', value: r.at };
  return { kind: 'snapshot', value: r.hash };
}

/** Two sides to compare; Compare writes them to the URL (left=…&right=…) so the diff can be shared. */
export function DiffPicker({ choices, left, right }: { choices: DiffChoices; left: string | null; right: string | null }) {
  const router = useRouter();
  const [l, setL] = useState(() => split(left, { kind: 'expected', value: 'head' }));
  const [r, setR] = useState(() => split(right, { kind: 'env', value: choices.environments[0] ?? '' }));

  return (
    <form
      aria-label="Choose what to compare"
      className="flex flex-wrap items-end gap-4 rounded-lg border border-slate-200 bg-white p-4 shadow-sm"
      onSubmit={(e) => {
        e.preventDefault();
        router.push(diffHref(`${l.kind}:${l.value}`, `${r.kind}:${r.value}`, choices.project));
      }}
    >
      <SidePicker side="Left" hint="expected" choice={l} onChange={setL} choices={choices} />
      <button
        type="button"
        aria-label="Swap sides"
        onClick={() => {
          setL(r);
          setR(l);
        }}
        className="rounded border border-slate-300 px-2 py-1.5 text-sm hover:bg-slate-50"
      >
        ⇄
      </button>
      <SidePicker side="Right" hint="actual" choice={r} onChange={setR} choices={choices} />
      <button type="submit" disabled={!l.value || !r.value} className="rounded bg-blue-700 px-4 py-1.5 text-sm font-medium text-white hover:bg-blue-800 disabled:opacity-50">
        Compare
      </button>
    </form>
  );
}

function SidePicker({
  side,
  hint,
  choice,
  onChange,
  choices,
}: {
  side: 'Left' | 'Right';
  hint: string;
  choice: { kind: Kind; value: string };
  onChange: (c: { kind: Kind; value: string }) => void;
  choices: DiffChoices;
}) {
  const defaults: Record<Kind, string> = { env: choices.environments[0] ?? '', expected: 'head', snapshot: choices.snapshots[0]?.hash ?? '', models: 'current' };
  const label = { env: 'Environment', expected: 'Version', snapshot: 'Snapshot', models: 'Models' }[choice.kind];
  const select = 'mt-1 block rounded border border-slate-300 bg-white px-2 py-1.5 text-sm';
  return (
    <fieldset className="flex flex-wrap gap-2">
      <legend className="mb-1 text-sm font-medium">
        {side} <span className="font-normal text-slate-500">({hint})</span>
      </legend>
      <label className="text-xs text-slate-600">
        Kind
        <select aria-label={`${side} kind`} className={select} value={choice.kind} onChange={(e) => onChange({ kind: e.target.value as Kind, value: defaults[e.target.value as Kind] })}>
          {offeredKinds(choices).map((k) => (
            <option key={k} value={k}>
              {KIND_TEXT[k]}
            </option>
          ))}
        </select>
      </label>
      <label className="text-xs text-slate-600">
        {label}
        <select aria-label={`${side} ${label.toLowerCase()}`} className={`${select} max-w-md`} value={choice.value} onChange={(e) => onChange({ ...choice, value: e.target.value })}>
          {choice.kind === 'env' &&
            choices.environments.map((e) => (
              <option key={e} value={e}>
                {e}
              </option>
            ))}
          {choice.kind === 'expected' && (
            <>
              <option value="head">head</option>
              {[...choices.versions].reverse().map((v) => (
                <option key={v.id} value={v.id}>
                  {shortId(v.id)} — {v.description}
                </option>
              ))}
            </>
          )}
          {choice.kind === 'models' && <option value="current">as the files say now ({choices.models?.orm ?? 'not configured'})</option>}
          {choice.kind === 'snapshot' &&
            (choices.snapshots.length === 0 ? (
              <option value="">no snapshots yet</option>
            ) : (
              choices.snapshots.map((s) => (
                <option key={`${s.environment}:${s.hash}`} value={s.hash}>
                  {s.environment} · {formatTime(s.lastSeen)} · {shortId(s.version)} · {s.hash.slice(0, 8)}
                </option>
              ))
            ))}
        </select>
      </label>
    </fieldset>
  );
}
