import { QueryClient, isServer } from '@tanstack/react-query';
import { retryUnlessClientError } from '@/lib/app/fetch-json';

function makeQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: { staleTime: 5_000, retry: retryUnlessClientError },
    },
  });
}

let browserClient: QueryClient | undefined;

/** A new client per server request (no data shared between users); one for the browser's lifetime. */
export function getQueryClient(): QueryClient {
  if (isServer) return makeQueryClient();
  return (browserClient ??= makeQueryClient());
}
