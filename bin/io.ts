import { redactText } from '../lib/db/redact';

/** Where a command writes; tests pass their own. */
export interface Io {
  out(text: string): void;
  err(text: string): void;
}

export const processIo: Io = {
  out: (text) => void process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
  err: (text) => void process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
};

/** Exit codes shared by every command. */
export const EXIT = { ok: 0, fail: 1, usage: 2 } as const;

/** A problem with how the command was called: printed on one line, exit 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export function oneLine(text: string): string {
  return redactText(text.split('\n').map((l) => l.trim()).filter(Boolean)[0] ?? text);
}

export function printJson(io: Io, value: unknown): void {
  io.out(JSON.stringify(value, null, 2));
}
