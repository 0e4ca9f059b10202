import type { Finding } from '@/lib/model';
import { RiskBadge } from './badges';

/** A migration's findings: level, what happens, and what to do instead. */
export function FindingList({ findings }: { findings: ReadonlyArray<Pick<Finding, 'level' | 'message' | 'suggestion'>> }) {
  if (findings.length === 0) return null;
  return (
    <ul className="mt-2 space-y-1 text-sm">
      {findings.map((f, i) => (
        <li key={i} className="flex items-start gap-2">
          <RiskBadge level={f.level} />
          <span>
            {f.message}
            {f.suggestion && <span className="block text-slate-600">→ {f.suggestion}</span>}
          </span>
        </li>
      ))}
    </ul>
  );
}
