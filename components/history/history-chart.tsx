'use client';

import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { HistoryPoint } from '@/lib/app/types';
import { formatTime, shortId } from '@/components/ui/format';
import { hasModelDrift } from './model-line';

/** Version position, pending count and drift count per poll, on one time axis. */
export function HistoryChart({ points, versions }: { points: HistoryPoint[]; versions: string[] }) {
  const data = points.map((p) => ({ ...p, t: new Date(p.at).getTime() }));
  const last = points[points.length - 1];
  const withModels = hasModelDrift(points);
  return (
    <figure aria-label="History chart" className="space-y-2">
      <div className="h-80 w-full">
        <ResponsiveContainer width="100%" height="100%">
          <LineChart data={data} margin={{ top: 8, right: 24, bottom: 8, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
            <XAxis
              dataKey="t"
              type="number"
              scale="time"
              domain={['dataMin', 'dataMax']}
              tickFormatter={(t: number) => new Date(t).toISOString().slice(5, 16).replace('T', ' ')}
              fontSize={12}
            />
            <YAxis yAxisId="version" allowDecimals={false} fontSize={12} label={{ value: 'version #', angle: -90, position: 'insideLeft', fontSize: 12 }} />
            <YAxis yAxisId="count" orientation="right" allowDecimals={false} fontSize={12} />
            <Tooltip
              labelFormatter={(t) => formatTime(new Date(Number(t)).toISOString())}
              formatter={(value, name, item) => {
                const p = (item as { payload?: HistoryPoint }).payload;
                if (name === 'Version' && p) return [`${value ?? '—'} (${shortId(p.version)})`, name];
                return [value ?? '—', name];
              }}
            />
            <Legend />
            <Line yAxisId="version" type="stepAfter" dataKey="versionIndex" name="Version" stroke="#1d4ed8" strokeWidth={2} dot={false} connectNulls={false} isAnimationActive={false} />
            <Line yAxisId="count" type="stepAfter" dataKey="pendingCount" name="Pending" stroke="#d97706" strokeWidth={2} dot={false} isAnimationActive={false} />
            <Line yAxisId="count" type="stepAfter" dataKey="driftCount" name="Drift" stroke="#dc2626" strokeWidth={2} dot={false} isAnimationActive={false} />
            {withModels && (
              <Line yAxisId="count" type="stepAfter" dataKey="modelDriftCount" name="Model drift" stroke="#7c3aed" strokeWidth={2} strokeDasharray="6 3" dot={false} isAnimationActive={false} />
            )}
          </LineChart>
        </ResponsiveContainer>
      </div>
      <figcaption className="text-xs text-slate-600">
        {points.length} polls from {formatTime(points[0].at)} to {formatTime(last.at)}. Version # is the position of the applied migration
        in apply order (of {versions.length}); gaps are polls that could not read the environment{withModels ? ' (or, for model drift, could not compare with the models)' : ''}.
      </figcaption>
    </figure>
  );
}

