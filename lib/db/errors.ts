import { redactText } from './redact';

/** Raised when a target cannot be reached: refused, DNS, authentication, timeout. */
export class UnreachableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'UnreachableError';
  }
}

const CONNECTION_CODES: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'host not found (DNS)',
  EAI_AGAIN: 'host not found (DNS)',
  ETIMEDOUT: 'connection timed out',
  ECONNRESET: 'connection reset',
  EHOSTUNREACH: 'host unreachable',
  '28P01': 'authentication failed',
  '28000': 'authentication rejected',
  '3D000': 'database does not exist',
};

/** Turns a driver error into one short line with no password in it; tells whether it means "unreachable". */
export function describeDbError(err: unknown, secrets: readonly string[] = []): { message: string; unreachable: boolean } {
  const e = err as { code?: string; message?: string; errors?: Array<{ code?: string }> } | undefined;
  const code = e?.code ?? e?.errors?.[0]?.code;
  const raw = e?.message || String(err);
  if (code && CONNECTION_CODES[code]) {
    return { message: redactText(`${CONNECTION_CODES[code]}: ${raw}`, secrets), unreachable: true };
  }
  // The README's promise: an environment that does not answer in time is `unreachable`, whether it hangs
  // while connecting (pg says "timeout expired") or while a catalog query runs (statement_timeout).
  if (/canceling statement due to statement timeout/i.test(raw)) {
    return { message: redactText(`statement timed out: ${raw}`, secrets), unreachable: true };
  }
  if (/^Query read timeout$/i.test(raw)) {
    return { message: redactText(`statement timed out: ${raw}`, secrets), unreachable: true };
  }
  if ((/timeout|timed out/i.test(raw) && /connect/i.test(raw)) || /^timeout expired$/i.test(raw)) {
    return { message: redactText(`connection timed out: ${raw}`, secrets), unreachable: true };
  }
  if (/Connection terminated|connect ECONN|getaddrinfo/i.test(raw)) {
    return { message: redactText(raw, secrets), unreachable: true };
  }
  return { message: redactText(raw, secrets), unreachable: false };
}
