/**
 * Bad input from the user (config, migration files, flags): the CLI prints `message` on one line and
 * exits 2; the API answers 422. `message` must already name the file:line, key or environment.
 */
export class UserInputError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'UserInputError';
  }
}
