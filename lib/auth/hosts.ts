/** Loopback names a local browser uses; any port. */
const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

export function isLoopbackAddress(host: string): boolean {
  return LOOPBACK.has(host.toLowerCase()) || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/** The host part of a Host header (`[::1]:3000` → `[::1]`, `a.example:443` → `a.example`). */
export function hostnameOf(hostHeader: string): string {
  const h = hostHeader.trim().toLowerCase();
  if (h.startsWith('[')) return h.slice(0, h.indexOf(']') + 1);
  return h.replace(/:\d+$/, '');
}

/**
 * Whether a request naming `hostHeader` may be served: loopback, or one of `allowed` (host or host:port).
 * Anything else is a DNS-rebinding page or a misrouted request and gets no data.
 */
export function isAllowedHost(hostHeader: string | null, allowed: readonly string[]): boolean {
  if (!hostHeader) return false;
  const h = hostHeader.trim().toLowerCase();
  if (isLoopbackAddress(hostnameOf(h))) return true;
  return allowed.some((a) => a === h || a === hostnameOf(h));
}
