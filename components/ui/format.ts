/** Display formatting shared by server and client components. */
import { formatBytes as bytesText, formatCount as countText } from '@/lib/format';

export function formatCount(n: number | null | undefined): string {
  return n === null || n === undefined ? '—' : countText(n);
}

export function formatBytes(bytes: number | null | undefined): string {
  return bytes === null || bytes === undefined ? '—' : bytesText(bytes);
}


/** `2025-03-01 14:05 UTC`: the same on server and client, so no hydration mismatch. */
export function formatTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  return `${iso.slice(0, 16).replace('T', ' ')} UTC`;
}

export function formatAgo(iso: string | null | undefined, now = Date.now()): string {
  if (!iso) return 'never';
  const s = Math.max(0, Math.round((now - new Date(iso).getTime()) / 1000));
  if (s < 60) return `${s}s ago`;
  if (s < 3600) return `${Math.round(s / 60)} min ago`;
  if (s < 86_400) return `${Math.round(s / 3600)} h ago`;
  return `${Math.round(s / 86_400)} d ago`;
}

export function shortId(id: string | null | undefined, n = 12): string {
  if (!id) return '—';
  return id.length > n ? id.slice(0, n) : id;
}
