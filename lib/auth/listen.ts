import type { AuthSettings } from './settings';
import { isLoopbackAddress } from './hosts';

/**
 * Whether the server may listen on `host`: loopback always; any other address only with sign-in configured,
 * or for the embedded demo (made-up data). Returns the one-line refusal, or null.
 */
export function listenRefusal(host: string, settings: AuthSettings): string | null {
  if (settings.error) return `driftboard: sign-in is misconfigured: ${settings.error}`;
  if (isLoopbackAddress(host.replace(/^\[|\]$/g, '')) || settings.enabled || settings.demo) return null;
  return (
    `driftboard: refusing to listen on ${host} without sign-in: configure "auth" in driftboard.config.json ` +
    `(or DRIFTBOARD_AUTH_ISSUER, _CLIENT_ID, _CLIENT_SECRET, _SECRET and DRIFTBOARD_PUBLIC_URL), or use HOST=127.0.0.1`
  );
}
