import Link from 'next/link';
import type { HistoryEvent, StoredEvent } from '@/lib/app/types';
import { EmptyState, Section } from '@/components/ui/panels';
import { formatTime, shortId } from '@/components/ui/format';
import { diffHref } from '@/lib/app/refs';

const EVENT_TEXT: Record<StoredEvent['type'], string> = {
  'migration-applied': 'Migration applied',
  'changed-outside-migrations': 'Changed outside the migrations',
  unreachable: 'Became unreachable',
  recovered: 'Recovered',
};

export function eventHref(e: StoredEvent | HistoryEvent): string | null {
  if ('diffHref' in e) return e.diffHref;
  return e.fromHash && e.toHash && e.fromHash !== e.toHash ? diffHref({ type: 'snapshot', hash: e.fromHash }, { type: 'snapshot', hash: e.toHash }) : null;
}

/** Events newest first; each schema-changing event links to the diff between the snapshots around it. */
export function EventList({ events, title }: { events: Array<StoredEvent | HistoryEvent>; title: string }) {
  return (
    <Section title={title} id="events">
      {events.length === 0 ? (
        <EmptyState>No events yet: nothing has changed since polling began.</EmptyState>
      ) : (
        <ol aria-label="Events" className="divide-y divide-slate-100 text-sm">
          {events.map((e) => {
            const href = eventHref(e);
            return (
              <li key={e.id} className="flex flex-wrap items-baseline gap-x-3 gap-y-1 py-2">
                <time dateTime={e.at} className="w-40 shrink-0 text-xs text-slate-500">
                  {formatTime(e.at)}
                </time>
                <span className="font-medium">{EVENT_TEXT[e.type]}</span>
                {e.type === 'migration-applied' && !e.detail && (
                  <span className="font-mono text-xs">
                    {shortId(e.fromVersion)} → {shortId(e.toVersion)}
                  </span>
                )}
                {e.detail && <span className="text-slate-600">{e.detail}</span>}
                {href && (
                  <Link href={href} className="ml-auto text-blue-700 underline" aria-label={`View diff for ${EVENT_TEXT[e.type].toLowerCase()} at ${formatTime(e.at)}`}>
                    View diff
                  </Link>
                )}
              </li>
            );
          })}
        </ol>
      )}
    </Section>
  );
}
