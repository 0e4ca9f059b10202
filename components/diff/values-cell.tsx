import { valueParts } from './values';

/**
 * One side's values: short attributes on one `key: value · …` line, then each definition (function body,
 * trigger / rule / view definition, policy USING / WITH CHECK) as a block that wraps and keeps its
 * whitespace, so the two sides' definitions read line by line next to each other.
 */
export function ValuesCell({ values, skipNulls }: { values: Record<string, unknown> | null; skipNulls: boolean }) {
  if (!values) return <>—</>;
  const parts = valueParts(values, skipNulls);
  if (parts.length === 0) return <>present</>;
  const inline = parts.filter((p) => !p.block);
  const blocks = parts.filter((p) => p.block);
  return (
    <>
      {inline.length > 0 && <span className="break-words">{inline.map((p) => `${p.key}: ${p.text}`).join(' · ')}</span>}
      {blocks.map((p) => (
        <div key={p.key} className="mt-1">
          <span className="text-slate-500">{p.key}:</span>{' '}
          <pre aria-label={p.key} className="mt-0.5 max-h-96 overflow-auto whitespace-pre-wrap break-words rounded bg-slate-50 p-1.5">{p.text}</pre>
        </div>
      ))}
    </>
  );
}
