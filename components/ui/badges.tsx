import type { RiskLevel } from '@/lib/model/risk';
import type { EnvironmentHealth } from '@/lib/app/types';

const RISK_STYLE: Record<RiskLevel, string> = {
  low: 'bg-emerald-100 text-emerald-800 ring-emerald-300',
  medium: 'bg-amber-100 text-amber-900 ring-amber-300',
  high: 'bg-orange-100 text-orange-900 ring-orange-400',
  critical: 'bg-red-100 text-red-800 ring-red-400',
};

export function RiskBadge({ level }: { level: RiskLevel | null }) {
  if (!level) return <span className="text-slate-400">none</span>;
  return (
    <span className={`inline-flex shrink-0 items-center rounded px-1.5 py-0.5 text-xs font-semibold uppercase tracking-wide ring-1 ${RISK_STYLE[level]}`}>
      {level}
    </span>
  );
}

const STATUS_STYLE: Record<EnvironmentHealth, string> = {
  ok: 'bg-emerald-100 text-emerald-800',
  unreachable: 'bg-red-100 text-red-800',
  error: 'bg-red-100 text-red-800',
  busy: 'bg-amber-100 text-amber-900',
  pending: 'bg-slate-200 text-slate-700',
};

const STATUS_TEXT: Record<EnvironmentHealth, string> = {
  ok: 'ok',
  unreachable: 'unreachable',
  error: 'error',
  busy: 'busy (locked)',
  pending: 'not polled yet',
};

export function StatusBadge({ status }: { status: EnvironmentHealth }) {
  return <span className={`inline-flex rounded px-1.5 py-0.5 text-xs font-medium ${STATUS_STYLE[status]}`}>{STATUS_TEXT[status]}</span>;
}

export function ChangeBadge({ change }: { change: 'missing' | 'unexpected' | 'altered' }) {
  const style = change === 'missing' ? 'bg-red-50 text-red-800 ring-red-200' : change === 'unexpected' ? 'bg-blue-50 text-blue-800 ring-blue-200' : 'bg-amber-50 text-amber-900 ring-amber-200';
  return <span className={`inline-flex rounded px-1.5 py-0.5 text-xs font-medium ring-1 ${style}`}>{change}</span>;
}
