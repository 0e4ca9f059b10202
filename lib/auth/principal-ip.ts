/** The client's address as the server saw it (the first X-Forwarded-For hop behind a reverse proxy). */
export function sourceIp(headers: Headers): string | null {
  return headers.get('x-forwarded-for')?.split(',')[0].trim() || headers.get('x-real-ip') || null;
}
