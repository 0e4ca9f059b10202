/** Browser-side GET of a Driftboard API route; a non-2xx answer throws with the API's own message. Client-safe. */
export class ApiRequestError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = 'ApiRequestError';
  }
}

export async function fetchJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  const res = await fetch(path, { signal, headers: { accept: 'application/json' } });
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as { error?: string } | null;
    throw new ApiRequestError(body?.error ?? `${res.status} ${res.statusText}`, res.status);
  }
  return (await res.json()) as T;
}

/** Retry server hiccups, never a 4xx: asking again will not make bad input good. */
export function retryUnlessClientError(failureCount: number, error: unknown): boolean {
  if (error instanceof ApiRequestError && error.status >= 400 && error.status < 500) return false;
  return failureCount < 2;
}
