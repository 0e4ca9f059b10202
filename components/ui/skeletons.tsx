/** Placeholders shown while a read is in flight: the shape of what is coming, not a spinner. */
export function LineSkeleton({ width = 'w-full' }: { width?: string }) {
  return <div className={`h-4 animate-pulse rounded bg-slate-200 ${width}`} />;
}

export function TableSkeleton({ rows = 3, label = 'Loading' }: { rows?: number; label?: string }) {
  return (
    <div role="status" aria-label={label} className="space-y-3 rounded-lg border border-slate-200 bg-white p-4">
      <LineSkeleton width="w-1/3" />
      {Array.from({ length: rows }, (_, i) => (
        <LineSkeleton key={i} />
      ))}
    </div>
  );
}

export function PageSkeleton({ label = 'Loading' }: { label?: string }) {
  return (
    <div className="space-y-4">
      <LineSkeleton width="w-64" />
      <TableSkeleton rows={4} label={label} />
      <TableSkeleton rows={3} label={`${label} (more)`} />
    </div>
  );
}
