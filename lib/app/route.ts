import { ZodError } from 'zod';
import { UserInputError } from '../model/errors';
import { redactText } from '../db/redact';
import { AppStartError, NotFoundError } from './errors';
import { BadRequestError, ForbiddenError, UnauthorizedError } from '../auth/errors';
import { authorize, type Principal } from '../auth/principal';
import { publicText } from '../auth/public-text';
import type { Role } from '../auth/settings';

/** The body of every error the API sends. */
export interface ApiError {
  error: string;
  issues?: Array<{ path: string; message: string }>;
}

/**
 * The one error mapper for route handlers: bad input → 422, unknown name → 404, malformed request → 400,
 * no sign-in → 401, role too low → 403, app not started (bad config) → 503 with its message, anything else → a generic 500 whose detail stays in the server log.
 * A handler returns a plain value (sent as JSON) or a Response.
 */
export function route<Ctx>(
  handler: (request: Request, context: Ctx, principal: Principal) => Promise<unknown>,
  options: { role?: Role } = {},
) {
  return async (request: Request, context: Ctx): Promise<Response> => {
    try {
      // proxy.ts refuses first; this is the check no route can forget (sign-in off: an anonymous admin).
      const principal = await authorize(request.headers, options.role ?? 'viewer');
      const result = await handler(request, context, principal);
      if (result instanceof Response) return result;
      return Response.json(result, { headers: { 'cache-control': 'no-store' } });
    } catch (err) {
      return errorResponse(err, request);
    }
  };
}

export function errorResponse(err: unknown, request?: Request): Response {
  const { status, body } = describeError(err);
  if (status === 500) {
    const where = request ? ` ${request.method} ${new URL(request.url).pathname}` : '';
    console.error(`driftboard: internal error${where}:`, redactText(err instanceof Error ? (err.stack ?? err.message) : String(err)));
  }
  return Response.json(body, { status, headers: { 'cache-control': 'no-store' } });
}

/** Status and user-facing body for an error; shared with the pages' error boundaries. */
export function describeError(err: unknown): { status: number; body: ApiError } {
  if (err instanceof ZodError) {
    const issues = err.issues.map((i) => ({ path: i.path.join('.') || '(input)', message: i.message }));
    return { status: 422, body: { error: issues.map((i) => `${i.path}: ${i.message}`).join('; '), issues } };
  }
  // Messages a viewer sees: no server paths, no internal host:port (lib/auth/public-text.ts).
  if (is(err, UserInputError, 'UserInputError')) return { status: 422, body: { error: publicText(redactText(err.message)) } };
  if (is(err, NotFoundError, 'NotFoundError')) return { status: 404, body: { error: publicText(err.message) } };
  if (is(err, UnauthorizedError, 'UnauthorizedError')) return { status: 401, body: { error: err.message } };
  if (is(err, ForbiddenError, 'ForbiddenError')) return { status: 403, body: { error: err.message } };
  if (is(err, BadRequestError, 'BadRequestError')) return { status: 400, body: { error: err.message } };
  if (is(err, AppStartError, 'AppStartError')) return { status: 503, body: { error: publicText(redactText(err.message)) } };
  return { status: 500, body: { error: 'Internal error: the details are in the server log.' } };
}

/**
 * instanceof, or the same error name (set as a literal, so minifying does not change it): the app context is created in the instrumentation bundle, whose copy
 * of these classes is not the one a route's bundle imports.
 */
function is<T extends Error>(err: unknown, type: new (...args: never[]) => T, name: string): err is T {
  return err instanceof type || (err instanceof Error && err.name === name);
}
