/**
 * Passwords must never reach output, logs, the browser or the history store.
 * Every message that may carry a connection URL or driver error goes through here.
 */
const URL_WITH_PASSWORD = /([a-z][a-z0-9+.-]*:\/\/[^:/?#@\s]*:)([^@/\s]*)@/gi;

/** `postgres://u:secret@h/db` → `postgres://u:***@h/db`. Leaves URLs without a password alone. */
export function redactUrl(url: string): string {
  return url.replace(URL_WITH_PASSWORD, '$1***@');
}

/** Removes every URL password, and every given secret, from free text. */
export function redactText(text: string, secrets: readonly string[] = []): string {
  let out = redactUrl(text);
  for (const secret of secrets) {
    if (secret && secret.length >= 3) out = out.split(secret).join('***');
  }
  return out.replace(/password=[^\s&]+/gi, 'password=***');
}

/** The password of a URL (decoded), for redactText; empty when it has none or is not a URL. */
export function passwordOf(url: string): string {
  try {
    const u = new URL(url);
    return u.password ? decodeURIComponent(u.password) : '';
  } catch {
    return '';
  }
}
