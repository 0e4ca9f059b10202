import { notFound } from 'next/navigation';
import { describeError } from './route';
import { NotFoundError } from './errors';

export type PageRead<T> = { ok: true; data: T } | { ok: false; status: number; message: string };

/**
 * Runs a lib/app read for a page with the API's error mapping: an unknown name is the 404 page, bad input
 * or a bad config is a message shown in place, anything else goes to the route's error boundary.
 */
export async function readForPage<T>(read: () => Promise<T>): Promise<PageRead<T>> {
  try {
    return { ok: true, data: await read() };
  } catch (err) {
    if (err instanceof NotFoundError || (err instanceof Error && err.name === 'NotFoundError')) notFound();
    const { status, body } = describeError(err);
    if (status === 500) throw err;
    return { ok: false, status, message: body.error };
  }
}
