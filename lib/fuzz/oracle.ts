/**
 * The property every loader and parser of user input must keep (issue 11, "Faults and bad input"): it
 * either succeeds or throws a UserInputError whose message names the file (and line when it knows it) —
 * never a stack overflow, never `[object Object]`, never another kind of error.
 */
import { UserInputError } from '../model/errors';

/** Fixed seed and bounded runs: the fuzz suite is part of `npm test` and must be repeatable and quick. */
export const FUZZ = { seed: 20261201, numRuns: 100 } as const;

export type Outcome<T> = { ok: true; value: T } | { ok: false; message: string };

/** Runs `step`; fails (throws an assertion-style Error) unless it succeeds or rejects as the property allows. */
export async function namedOrOk<T>(file: string, step: () => Promise<T>, needLine = false): Promise<Outcome<T>> {
  try {
    return { ok: true, value: await step() };
  } catch (error) {
    if (!(error instanceof UserInputError)) {
      throw new Error(`expected success or a UserInputError, got ${String((error as Error)?.name)}: ${String((error as Error)?.message).slice(0, 300)}`);
    }
    const message = error.message;
    if (/\[object Object\]|Maximum call stack/.test(message)) throw new Error(`unhelpful message: ${message.slice(0, 300)}`);
    for (const line of message.split('\n').filter((l) => l.trim() && !/^\d+ migration files cannot be read:$/.test(l))) {
      const pattern = needLine ? `${escape(file)}:\\d+: \\S` : `${escape(file)}(:\\d+)?: \\S`;
      if (!new RegExp(pattern).test(line)) throw new Error(`message does not name ${file}${needLine ? ':line' : ''}: ${line.slice(0, 300)}`);
    }
    return { ok: false, message };
  }
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
